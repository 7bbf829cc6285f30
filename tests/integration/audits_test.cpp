// Procedure audits through the real server: recorded on a unit they join its trail, recorded on
// a stamp holder they count in the stamps oversight; who may; the refusals. An unknown unit or
// stamp is 404 not_found naming the field ("serial" or "stamp"), as in the trail and stamps
// routes.
#include <doctest/doctest.h>

#include "integration/test_server.h"

namespace stampline::itest {

namespace {

const json& stamp_row(const json& body, const std::string& stamp) {
    for (const json& r : body["stamps"])
        if (r["stamp"] == stamp) return r;
    FAIL("no row for stamp " << stamp);
    return body;
}

}  // namespace

TEST_CASE("an audit on a unit is recorded by an auditor and joins the unit's trail") {
    TestServer s;
    s.sheet("A1");
    const std::string auditor = s.token("auditor");
    Reply r =
        s.api().post("/api/v1/audits",
                     {{"serial", "A1"}, {"result", "pass"}, {"text", "sheet complete"}}, auditor);
    REQUIRE_MESSAGE(r.status == 201, r.body);
    CHECK(r.json["id"] == 1);
    CHECK(r.json["serial"] == "A1");
    CHECK(r.json["stamp"].is_null());
    CHECK(r.json["result"] == "pass");
    CHECK(r.json["text"] == "sheet complete");
    CHECK(r.json["actor"].get<std::string>().rfind("auditor:t-", 0) == 0);
    CHECK(r.json["recorded_at"].is_string());
    r = s.api().post("/api/v1/audits",
                     {{"serial", "A1"}, {"result", "finding"}, {"text", "TZ stamp smudged"}},
                     s.admin());
    REQUIRE_MESSAGE(r.status == 201, r.body);

    Reply trail = s.api().get("/api/v1/units/A1/trail", auditor);
    REQUIRE_MESSAGE(trail.status == 200, trail.body);
    const json& audits = trail.json["audits"];
    REQUIRE(audits.size() == 2);
    CHECK(audits[0]["result"] == "pass");
    CHECK(audits[1]["result"] == "finding");
    CHECK(audits[1]["text"] == "TZ stamp smudged");
    CHECK(audits[1]["actor"].get<std::string>().rfind("admin:t-", 0) == 0);

    s.sheet("A2");
    CHECK(s.api().get("/api/v1/units/A2/trail", auditor).json["audits"].empty());
    Reply list = s.api().get("/api/v1/audits?serial=A1", auditor);
    REQUIRE(list.status == 200);
    CHECK(list.json["audits"].size() == 2);
    CHECK(s.api().get("/api/v1/audits?serial=A2", auditor).json["audits"].empty());
}

TEST_CASE("an audit on a stamp holder counts in the stamps oversight") {
    TestServer s;
    s.stamp("501", {"TZ"}, "2099-12-31", "Иванова И. И.");
    const std::string auditor = s.token("auditor");
    Reply before = s.api().get("/api/v1/analytics/stamps", auditor);
    REQUIRE_MESSAGE(before.status == 200, before.body);
    CHECK(stamp_row(before.json, "501")["audits"] == 0);
    CHECK(stamp_row(before.json, "501")["findings"] == 0);

    for (const char* result : {"pass", "finding"}) {
        Reply r =
            s.api().post("/api/v1/audits",
                         {{"stamp", "501"}, {"result", result}, {"text", "PIN shared"}}, auditor);
        REQUIRE_MESSAGE(r.status == 201, r.body);
        CHECK(r.json["holder"] == "Иванова И. И.");
        CHECK(r.json["serial"].is_null());
    }
    Reply after = s.api().get("/api/v1/analytics/stamps", auditor);
    REQUIRE_MESSAGE(after.status == 200, after.body);
    CHECK(stamp_row(after.json, "501")["audits"] == 2);
    CHECK(stamp_row(after.json, "501")["findings"] == 1);
    Reply csv = s.api().get("/api/v1/analytics/stamps?format=csv", auditor);
    CHECK(csv.body.find(",escaped_quantity,audits,findings\r\n") != std::string::npos);

    Reply list = s.api().get("/api/v1/audits?stamp=501", s.admin());
    REQUIRE(list.status == 200);
    CHECK(list.json["audits"].size() == 2);
    CHECK(s.api().get("/api/v1/audits", s.admin()).json["audits"].size() == 2);
}

TEST_CASE("audits need an auditor or admin token") {
    TestServer s;
    s.sheet("A1");
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    const json body = {{"serial", "A1"}, {"result", "pass"}};
    CHECK(s.api().post("/api/v1/audits", body).status == 401);
    Reply r = s.api().post("/api/v1/audits", body, terminal);
    CHECK(r.status == 403);
    CHECK(r.error() == "forbidden");
    CHECK(s.api().get("/api/v1/audits", terminal).status == 403);
    CHECK(s.api().get("/api/v1/audits", s.token("auditor")).status == 200);
    CHECK(s.api().get("/api/v1/audits", s.admin()).json["audits"].empty());
}

TEST_CASE("audits refuse a finding without text, an unknown subject and malformed requests") {
    TestServer s;
    s.sheet("A1");
    s.stamp("501", {"TZ"});
    const std::string a = s.token("auditor");
    auto post = [&](const json& body) { return s.api().post("/api/v1/audits", body, a); };

    Reply r = post({{"serial", "A1"}, {"result", "finding"}});
    CHECK(r.status == 400);
    CHECK(r.field() == "text");
    r = post({{"serial", "A1"}, {"result", "finding"}, {"text", ""}});
    CHECK(r.status == 400);
    CHECK(r.field() == "text");
    r = post({{"serial", "NOSUCH"}, {"result", "pass"}});
    CHECK(r.status == 404);
    CHECK(r.error() == "not_found");
    CHECK(r.field() == "serial");
    r = post({{"stamp", "999"}, {"result", "pass"}});
    CHECK(r.status == 404);
    CHECK(r.field() == "stamp");
    r = post({{"result", "pass"}});
    CHECK(r.status == 400);
    CHECK(r.field() == "serial");
    r = post({{"serial", "A1"}, {"result", "fine"}});
    CHECK(r.status == 400);
    CHECK(r.field() == "result");
    r = post({{"serial", "A1"}});
    CHECK(r.status == 400);
    CHECK(r.field() == "result");
    r = post({{"serial", "A1"}, {"result", "pass"}, {"severity", "high"}});
    CHECK(r.status == 400);
    CHECK(r.error() == "unknown_field");
    r = post({{"serial", "A1"},
              {"result", "finding"},
              {"text",
               "line\x07"
               "bell"}});
    CHECK(r.status == 400);
    CHECK(r.field() == "text");
    r = post({{"serial", "A1"}, {"result", "finding"}, {"text", std::string(2001, 'x')}});
    CHECK(r.status == 400);
    CHECK(r.field() == "text");
    r = s.api().get("/api/v1/audits?unit=A1", a);
    CHECK(r.status == 400);
    CHECK(r.error() == "unknown_field");
    CHECK(s.api().get("/api/v1/audits", a).json["audits"].empty());
}

}  // namespace stampline::itest
