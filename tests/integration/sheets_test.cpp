// POST /api/v1/sheets and /reprint: registering units and reprinting their sheets.
#include <doctest/doctest.h>

#include "integration/test_server.h"

namespace stampline::itest {

TEST_CASE("issuing a sheet registers the unit and returns its barcode payload") {
    TestServer s;
    Reply r = s.api().post(
        "/api/v1/sheets",
        {{"serial", "2611000427"}, {"product_type", "KSO298"}, {"order", "Z26117"}}, s.admin());
    REQUIRE_MESSAGE(r.status == 201, r.body);
    const std::string payload = r.json["payload"];
    CHECK(payload.rfind("SL1-KSO298-2611000427-Z26117-1-", 0) == 0);
    CHECK(r.json["unit"]["sheet_version"] == 1);
    CHECK(r.json["seq"] == 1);
    Reply trail = s.api().get("/api/v1/units/2611000427/trail", s.admin());
    REQUIRE(trail.status == 200);
    CHECK(trail.json["product_type"] == "KSO298");
    CHECK(trail.json["stages"].size() == demo_plant().product("KSO298")->route.size());
}

TEST_CASE("issuing a sheet for an existing serial is 409 and the refusal is quarantined") {
    TestServer s;
    s.sheet("SH1");
    Reply r = s.api().post(
        "/api/v1/sheets", {{"serial", "SH1"}, {"product_type", "SHU"}, {"order", "Z2"}}, s.admin());
    CHECK(r.status == 409);
    CHECK(r.error() == "conflict");
    const json q = s.quarantine();
    REQUIRE(q.size() == 1);
    CHECK(q[0]["reason"] == "sheet_already_issued");
    CHECK(q[0]["event"]["serial"] == "SH1");
    CHECK(s.health()["events"] == 1);
}

TEST_CASE("a serial a barcode cannot carry is 400 naming the field") {
    TestServer s;
    Reply r = s.api().post("/api/v1/sheets",
                           {{"serial", "2611/0427"}, {"product_type", "SHU"}, {"order", "Z1"}},
                           s.admin());
    CHECK(r.status == 400);
    CHECK(r.field() == "serial");
    CHECK(s.health()["events"] == 0);
}

TEST_CASE("a reprint returns the next version's payload each time") {
    TestServer s;
    s.sheet("SH2");
    for (int version = 2; version <= 3; ++version) {
        Reply r = s.api().post("/api/v1/sheets/SH2/reprint", {{"reason", "damaged"}}, s.admin());
        REQUIRE_MESSAGE(r.status == 200, r.body);
        CHECK(r.json["unit"]["sheet_version"] == version);
        CHECK(r.json["payload"].get<std::string>().find("-" + std::to_string(version) + "-") !=
              std::string::npos);
    }
}

}  // namespace stampline::itest
