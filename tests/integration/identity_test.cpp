// One identity rule on every path (shared/identity.h): a right-to-left override (U+202E) or another
// Unicode format character in a serial, order, product type, stamp id, station, stage, checklist
// item or NC code is refused with its reason on every path (events, sheets, stamps, tokens, the
// CLI, the web forms, the terminal's configuration), kept in the quarantine when it came in an
// event, and never enters the chain; the server's messages and pages show it as a code point,
// never raw.
#include <doctest/doctest.h>

#include "integration/test_server.h"
#include "integration/web_session.h"

namespace stampline::itest {

namespace {

// The format characters each path is tried with: the bidirectional override, embedding and
// isolate, zero-width space and joiner, left-to-right mark, BOM, soft hyphen.
const std::vector<std::pair<std::string, std::string>> kFormatCharacters = {
    {"\u202E", "U+202E"}, {"\u202A", "U+202A"}, {"\u2066", "U+2066"}, {"\u200B", "U+200B"},
    {"\u200D", "U+200D"}, {"\u200E", "U+200E"}, {"\uFEFF", "U+FEFF"}, {"\u00AD", "U+00AD"},
};

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Posts e, expects invalid_identity naming `field` and showing `shown` (never `raw`), kept in
// the quarantine, the log unchanged.
void refused_as_identity(TestServer& s, const std::string& token, const json& e,
                         const std::string& field, const std::string& raw,
                         const std::string& shown) {
    const auto events = s.health()["events"].get<long>();
    const json r = s.post_one(token, e);
    CHECK_MESSAGE(r["status"] == "refused", r.dump());
    CHECK_MESSAGE(r["reason"] == "invalid_identity", r.dump());
    const std::string message = r["message"].get<std::string>();
    CHECK_MESSAGE(message.rfind(field + " '", 0) == 0, message);
    CHECK_MESSAGE(has(message, shown), message);
    CHECK_MESSAGE(!has(message, raw), message);
    const json q = s.quarantine_entry(e["id"].get<std::string>());
    REQUIRE_MESSAGE(q.is_object(), e.dump());
    CHECK(q["reason"] == "invalid_identity");
    CHECK(s.health()["events"].get<long>() == events);
}

}  // namespace

TEST_CASE("every Unicode format character is refused in each name an event carries") {
    TestServer s;
    s.sheet("ID1", "SHU");
    s.ensure_walker_stamp();
    EventFactory& ev = s.events();
    const std::string tz = s.token("terminal", "ST-TZ-1");
    const std::string admin = s.admin();
    for (const auto& [raw, shown] : kFormatCharacters) {
        CAPTURE(shown);
        json sheet = ev.make("sheet_issued", "ID2" + raw, "", "", "",
                             {{"product_type", "SHU"}, {"order", "Z1"}, {"actor", "planner:t"}});
        refused_as_identity(s, admin, sheet, "serial", raw, shown);
        sheet = ev.make("sheet_issued", "ID3", "", "", "",
                        {{"product_type", "SHU" + raw}, {"order", "Z1"}, {"actor", "planner:t"}});
        refused_as_identity(s, admin, sheet, "product_type", raw, shown);
        sheet = ev.make("sheet_issued", "ID4", "", "", "",
                        {{"product_type", "SHU"}, {"order", raw + "Z1"}, {"actor", "planner:t"}});
        refused_as_identity(s, admin, sheet, "order", raw, shown);
        refused_as_identity(s, tz, ev.sign_off("ID1", "TZ", "A" + raw + "LL"), "stamp", raw, shown);
        refused_as_identity(s, tz, ev.make("stage_signed_off", "ID1", "ST-TZ-1", "TZ" + raw, "ALL"),
                            "stage", raw, shown);
        // An office post names its station freely (a terminal's must be its token's).
        refused_as_identity(s, admin,
                            ev.make("unit_held", "ID1", "ST" + raw, "", "",
                                    {{"reason", "x"}, {"actor", "auditor:t"}}),
                            "station", raw, shown);
        const json nc = ev.make("nc_raised", "ID1", "ST-TZ-1", "TZ", "ALL",
                                {{"code", "DOC-01" + raw},
                                 {"severity", "minor"},
                                 {"origin_stage", "TZ"},
                                 {"quantity", 1},
                                 {"disposition", "rework"}});
        refused_as_identity(s, tz, nc, "code", raw, shown);
        json origin = nc;
        origin["id"] = ev.new_id();
        origin["code"] = "DOC-01";
        origin["origin_stage"] = raw + "TZ";
        refused_as_identity(s, tz, origin, "origin_stage", raw, shown);
    }
    const auto events = s.health()["events"].get<long>();
    CHECK(events == 1);

    s.walk("ID1", "SHU", "DESIGN");  // TZ signed off: DESIGN may accept
    const std::string design = s.token("terminal", station_for("DESIGN"));
    for (const auto& [raw, shown] : kFormatCharacters) {
        CAPTURE(shown);
        json accept = ev.accept("ID1", "SHU", "DESIGN", "ALL");
        accept["checks"][0]["item"] = accept["checks"][0]["item"].get<std::string>() + raw;
        refused_as_identity(s, design, accept, "checks.item", raw, shown);
    }
    const CommandResult verify = s.verify();
    CHECK_MESSAGE(verify.exit_code == 0, verify.out << verify.err);
}

TEST_CASE("sheets, stamps, tokens and audits refuse every format character, naming the field") {
    TestServer s;
    s.sheet("A1", "SHU");
    const std::string auditor = s.token("auditor");
    auto refused = [&](const Reply& r, const std::string& field, const std::string& raw,
                       const std::string& shown) {
        CHECK_MESSAGE(r.status == 400, r.body);
        CHECK_MESSAGE(r.field() == field, r.body);
        CHECK_MESSAGE(has(r.body, shown), r.body);
        CHECK_MESSAGE(!has(r.body, raw), r.body);
    };
    for (const auto& [raw, shown] : kFormatCharacters) {
        CAPTURE(shown);
        const json sheet{{"serial", "S1"}, {"product_type", "SHU"}, {"order", "Z1"}};
        for (const char* field : {"serial", "product_type", "order"}) {
            json bad = sheet;
            bad[field] = bad[field].get<std::string>() + raw;
            refused(s.api().post("/api/v1/sheets", bad, s.admin()), field, raw, shown);
        }
        refused(s.api().post("/api/v1/stamps",
                             {{"id", "0" + raw + "17"},
                              {"holder", "Иванов И. И."},
                              {"stages", {"TZ"}},
                              {"attestation_due", "2099-06-30"}},
                             s.admin()),
                "id", raw, shown);
        refused(s.api().post("/api/v1/tokens", {{"role", "terminal"}, {"station", "ST-TZ-1" + raw}},
                             s.admin()),
                "station", raw, shown);
        refused(
            s.api().post("/api/v1/audits", {{"serial", "A1" + raw}, {"result", "pass"}}, auditor),
            "serial", raw, shown);
    }
    CHECK(s.health()["events"] == 1);
}

TEST_CASE(
    "the CLI refuses a format character in a serial or a stamp and prints it as a code point") {
    TestServer s;
    const std::string server = "http://127.0.0.1:" + std::to_string(s.process().port());
    for (const auto& [raw, shown] : kFormatCharacters) {
        CAPTURE(shown);
        const CommandResult sheet = run_command({STAMPLINE_CLI_BIN, "sheet", "issue", "--serial",
                                                 "26" + raw + "11", "--type", "SHU", "--order",
                                                 "Z1", "--server", server, "--token", s.admin()});
        CHECK(sheet.exit_code != 0);
        CHECK_MESSAGE(has(sheet.err, shown), sheet.err);
        CHECK(!has(sheet.err + sheet.out, raw));
        const CommandResult stamp = run_command(
            {STAMPLINE_CLI_BIN, "stamp", "issue", "01" + raw + "7", "--holder", "Иванов И. И.",
             "--stages", "TZ", "--due", "2099-06-30", "--server", server, "--token", s.admin()});
        CHECK(stamp.exit_code != 0);
        CHECK_MESSAGE(has(stamp.err, shown), stamp.err);
        CHECK(!has(stamp.err + stamp.out, raw));
        // Offline: the payload a sheet printer would print.
        const CommandResult payload =
            run_command({STAMPLINE_CLI_BIN, "sheet", "payload", "--plant", demo_plant_dir(),
                         "--type", "SHU", "--serial", "26" + raw + "11", "--order", "Z1"});
        CHECK(payload.exit_code != 0);
        CHECK_MESSAGE(has(payload.err, shown), payload.err);
        CHECK(!has(payload.err + payload.out, raw));
    }
    CHECK(s.health()["events"] == 0);
}

TEST_CASE("a web form with a format character in a serial is refused and the page shows it") {
    TestServer s;
    s.sheet("A100", "SHU");
    WebSession web(s);
    web.sign_in_with_link(s.token("auditor"));
    REQUIRE(web.get("/ui/units/A100").status == 200);  // the form's page
    for (const auto& [raw, shown] : kFormatCharacters) {
        CAPTURE(shown);
        const Reply r = web.post("/ui/audits", {{"serial", "A100" + raw}, {"result", "pass"}});
        CHECK(r.status == 400);
        CHECK_MESSAGE(has(r.body, "&lt;" + shown + "&gt;"), r.body);
        CHECK(!has(r.body, raw));
    }
    CHECK(s.api().get("/api/v1/units/A100/trail", s.admin()).json["audits"].empty());
}

}  // namespace stampline::itest
