// Auditors hold and release units over the API; that is all an auditor token may post.
#include <doctest/doctest.h>

#include "integration/test_server.h"

using namespace stampline::itest;

TEST_CASE("an auditor holds a unit, its sign-off is refused, and after release it is accepted") {
    TestServer s;
    s.sheet("H1", "SHU");
    s.ensure_walker_stamp();
    const std::string auditor = s.token("auditor");
    json hold = s.events().make("unit_held", "H1", "", "", "", {{"reason", "document audit"}});
    hold["actor"] = "someone-else";
    json held = s.post_one(auditor, hold);
    CHECK(held["status"] == "accepted");

    json refused = s.post_one(s.admin(), s.events().sign_off("H1", "TZ", "ALL"));
    CHECK(refused["reason"] == "unit_on_hold");
    CHECK(refused["message"].get<std::string>().find("document audit") != std::string::npos);

    Reply trail = s.api().get("/api/v1/units/H1/trail", auditor);
    REQUIRE(trail.status == 200);
    CHECK(trail.json["on_hold"] == true);
    CHECK(trail.json["hold"]["by"]["actor"].get<std::string>().rfind("auditor:t-", 0) == 0);

    CHECK(s.post_one(auditor, s.events().make("unit_released", "H1", "", "", "",
                                              {{"note", "ok"}}))["status"] == "accepted");
    CHECK(s.post_one(s.admin(), s.events().sign_off("H1", "TZ", "ALL"))["status"] == "accepted");
}

TEST_CASE("an auditor token cannot post a stage sign-off and nothing is stored") {
    TestServer s;
    s.sheet("H2", "SHU");
    s.ensure_walker_stamp();
    const long before = s.health()["events"].get<long>();
    Reply r =
        s.post_events(s.token("auditor"), json::array({s.events().sign_off("H2", "TZ", "ALL")}));
    CHECK(r.status == 403);
    CHECK(r.field() == "events[0].type");
    CHECK(s.health()["events"].get<long>() == before);
}
