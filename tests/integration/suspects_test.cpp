// Containment over the real server: the units that passed a faulty unit's stage of origin, each
// filter (stamp, station, time window, product type, order) narrowing them to exactly the ones
// that match it; one action holds those still in the plant (their terminals then refuse to sign
// them off) and the shipped ones are exported as CSV for the service department's letters.
#include <doctest/doctest.h>

#include <set>

#include "integration/test_server.h"
#include "shared/system_clock.h"

namespace stampline::itest {

namespace {

constexpr std::int64_t kHourMs = 3'600'000;

struct Unit {
    std::string serial;
    std::string product;
    std::string order;
    std::string stamp;    // who signs ASSEMBLY off
    std::string station;  // where
    int hours_ago;        // when
    bool shipped;         // the rest of the route done too
};

// The units of the test, their ASSEMBLY signed as listed. The faulty one is F1.
const std::vector<Unit> kUnits = {
    {"F1", "KSO298", "Z1", "S7", "ST-ASM-1", 48, true},
    {"M1", "KSO298", "Z1", "S7", "ST-ASM-1", 47, true},   // matches every filter; shipped
    {"M2", "KSO298", "Z1", "S7", "ST-ASM-1", 46, false},  // matches every filter; in work
    {"X1", "KSO298", "Z1", "S7", "ST-ASM-2", 47, false},  // another station
    {"X2", "KSO298", "Z1", "S8", "ST-ASM-1", 47, false},  // another stamp
    {"X3", "KSO298", "Z1", "S7", "ST-ASM-1", 10, false},  // 38 h later
    {"X4", "KSO298", "Z2", "S7", "ST-ASM-1", 47, false},  // another order
    {"X5", "SHU", "Z1", "S7", "ST-ASM-1", 47, false},     // another product type
};

// Posts (as admin, an office import dated by its own times) the unit's sheet 72 h ago, its
// route up to ASSEMBLY by stamp ALL, ASSEMBLY as listed, and for a shipped unit the rest.
void make_unit(TestServer& s, const Unit& u) {
    const std::int64_t now = SystemClock().now().ms;
    std::int64_t at = now - 72 * kHourMs;
    const auto dated = [&](json e, std::int64_t ms) {
        e["terminal_time"] = format_utc(Timestamp{ms});
        return e;
    };
    json batch = json::array();
    batch.push_back(
        dated(s.events().make(
                  "sheet_issued", u.serial, "", "", "",
                  {{"product_type", u.product}, {"order", u.order}, {"actor", "planner:import"}}),
              at));
    const std::vector<std::string>& route = demo_plant().product(u.product)->route;
    bool past = false;
    for (std::size_t i = 0; i < route.size(); ++i) {
        const bool assembly = route[i] == "ASSEMBLY";
        if (past && !u.shipped) break;
        // Before ASSEMBLY: a minute apart from the sheet on; after it: the last minutes.
        const std::int64_t t = assembly ? now - u.hours_ago * kHourMs
                               : past   ? now - 60'000 * static_cast<std::int64_t>(20 - i)
                                        : at += 60'000;
        const std::string stamp = assembly ? u.stamp : "ALL";
        if (i > 0) {
            json a = s.events().accept(u.serial, u.product, route[i], stamp);
            if (assembly) a["station"] = u.station;
            batch.push_back(dated(a, t - 1000));
        }
        json o = s.events().sign_off(u.serial, route[i], stamp);
        if (assembly) o["station"] = u.station;
        batch.push_back(dated(o, t));
        if (assembly) past = true;
    }
    const Reply r = s.post_events(s.admin(), batch);
    REQUIRE(r.status == 200);
    for (const json& result : r.json["results"])
        REQUIRE_MESSAGE(result["status"] == "accepted", u.serial << ": " << result.dump());
}

std::set<std::string> serials_of(const json& units) {
    std::set<std::string> out;
    for (const json& u : units) out.insert(u["serial"].get<std::string>());
    return out;
}

}  // namespace

TEST_CASE(
    "suspect units: each filter keeps exactly the matching ones, one action holds those in the "
    "plant so their terminals refuse them, and the shipped ones are exported") {
    TestServer s;
    s.ensure_walker_stamp();
    s.stamp("S7", {"ASSEMBLY"});
    s.stamp("S8", {"ASSEMBLY"});
    for (const Unit& u : kUnits) make_unit(s, u);
    const std::string auditor = s.token("auditor");
    const std::string service = s.token("service");

    const auto suspects = [&](const std::string& filters) {
        const Reply r = s.api().get("/api/v1/suspects?serial=F1&stage=ASSEMBLY" + filters, auditor);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        return serials_of(r.json["units"]);
    };
    using Set = std::set<std::string>;
    CHECK(suspects("") == Set{"M1", "M2", "X1", "X2", "X3", "X4", "X5"});
    CHECK(suspects("&same_stamp=true") == Set{"M1", "M2", "X1", "X3", "X4", "X5"});
    CHECK(suspects("&same_station=true") == Set{"M1", "M2", "X2", "X3", "X4", "X5"});
    CHECK(suspects("&window_hours=24") == Set{"M1", "M2", "X1", "X2", "X4", "X5"});
    CHECK(suspects("&same_order=true") == Set{"M1", "M2", "X1", "X2", "X3", "X5"});
    CHECK(suspects("&same_product=true") == Set{"M1", "M2", "X1", "X2", "X3", "X4"});
    const std::string all =
        "&same_stamp=true&same_station=true&window_hours=24&same_order=true&same_product=true";
    CHECK(suspects(all) == Set{"M1", "M2"});
    const json where = s.api().get("/api/v1/suspects?serial=F1&stage=ASSEMBLY" + all, auditor).json;
    for (const json& u : where["units"]) {
        if (u["serial"] == "M1") CHECK(u["where"] == "shipped");
        if (u["serial"] == "M2") {
            CHECK(u["where"] == "in_work");
            CHECK(u["current_stage"] == "WIRING");
        }
    }
    // X3 is at WIRING: it has not passed ADJUST; NOPE is no unit.
    CHECK(s.api().get("/api/v1/suspects?serial=X3&stage=ADJUST", auditor).json["field"] == "stage");
    CHECK(s.api().get("/api/v1/suspects?serial=NOPE&stage=ADJUST", auditor).status == 404);
    CHECK(s.api()
              .get("/api/v1/suspects?serial=F1&stage=ASSEMBLY&window_hours=x", auditor)
              .json["field"] == "window_hours");

    // A complaint on F1 traced to ASSEMBLY; the hold takes every unit in the plant that matches.
    const Reply reg = s.api().post("/api/v1/complaints",
                                   {{"reason", "defect"},
                                    {"product_type", "KSO298"},
                                    {"serials", {"F1"}},
                                    {"lifecycle_stage", "installation"},
                                    {"customer", {{"organisation", "ООО «Сетевая компания»"}}},
                                    {"channel", "email"},
                                    {"description", "Не закреплён изолятор"}},
                                   service);
    REQUIRE_MESSAGE(reg.status == 201, reg.body);
    const std::string id = reg.json["id"];
    REQUIRE(
        s.api()
            .post("/api/v1/complaints/" + id + "/investigation", {{"engineer", "Сидоров"}}, service)
            .status == 200);
    const Reply decided = s.api().post("/api/v1/complaints/" + id + "/decision",
                                       {{"justified", "yes"},
                                        {"findings", "Изолятор не закреплён на сборке"},
                                        {"origin_stage", "ASSEMBLY"},
                                        {"nc_code", "MECH-02"}},
                                       service);
    REQUIRE_MESSAGE(decided.status == 200, decided.body);
    const Reply hold = s.api().post("/api/v1/complaints/" + id + "/hold-suspects",
                                    {{"same_stamp", true},
                                     {"same_station", true},
                                     {"window_hours", 24},
                                     {"same_order", true},
                                     {"same_product", true}},
                                    service);
    REQUIRE_MESSAGE(hold.status == 200, hold.body);
    CHECK(hold.json["held"] == json::array({"M2"}));
    CHECK(hold.json["shipped"] == json::array({"M1"}));
    const json m2 = s.api().get("/api/v1/units/M2/trail", auditor).json;
    CHECK(m2["on_hold"] == true);
    // Again from the CLI: nothing more to hold.
    const CommandResult again = admin_command(
        {"hold-suspects", id, "--server", "http://127.0.0.1:" + std::to_string(s.process().port()),
         "--token", service, "--same-stamp", "--same-station", "--window-hours", "24",
         "--same-order", "--same-product"});
    CHECK_MESSAGE(again.out.starts_with("suspects of F1 at ASSEMBLY: put on hold -; already on "
                                        "hold M2; shipped 1 (M1;"),
                  again.out << again.err);

    // The terminal at WIRING refuses M2's sign-off now.
    s.stamp("W1", {"WIRING"});
    const std::string wiring = s.token("terminal", "ST-WIR-1");
    json accept = s.events().accept("M2", "KSO298", "WIRING", "W1");
    const json answer = s.post_one(wiring, accept);
    CHECK(answer["status"] == "refused");
    CHECK(answer["reason"] == "unit_on_hold");

    // The shipped ones, for the letters to customers.
    const Reply csv = s.api().get(
        "/api/v1/suspects?serial=F1&stage=ASSEMBLY" + all + "&where=shipped&format=csv", service);
    REQUIRE(csv.status == 200);
    CHECK(csv.header("Content-Type").starts_with("text/csv"));
    CHECK(csv.body.find("\nM1,KSO298,Z1,S7,ST-ASM-1,") != std::string::npos);
    CHECK(csv.body.find("M2") == std::string::npos);
    CHECK(s.verify().exit_code == 0);
}

}  // namespace stampline::itest
