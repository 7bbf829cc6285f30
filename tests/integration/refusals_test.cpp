// One test per trail-rule refusal reachable over HTTP: each posts the event from the terminal of
// its station (or as admin for office acts), checks the reason code, and finds the refused event
// in GET /api/v1/quarantine with the same reason. Nothing refused enters the event log.
#include <doctest/doctest.h>

#include <map>

#include "integration/test_server.h"

namespace stampline::itest {

namespace {

class RefusalFixture {
public:
    RefusalFixture() { s.ensure_walker_stamp(); }

    // The terminal token of a plant station, or the admin token for office acts.
    std::string poster(const json& event) {
        const std::string station = event.value("station", "");
        if (station.empty() || !demo_plant().station(station)) return s.admin();
        auto it = terminals.find(station);
        if (it == terminals.end())
            it = terminals.emplace(station, s.token("terminal", station)).first;
        return it->second;
    }

    json accepted(const json& event) {
        const json r = s.post_one(poster(event), event);
        REQUIRE_MESSAGE(r["status"] == "accepted", r.dump());
        return r;
    }

    // Posts event, expects a refusal with `reason`, and finds it in the quarantine.
    json refused(const json& event, const std::string& reason) {
        const auto before = s.health()["events"].get<long>();
        const json r = s.post_one(poster(event), event);
        CHECK_MESSAGE(r["status"] == "refused", r.dump());
        CHECK_MESSAGE(r["reason"] == reason, r.dump());
        CHECK_FALSE(r["message"].get<std::string>().empty());
        CHECK_FALSE(r.contains("seq"));
        const json entry = s.quarantine_entry(event["id"]);
        REQUIRE_MESSAGE(!entry.is_null(), "event " << event["id"] << " is not in the quarantine");
        CHECK(entry["reason"] == reason);
        CHECK(entry["message"] == r["message"]);
        CHECK(entry["event"]["id"] == event["id"]);
        CHECK(entry["event"]["type"] == event["type"]);
        CHECK(entry["resolved"] == false);
        CHECK(s.health()["events"].get<long>() == before);
        return r;
    }

    json office(const std::string& type, const std::string& serial, const json& extra) {
        json e = s.events().make(type, serial, "", "", "", extra);
        e["actor"] = "auditor:petrova";
        return e;
    }

    json nc(const std::string& serial, const std::string& stage, const std::string& stamp,
            const json& fields = json::object()) {
        json body{{"code", "DOC-01"}, {"severity", "major"},     {"origin_stage", stage},
                  {"quantity", 1},    {"disposition", "rework"}, {"note", "found at " + stage}};
        for (const auto& f : fields.items()) body[f.key()] = f.value();
        return s.events().make("nc_raised", serial, station_for(stage), stage, stamp, body);
    }

    json follow_up(const std::string& type, const std::string& serial, const std::string& nc_id,
                   const std::string& stamp) {
        return s.events().make(type, serial, station_for("TZ"), "TZ", stamp, {{"nc", nc_id}});
    }

