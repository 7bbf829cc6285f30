// GET /api/v1/units/{serial}/trail: events in order with the signers' names, stage states,
// nonconformances and the hold.
#include <doctest/doctest.h>

#include "integration/test_server.h"

namespace stampline::itest {

TEST_CASE("the trail shows events in order, signers' names, stage states, NCs and the hold") {
    TestServer s;
    s.sheet("TR1", "SHU", "Z26117");
    s.stamp("301", {"TZ"}, "2099-12-31", "Петров П. П.");
    s.stamp("302", {"DESIGN"}, "2099-12-31", "Сидорова А. В.");
    s.stamp("303", {"DESIGN"}, "2099-12-31", "Кузнецов Д. М.");
    const std::string tz = s.token("terminal", "ST-TZ-1");
    const std::string des = s.token("terminal", "ST-DES-1");
    EventFactory& ev = s.events();

    REQUIRE(s.post_one(tz, ev.sign_off("TR1", "TZ", "301"))["status"] == "accepted");
    REQUIRE(s.post_one(des, ev.accept("TR1", "SHU", "DESIGN", "302"))["status"] == "accepted");
    const json nc = ev.make("nc_raised", "TR1", "ST-DES-1", "DESIGN", "302",
                            {{"code", "DOC-01"},
                             {"severity", "major"},
                             {"origin_stage", "TZ"},
                             {"quantity", 1},
                             {"disposition", "rework"},
                             {"note", "нет опросного листа"}});
    REQUIRE(s.post_one(des, nc)["status"] == "accepted");
    REQUIRE(s.post_one(des, ev.make("nc_corrected", "TR1", "ST-DES-1", "DESIGN", "302",
                                    {{"nc", nc["id"]}, {"note", "приложен"}}))["status"] ==
            "accepted");
    REQUIRE(s.post_one(des, ev.make("nc_verified", "TR1", "ST-DES-1", "DESIGN", "303",
                                    {{"nc", nc["id"]}}))["status"] == "accepted");
    json hold = ev.make("unit_held", "TR1", "", "", "", {{"reason", "проверка ОТК"}});
    hold["actor"] = "auditor:petrova";
    REQUIRE(s.post_one(s.admin(), hold)["status"] == "accepted");
    // A refused event never shows in the trail.
    REQUIRE(s.post_one(des, ev.sign_off("TR1", "DESIGN", "302"))["status"] == "refused");

    Reply r = s.api().get("/api/v1/units/TR1/trail", s.token("auditor"));
    REQUIRE_MESSAGE(r.status == 200, r.body);
    const json& t = r.json;
    CHECK(t["serial"] == "TR1");
    CHECK(t["product_type"] == "SHU");
    CHECK(t["order"] == "Z26117");
    CHECK(t["sheet_version"] == 1);
    CHECK(t["complete"] == false);
    CHECK(t["current_stage"] == "DESIGN");

    const json& events = t["events"];
    REQUIRE(events.size() == 7);
    const char* kinds[] = {"sheet_issued", "stage_signed_off", "stage_accepted", "nc_raised",
                           "nc_corrected", "nc_verified",      "unit_held"};
    for (std::size_t i = 0; i < events.size(); ++i) {
        CHECK(events[i]["seq"] == i + 1);
        CHECK(events[i]["event"]["type"] == kinds[i]);
        CHECK(events[i]["hash"].get<std::string>().size() == 64);
    }
    CHECK(events[0]["signer"].is_null());
    CHECK(events[0]["event"]["actor"].get<std::string>().rfind("admin:t-", 0) == 0);
    CHECK(events[1]["signer"]["stamp"] == "301");
    CHECK(events[1]["signer"]["holder"] == "Петров П. П.");
    CHECK(events[1]["meaning"] == "signed off");
    CHECK(events[5]["signer"]["holder"] == "Кузнецов Д. М.");

    const json& stages = t["stages"];
    REQUIRE(stages.size() == demo_plant().product("SHU")->route.size());
    CHECK(stages[0]["stage"] == "TZ");
    CHECK(stages[0]["status"] == "done");
    CHECK(stages[0]["sign_off"]["holder"] == "Петров П. П.");
    CHECK(stages[0]["sign_off"]["station"] == "ST-TZ-1");
    CHECK(stages[0]["sign_off"]["meaning"] == "signed off");
    CHECK(stages[1]["stage"] == "DESIGN");
    CHECK(stages[1]["status"] == "current");
    CHECK(stages[1]["accepted"] == true);
    CHECK(stages[1]["acceptance"]["holder"] == "Сидорова А. В.");
    CHECK(stages[1]["sign_off"].is_null());
    for (std::size_t i = 2; i < stages.size(); ++i) CHECK(stages[i]["status"] == "pending");

    REQUIRE(t["ncs"].size() == 1);
    const json& n = t["ncs"][0];
    CHECK(n["id"] == nc["id"]);
    CHECK(n["code"] == "DOC-01");
    CHECK(n["severity"] == "major");
    CHECK(n["detected_stage"] == "DESIGN");
    CHECK(n["origin_stage"] == "TZ");
    CHECK(n["status"] == "verified");
    CHECK(n["blocking"] == false);
    CHECK(n["note"] == "нет опросного листа");
    CHECK(n["raised_by"]["holder"] == "Сидорова А. В.");
    CHECK(n["corrected_by"]["stamp"] == "302");
    CHECK(n["verified_by"]["holder"] == "Кузнецов Д. М.");
    CHECK(t["open_ncs"] == 0);

    CHECK(t["on_hold"] == true);
    CHECK(t["hold"]["reason"] == "проверка ОТК");
    CHECK(t["hold"]["by"]["actor"] == "auditor:petrova");
}

TEST_CASE("a terminal may read a trail and an unknown serial is 404") {
    TestServer s;
    s.sheet("TR2");
    const std::string terminal = s.token("terminal", "ST-PCK-1");
    CHECK(s.api().get("/api/v1/units/TR2/trail", terminal).status == 200);
    Reply missing = s.api().get("/api/v1/units/TR404/trail", terminal);
    CHECK(missing.status == 404);
    CHECK(missing.error() == "not_found");
    CHECK(missing.field() == "serial");
}

TEST_CASE("a completed route shows every stage done with its time in stage") {
    TestServer s;
    s.sheet("TR3");
    s.walk("TR3", "SHU", "");
    Reply r = s.api().get("/api/v1/units/TR3/trail", s.admin());
    REQUIRE(r.status == 200);
    CHECK(r.json["complete"] == true);
    CHECK(r.json["current_stage"].is_null());
    for (const json& st : r.json["stages"]) {
        CHECK(st["status"] == "done");
        CHECK(st["sign_off"]["holder"] == "Мастер Универсал");
    }
    CHECK(r.json["stages"][1].contains("time_in_stage_s"));
}

TEST_CASE("a reprinted sheet shows its version and who reprinted it") {
    TestServer s;
    s.sheet("TR4");
    REQUIRE(s.api().post("/api/v1/sheets/TR4/reprint", {{"reason", "lost"}}, s.admin()).status ==
            200);
    Reply r = s.api().get("/api/v1/units/TR4/trail", s.admin());
    REQUIRE(r.status == 200);
    CHECK(r.json["sheet_version"] == 2);
    CHECK(r.json["last_reprint"]["actor"].get<std::string>().rfind("admin:", 0) == 0);
    CHECK(r.json["events"][1]["event"]["type"] == "sheet_reprinted");
}

}  // namespace stampline::itest
