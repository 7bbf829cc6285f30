// One identity rule on every path (shared/identity.h): a right-to-left override (U+202E) or another
// Unicode format character in a serial, order, product type, stamp id, stage, checklist item or
// NC code is refused with its reason, kept in the quarantine when it came in an event, and never
// enters the chain; the server's messages show it as a code point, never raw.
#include <doctest/doctest.h>

#include "integration/test_server.h"

namespace stampline::itest {

namespace {

const std::string kRlo = "\u202E";

// Posts e, expects invalid_identity naming `field`, kept in the quarantine, the log unchanged.
void refused_as_identity(TestServer& s, const std::string& token, const json& e,
                         const std::string& field) {
    const auto events = s.health()["events"].get<long>();
    const json r = s.post_one(token, e);
    CHECK_MESSAGE(r["status"] == "refused", r.dump());
    CHECK_MESSAGE(r["reason"] == "invalid_identity", r.dump());
    const std::string message = r["message"].get<std::string>();
    CHECK_MESSAGE(message.rfind(field + " '", 0) == 0, message);
    CHECK_MESSAGE(message.find("U+202E") != std::string::npos, message);
    CHECK_MESSAGE(message.find(kRlo) == std::string::npos, message);
    const json q = s.quarantine_entry(e["id"].get<std::string>());
    REQUIRE_MESSAGE(q.is_object(), e.dump());
    CHECK(q["reason"] == "invalid_identity");
    CHECK(s.health()["events"].get<long>() == events);
}

}  // namespace

TEST_CASE("a format character in any name an event carries is refused invalid_identity") {
    TestServer s;
    s.sheet("ID1", "SHU");
    s.ensure_walker_stamp();
    EventFactory& ev = s.events();
    const std::string tz = s.token("terminal", "ST-TZ-1");

    json sheet = ev.make("sheet_issued", "ID2" + kRlo + "X", "", "", "",
                         {{"product_type", "SHU"}, {"order", "Z1"}, {"actor", "planner:t"}});
    refused_as_identity(s, s.admin(), sheet, "serial");
    sheet = ev.make("sheet_issued", "ID3", "", "", "",
                    {{"product_type", "SH" + kRlo + "U"}, {"order", "Z1"}, {"actor", "planner:t"}});
    refused_as_identity(s, s.admin(), sheet, "product_type");
    sheet = ev.make("sheet_issued", "ID4", "", "", "",
                    {{"product_type", "SHU"}, {"order", "Z" + kRlo + "1"}, {"actor", "planner:t"}});
    refused_as_identity(s, s.admin(), sheet, "order");

    refused_as_identity(s, tz, ev.sign_off("ID1", "TZ", "AL" + kRlo + "L"), "stamp");
    refused_as_identity(s, tz, ev.make("stage_signed_off", "ID1", "ST-TZ-1", "T" + kRlo + "Z", "ALL"),
                        "stage");
    const json nc = ev.make("nc_raised", "ID1", "ST-TZ-1", "TZ", "ALL",
                            {{"code", "DOC" + kRlo + "-01"},
                             {"severity", "minor"},
                             {"origin_stage", "TZ"},
                             {"quantity", 1},
                             {"disposition", "rework"}});
    refused_as_identity(s, tz, nc, "code");
    json origin = nc;
    origin["id"] = ev.new_id();
    origin["code"] = "DOC-01";
    origin["origin_stage"] = kRlo + "TZ";
    refused_as_identity(s, tz, origin, "origin_stage");

    s.walk("ID1", "SHU", "DESIGN");  // TZ signed off: DESIGN may accept
    const std::string design = s.token("terminal", station_for("DESIGN"));
    json accept = ev.accept("ID1", "SHU", "DESIGN", "ALL");
    accept["checks"][0]["item"] = accept["checks"][0]["item"].get<std::string>() + kRlo;
    refused_as_identity(s, design, accept, "checks.item");

    const CommandResult verify = s.verify();
    CHECK_MESSAGE(verify.exit_code == 0, verify.out << verify.err);
}

TEST_CASE("a format character in a sheet's or a stamp's identity is refused naming the field") {
    TestServer s;
    Reply sheet = s.api().post(
        "/api/v1/sheets", {{"serial", "S1" + kRlo}, {"product_type", "SHU"}, {"order", "Z1"}},
        s.admin());
    CHECK(sheet.status == 400);
    CHECK(sheet.field() == "serial");
    CHECK(sheet.body.find(kRlo) == std::string::npos);
    sheet = s.api().post("/api/v1/sheets",
                         {{"serial", "S1"}, {"product_type", "SHU"}, {"order", "Z" + kRlo}},
                         s.admin());
    CHECK(sheet.status == 400);
    CHECK(sheet.field() == "order");
    CHECK(sheet.body.find(kRlo) == std::string::npos);

    Reply stamp = s.api().post("/api/v1/stamps",
                               {{"id", "01" + kRlo + "7"},
                                {"holder", "Иванов И. И."},
                                {"stages", {"TZ"}},
                                {"attestation_due", "2099-06-30"}},
                               s.admin());
    CHECK(stamp.status == 400);
    CHECK(stamp.field() == "id");
    CHECK(stamp.body.find(kRlo) == std::string::npos);
    CHECK(s.health()["events"] == 0);
}

}  // namespace stampline::itest