    TestServer s;
    std::map<std::string, std::string> terminals;
};

}  // namespace

TEST_SUITE("trail rule refusals over HTTP") {
    TEST_CASE_FIXTURE(RefusalFixture,
                      "an event for a serial without a sheet is refused unknown_unit") {
        refused(s.events().sign_off("NOSHEET1", "TZ", "ALL"), "unknown_unit");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "a second sheet_issued for a serial is refused sheet_already_issued") {
        s.sheet("R1");
        refused(office("sheet_issued", "R1", {{"product_type", "SHU"}, {"order", "Z9"}}),
                "sheet_already_issued");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "a sheet of an unknown product type is refused unknown_product_type") {
        refused(office("sheet_issued", "R2", {{"product_type", "NOPE"}, {"order", "Z9"}}),
                "unknown_product_type");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "a scan of a reprinted sheet's old copy is refused sheet_superseded") {
        s.sheet("R3");
        Reply reprint = s.api().post("/api/v1/sheets/R3/reprint", {{"reason", "torn"}}, s.admin());
        REQUIRE_MESSAGE(reprint.status == 200, reprint.body);
        CHECK(reprint.json["unit"]["sheet_version"] == 2);
        const json r = refused(s.events().sign_off("R3", "TZ", "ALL"), "sheet_superseded");
        CHECK(r["message"].get<std::string>().find("replaced on") != std::string::npos);
        json current = s.events().sign_off("R3", "TZ", "ALL");
        current["sheet_version"] = 2;
        accepted(current);
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "a sheet version never printed is refused unknown_sheet_version") {
        s.sheet("R4");
        json e = s.events().sign_off("R4", "TZ", "ALL");
        e["sheet_version"] = 2;
        refused(e, "unknown_sheet_version");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "a reprint skipping a version is refused bad_reprint_version") {
        s.sheet("R5");
        refused(office("sheet_reprinted", "R5", {{"new_version", 3}, {"reason", "lost"}}),
                "bad_reprint_version");
    }

    TEST_CASE_FIXTURE(RefusalFixture, "an office act naming nobody is refused actor_missing") {
        s.sheet("R6");
        json e = office("unit_held", "R6", {{"reason", "audit"}});
        e["actor"] = "";
        refused(e, "actor_missing");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "an act at a station outside the plant is refused unknown_station") {
        s.sheet("R7");
        refused(s.events().make("stage_signed_off", "R7", "ST-NOWHERE", "TZ", "ALL"),
                "unknown_station");
    }

    TEST_CASE_FIXTURE(
        RefusalFixture,
        "a station signing a stage it does not sit at is refused station_not_at_stage") {
        s.sheet("R8");
        refused(s.events().make("stage_signed_off", "R8", "ST-ASM-1", "TZ", "ALL"),
                "station_not_at_stage");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "a stage outside the product's route is refused stage_not_in_route") {
        s.sheet("R9", "SHU");  // control panels skip machining
        refused(s.events().sign_off("R9", "MACHINING", "ALL"), "stage_not_in_route");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "acceptance at the first stage of a route is refused no_control_point") {
        s.sheet("R10");
        refused(s.events().make("stage_accepted", "R10", "ST-TZ-1", "TZ", "ALL",
                                {{"checks", json::array()}}),
                "no_control_point");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "signing a stage before the previous one is refused stage_out_of_order") {
        s.sheet("R11");
        refused(s.events().sign_off("R11", "DESIGN", "ALL"), "stage_out_of_order");
    }

    TEST_CASE_FIXTURE(RefusalFixture, "accepting a stage twice is refused stage_already_accepted") {
        s.sheet("R12");
        s.walk("R12", "SHU", "DESIGN");
        accepted(s.events().accept("R12", "SHU", "DESIGN", "ALL"));
        refused(s.events().accept("R12", "SHU", "DESIGN", "ALL"), "stage_already_accepted");
    }

    TEST_CASE_FIXTURE(
        RefusalFixture,
        "signing a stage that has not accepted the unit is refused stage_not_accepted") {
        s.sheet("R13");
        s.walk("R13", "SHU", "DESIGN");
        refused(s.events().sign_off("R13", "DESIGN", "ALL"), "stage_not_accepted");
    }

    TEST_CASE_FIXTURE(RefusalFixture, "signing a stage twice is refused stage_already_signed") {
        s.sheet("R14");
        s.walk("R14", "SHU", "DESIGN");
        const json r = refused(s.events().sign_off("R14", "TZ", "ALL"), "stage_already_signed");
        CHECK(r["message"].get<std::string>().find("ALL") != std::string::npos);
    }

    TEST_CASE_FIXTURE(
        RefusalFixture,
        "an acceptance without every check answered is refused checklist_missing_item") {
        s.sheet("R15");
        s.walk("R15", "SHU", "DESIGN");
        json e = s.events().accept("R15", "SHU", "DESIGN", "ALL");
        e["checks"].erase(e["checks"].size() - 1);
        refused(e, "checklist_missing_item");
    }

    TEST_CASE_FIXTURE(
        RefusalFixture,
        "an acceptance with a check not on the checklist is refused checklist_unknown_item") {
        s.sheet("R16");
        s.walk("R16", "SHU", "DESIGN");
        json e = s.events().accept("R16", "SHU", "DESIGN", "ALL");
        e["checks"].push_back({{"item", "BOGUS"}, {"pass", true}});
        refused(e, "checklist_unknown_item");
    }

    TEST_CASE_FIXTURE(RefusalFixture, "a sign-off without a stamp is refused stamp_missing") {
        s.sheet("R17");
        refused(s.events().sign_off("R17", "TZ", ""), "stamp_missing");
    }

    TEST_CASE_FIXTURE(RefusalFixture, "a stamp not in the registry is refused stamp_unknown") {
        s.sheet("R18");
        refused(s.events().sign_off("R18", "TZ", "999"), "stamp_unknown");
    }

    TEST_CASE_FIXTURE(RefusalFixture, "a suspended stamp is refused stamp_suspended") {
        s.sheet("R19");
        s.stamp("201", {"TZ"});
        REQUIRE(s.api().post("/api/v1/stamps/201/suspend", json::object(), s.admin()).status ==
                200);
        refused(s.events().sign_off("R19", "TZ", "201"), "stamp_suspended");
    }

    TEST_CASE_FIXTURE(RefusalFixture, "a revoked stamp is refused stamp_revoked") {
        s.sheet("R20");
        s.stamp("202", {"TZ"});
        REQUIRE(s.api().post("/api/v1/stamps/202/revoke", json::object(), s.admin()).status == 200);
        refused(s.events().sign_off("R20", "TZ", "202"), "stamp_revoked");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "a stamp past its attestation date is refused stamp_attestation_expired") {
        s.sheet("R21");
        s.stamp("203", {"TZ"}, "2020-01-31");
        refused(s.events().sign_off("R21", "TZ", "203"), "stamp_attestation_expired");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "a stamp not covering the stage is refused stamp_not_covering_stage") {
        s.sheet("R22");
        s.stamp("204", {"DESIGN"});
        refused(s.events().sign_off("R22", "TZ", "204"), "stamp_not_covering_stage");
    }

    TEST_CASE_FIXTURE(RefusalFixture, "signing a unit on hold is refused unit_on_hold") {
        s.sheet("R23");
        accepted(office("unit_held", "R23", {{"reason", "customer complaint review"}}));
        const json r = refused(s.events().sign_off("R23", "TZ", "ALL"), "unit_on_hold");
        CHECK(r["message"].get<std::string>().find("customer complaint review") !=
              std::string::npos);
    }

    TEST_CASE_FIXTURE(RefusalFixture, "releasing a unit not on hold is refused unit_not_on_hold") {
        s.sheet("R24");
        refused(office("unit_released", "R24", {{"note", "ok"}}), "unit_not_on_hold");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "signing with an open major nonconformance is refused open_blocking_nc") {
        s.sheet("R25");
        accepted(nc("R25", "TZ", "ALL"));
        refused(s.events().sign_off("R25", "TZ", "ALL"), "open_blocking_nc");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "a nonconformance code outside the catalog is refused nc_unknown_code") {
        s.sheet("R26");
        refused(nc("R26", "TZ", "ALL", {{"code", "ZZZ-99"}}), "nc_unknown_code");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "an unconfigured disposition is refused nc_unknown_disposition") {
        s.sheet("R27");
        refused(nc("R27", "TZ", "ALL", {{"disposition", "burn"}}), "nc_unknown_disposition");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "an origin stage outside the route is refused nc_origin_not_in_route") {
        s.sheet("R28", "SHU");
        refused(nc("R28", "TZ", "ALL", {{"origin_stage", "MACHINING"}}), "nc_origin_not_in_route");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "an origin after the detecting stage is refused nc_origin_after_detection") {
        s.sheet("R29");
        refused(nc("R29", "TZ", "ALL", {{"origin_stage", "DESIGN"}}), "nc_origin_after_detection");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "correcting a nonconformance not on the unit is refused nc_not_found") {
        s.sheet("R30");
        refused(follow_up("nc_corrected", "R30", s.events().new_id(), "ALL"), "nc_not_found");
    }

    TEST_CASE_FIXTURE(RefusalFixture, "correcting a nonconformance twice is refused nc_not_open") {
        s.sheet("R31");
        const json raised = nc("R31", "TZ", "ALL");
        accepted(raised);
        accepted(follow_up("nc_corrected", "R31", raised["id"], "ALL"));
        refused(follow_up("nc_corrected", "R31", raised["id"], "ALL"), "nc_not_open");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "verifying an uncorrected nonconformance is refused nc_not_corrected") {
        s.sheet("R32");
        const json raised = nc("R32", "TZ", "ALL");
        accepted(raised);
        refused(follow_up("nc_verified", "R32", raised["id"], "ALL"), "nc_not_corrected");
    }

    TEST_CASE_FIXTURE(RefusalFixture,
                      "verifying one's own correction is refused nc_self_verification") {
        s.sheet("R33");
        s.stamp("205", {"TZ"});
        const json raised = nc("R33", "TZ", "ALL");
        accepted(raised);
        accepted(follow_up("nc_corrected", "R33", raised["id"], "205"));
        refused(follow_up("nc_verified", "R33", raised["id"], "205"), "nc_self_verification");
        accepted(follow_up("nc_verified", "R33", raised["id"], "ALL"));
    }

}  // TEST_SUITE

}  // namespace stampline::itest
