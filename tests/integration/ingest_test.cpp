// POST /api/v1/events: accepted events, duplicates, refusals kept in the quarantine.
#include <doctest/doctest.h>

#include "integration/test_server.h"

namespace stampline::itest {

TEST_CASE("an event that the trail rules allow is accepted with a seq and a receive time") {
    TestServer s;
    s.sheet("U100");
    s.stamp("101", {"TZ"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    const json e = s.events().sign_off("U100", "TZ", "101");
    const json r = s.post_one(terminal, e);
    CHECK(r["id"] == e["id"]);
    CHECK(r["status"] == "accepted");
    CHECK(r["seq"].get<int>() == 2);  // after the sheet_issued event
    CHECK(r["received_at"].get<std::string>().size() == 24);
    CHECK_FALSE(r.contains("reason"));
    CHECK(s.health()["events"] == 2);
    CHECK(s.verify().exit_code == 0);
}

TEST_CASE("a re-posted event gets the same answer again and is stored once") {
    TestServer s;
    s.sheet("U101");
    s.stamp("101", {"TZ"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    const json e = s.events().sign_off("U101", "TZ", "101");
    const json first = s.post_one(terminal, e);
    REQUIRE(first["status"] == "accepted");
    for (int i = 0; i < 3; ++i) {
        const json again = s.post_one(terminal, e);
        CHECK(again["status"] == "duplicate");
        CHECK(again["first"] == "accepted");
        CHECK(again["seq"] == first["seq"]);
        CHECK(again["received_at"] == first["received_at"]);
    }
    CHECK(s.health()["events"] == 2);
    Reply trail = s.api().get("/api/v1/units/U101/trail", s.admin());
    REQUIRE(trail.status == 200);
    CHECK(trail.json["events"].size() == 2);
    const std::string out = s.verify().out;
    CHECK(out.find("chain intact: 2 events") != std::string::npos);
}

TEST_CASE("a re-posted refused event gets its refusal again and is quarantined once") {
    TestServer s;
    s.stamp("101", {"TZ", "DESIGN"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    const json e = s.events().sign_off("NOSUCH", "TZ", "101");
    const json first = s.post_one(terminal, e);
    REQUIRE(first["status"] == "refused");
    CHECK(first["reason"] == "unknown_unit");
    const json again = s.post_one(terminal, e);
    CHECK(again["status"] == "duplicate");
    CHECK(again["first"] == "refused");
    CHECK(again["reason"] == "unknown_unit");
    CHECK(again["message"] == first["message"]);
    CHECK(s.quarantine().size() == 1);
    CHECK(s.health()["events"] == 0);
}

TEST_CASE("a batch is answered per event in order, later events seeing earlier ones") {
    TestServer s;
    s.sheet("U102");
    s.ensure_walker_stamp();
    const json tz = s.events().sign_off("U102", "TZ", "ALL");
    const json design_early = s.events().sign_off("U102", "DESIGN", "ALL");
    const json accept = s.events().accept("U102", "SHU", "DESIGN", "ALL");
    const json design = s.events().sign_off("U102", "DESIGN", "ALL");
    Reply r = s.post_events(s.admin(), json::array({tz, tz, design_early, accept, design}));
    REQUIRE(r.status == 200);
    const json& res = r.json["results"];
    REQUIRE(res.size() == 5);
    CHECK(res[0]["status"] == "accepted");
    CHECK(res[1]["status"] == "duplicate");
    CHECK(res[2]["status"] == "refused");
    CHECK(res[2]["reason"] == "stage_not_accepted");
    CHECK(res[3]["status"] == "accepted");
    CHECK(res[4]["status"] == "accepted");
    CHECK(res[4]["seq"].get<int>() == res[3]["seq"].get<int>() + 1);
}

TEST_CASE("an empty batch is answered with no results and stores nothing") {
    TestServer s;
    Reply r = s.post_events(s.admin(), json::array());
    CHECK(r.status == 200);
    CHECK(r.json["results"].empty());
    CHECK(s.health()["events"] == 0);
}

TEST_CASE("a terminal token may post only events of its own station") {
    TestServer s;
    s.sheet("U103");
    s.stamp("101", {"TZ"});
    const std::string terminal = s.token("terminal", "ST-ASM-1");
    const json good = s.events().make("stage_signed_off", "U103", "ST-ASM-1", "ASSEMBLY", "101");
    const json bad = s.events().sign_off("U103", "TZ", "101");  // station ST-TZ-1
    Reply r = s.post_events(terminal, json::array({good, bad}));
    CHECK(r.status == 403);
    CHECK(r.error() == "wrong_station");
    CHECK(r.field() == "events[1].station");
    const std::string msg = r.json["message"];
    CHECK(msg.find("ST-ASM-1") != std::string::npos);
    CHECK(msg.find("ST-TZ-1") != std::string::npos);
    CHECK(s.health()["events"] == 1);  // the sheet only: nothing of the batch is stored
    CHECK(s.quarantine().empty());
}

}  // namespace stampline::itest
