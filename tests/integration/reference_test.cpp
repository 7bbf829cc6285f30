// GET /api/v1/reference: the plant and stamps a terminal caches, with an ETag.
#include <doctest/doctest.h>

#include "integration/test_server.h"

namespace stampline::itest {

TEST_CASE("the reference holds the plant and the stamps and answers 304 to its own ETag") {
    TestServer s;
    s.stamp("501", {"TZ", "DESIGN"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    Reply r = s.api().get("/api/v1/reference", terminal);
    REQUIRE(r.status == 200);
    const json& plant = r.json["plant"];
    const Plant& demo = demo_plant();
    CHECK(plant["code"] == demo.code);
    CHECK(plant["stages"].size() == demo.stages.size());
    CHECK(plant["products"].size() == demo.products.size());
    CHECK(plant["stations"].size() == demo.stations.size());
    CHECK(plant["checklists"].size() == demo.checklists.size());
    CHECK(plant["nc_codes"].size() == demo.nc_codes.size());
    CHECK(plant["dispositions"].size() == demo.dispositions.size());
    CHECK(plant["rules"]["blocking_severity"] == "major");
    CHECK(plant["products"][0]["route"].is_array());
    REQUIRE(r.json["stamps"].size() == 1);
    CHECK(r.json["stamps"][0]["id"] == "501");

    const std::string etag = r.header("ETag");
    REQUIRE(etag.size() == 66);  // quoted SHA-256 hex
    Reply same = s.api().get("/api/v1/reference", terminal, {{"If-None-Match", etag}});
    CHECK(same.status == 304);
    CHECK(same.body.empty());
    CHECK(same.header("ETag") == etag);

    REQUIRE(s.api().post("/api/v1/stamps/501/suspend", json::object(), s.admin()).status == 200);
    Reply changed = s.api().get("/api/v1/reference", terminal, {{"If-None-Match", etag}});
    CHECK(changed.status == 200);
    CHECK(changed.header("ETag") != etag);
    CHECK(changed.json["stamps"][0]["status"] == "suspended");
}

}  // namespace stampline::itest
