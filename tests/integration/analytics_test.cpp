// GET /api/v1/analytics/*: the real server over a few walked units with nonconformances; the
// figures in JSON, the CSV form, and who may ask.
#include <doctest/doctest.h>

#include <cstdio>

#include "integration/test_server.h"
#include "shared/plant_files.h"
#include "shared/time.h"

namespace stampline::itest {

namespace {

// Three ShU panels (TZ DESIGN INCOMING ASSEMBLY WIRING ADJUST ACCEPT PACK), stamp ALL:
//   A1 complete.
//   A2 signed off up to WIRING, accepted at ADJUST; WIR-01 found there, origin WIRING (escape).
//   A3 signed off up to ASSEMBLY, accepted at WIRING; WIR-01 found there, origin WIRING, and
//      KIT-01 found there, origin ASSEMBLY (escape).
void walk_units(TestServer& s) {
    EventFactory& ev = s.events();
    for (const char* serial : {"A1", "A2", "A3"}) s.sheet(serial, "SHU");
    s.walk("A1", "SHU", "");
    s.walk("A2", "SHU", "ADJUST");
    s.walk("A3", "SHU", "WIRING");
    auto nc = [&](const std::string& serial, const std::string& stage, const std::string& code,
                  const std::string& origin) {
        return ev.make("nc_raised", serial, station_for(stage), stage, "ALL",
                       {{"code", code},
                        {"severity", "minor"},
                        {"origin_stage", origin},
                        {"quantity", 1},
                        {"disposition", "rework"}});
    };
    const json batch = json::array(
        {ev.accept("A2", "SHU", "ADJUST", "ALL"), nc("A2", "ADJUST", "WIR-01", "WIRING"),
         ev.accept("A3", "SHU", "WIRING", "ALL"), nc("A3", "WIRING", "WIR-01", "WIRING"),
         nc("A3", "WIRING", "KIT-01", "ASSEMBLY")});
    Reply r = s.post_events(s.admin(), batch);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    for (const json& result : r.json["results"])
        REQUIRE_MESSAGE(result["status"] == "accepted", result.dump());
}

// from yesterday to tomorrow: the events carry the current time.
std::string around_now() {
    const std::int64_t today = days_from_civil(date_of(SystemClock().now()));
    return "from=" + format_date(civil_from_days(today - 1)) +
           "&to=" + format_date(civil_from_days(today + 1));
}

// "YYYY-MM" of the current month in the plant's time zone (the months of the review pack): the
// month of the walked units' events. (The UTC month differs in the last hours of a month.)
std::string this_month() {
    return format_year_month(
        load_plant_dir(STAMPLINE_CONFIG_DIR "/demo")->zone.month_of(SystemClock().now()));
}

const json& stage_row(const json& rows, const std::string& stage) {
    for (const json& r : rows)
        if (r["stage"] == stage) return r;
    FAIL("no row for " << stage);
    return rows[0];
}

}  // namespace

TEST_CASE("analytics report the Pareto, escapes, stages, bottleneck and stamps of walked units") {
    TestServer s;
    walk_units(s);
    const std::string auditor = s.token("auditor");
    const std::string q = "?" + around_now();

    Reply r = s.api().get("/api/v1/analytics/pareto" + q, auditor);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    const json& pareto = r.json["groups"][0];
    CHECK(pareto["total_count"] == 3);
    REQUIRE(pareto["rows"].size() == 2);
    CHECK(pareto["rows"][0]["code"] == "WIR-01");
    CHECK(pareto["rows"][0]["count"] == 2);
    CHECK(pareto["rows"][0]["share"].get<double>() == doctest::Approx(2.0 / 3));
    CHECK(pareto["rows"][1]["cumulative_share"].get<double>() == doctest::Approx(1.0));

    r = s.api().get("/api/v1/analytics/pareto" + q + "&group=origin", auditor);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    REQUIRE(r.json["groups"].size() == 2);
    CHECK(r.json["groups"][0]["stage"] == "ASSEMBLY");
    CHECK(r.json["groups"][1]["stage"] == "WIRING");

    r = s.api().get("/api/v1/analytics/escapes" + q, s.admin());
    REQUIRE_MESSAGE(r.status == 200, r.body);
    CHECK(r.json["total_ncs"] == 3);
    CHECK(r.json["escapes"] == 2);

    r = s.api().get("/api/v1/analytics/stages" + q, auditor);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    const json& wiring = stage_row(r.json["stages"], "WIRING");
    CHECK(wiring["units_passed"] == 2);  // A1, A2
    CHECK(wiring["ncs_originating"] == 2);
    CHECK(wiring["ncs_per_100_units"].get<double>() == doctest::Approx(100));
    CHECK(wiring["escapes"] == 1);
    CHECK(wiring["wip"] == 1);  // A3
    CHECK(stage_row(r.json["stages"], "ADJUST")["wip"] == 1);
    CHECK(stage_row(r.json["stages"], "TZ")["first_pass_yield"].get<double>() ==
          doctest::Approx(1.0));
    bool shu = false;
    for (const json& route : r.json["routes"])
        if (route["product_type"] == "SHU") {
            shu = true;
            CHECK(route["stages"].size() == 8);
            CHECK(route["rolled_throughput_yield"].is_number());
        }
    CHECK(shu);

    r = s.api().get("/api/v1/analytics/bottleneck" + q, auditor);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    // Three units walked: no stage passed the demo plant's ranking_min_units (10), so none is
    // ranked and none is named; the rates are there, with the weights and the minimum.
    CHECK(r.json["top_quality"].is_null());
    CHECK(r.json["ranking"]["min_units"] == 10);
    CHECK(r.json["ranking"]["weights"]["critical"] == 10);
    const json& wiring_q = stage_row(r.json["by_quality"], "WIRING");
    CHECK(wiring_q["ranked"] == false);
    CHECK(wiring_q["rank"].is_null());
    CHECK(wiring_q["quality_score"].is_null());
    CHECK(wiring_q["weighted_ncs_per_100_units"].get<double>() > 0);
    r = s.api().get("/api/v1/analytics/bottleneck" + q + "&format=csv", auditor);
    CHECK(r.body.find("weighted_ncs_per_100_units,weighted_escapes_per_100_units,quality_score") !=
          std::string::npos);

    r = s.api().get("/api/v1/analytics/repeat-offenders?months=1&min_months=1", auditor);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    REQUIRE(r.json["offenders"].size() == 2);
    CHECK(r.json["offenders"][0]["code"] == "WIR-01");

    r = s.api().get("/api/v1/analytics/stamps" + q, auditor);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    bool found = false;
    for (const json& st : r.json["stamps"])
        if (st["stamp"] == "ALL") {
            found = true;
            CHECK(st["sign_offs"] == 8 + 5 + 4);
            CHECK(st["acceptances"] == 7 + 5 + 4);
            CHECK(st["escapes"] == 2);
        }
    CHECK(found);
}

TEST_CASE("analytics filter by product type, stage and code") {
    TestServer s;
    walk_units(s);
    const std::string q = "?" + around_now();
    Reply r = s.api().get("/api/v1/analytics/pareto" + q + "&code=KIT-01", s.admin());
    REQUIRE_MESSAGE(r.status == 200, r.body);
    CHECK(r.json["groups"][0]["total_count"] == 1);
    r = s.api().get("/api/v1/analytics/pareto" + q + "&product_type=KSO298", s.admin());
    CHECK(r.json["groups"][0]["total_count"] == 0);
    r = s.api().get("/api/v1/analytics/stages" + q + "&stage=WIRING", s.admin());
    REQUIRE(r.json["stages"].size() == 1);
    CHECK(r.json["period"]["stage"] == "WIRING");
}

TEST_CASE("analytics answer CSV with a header row on format=csv") {
    TestServer s;
    walk_units(s);
    const std::string q = "?" + around_now() + "&format=csv";
    Reply r = s.api().get("/api/v1/analytics/pareto" + q, s.admin());
    REQUIRE_MESSAGE(r.status == 200, r.body);
    CHECK(r.header("Content-Type").rfind("text/csv", 0) == 0);
    CHECK(r.body.rfind("stage,code,count,quantity,share,cumulative_share\r\n", 0) == 0);
    CHECK(r.body.find(",WIR-01,2,2,") != std::string::npos);
    for (const char* path : {"escapes", "stages", "bottleneck", "repeat-offenders", "stamps"}) {
        r = s.api().get(std::string("/api/v1/analytics/") + path + q, s.admin());
        CHECK_MESSAGE(r.status == 200, path);
        CHECK_MESSAGE(r.header("Content-Type").rfind("text/csv", 0) == 0, path);
        CHECK_MESSAGE(r.body.find("\r\n") != std::string::npos, path);
    }
    r = s.api().get("/api/v1/analytics/stages" + q, s.admin());
    CHECK(r.body.rfind("stage,units_passed,first_pass_units,first_pass_yield,", 0) == 0);
}

TEST_CASE("analytics of an empty period are zeros and empty lists") {
    TestServer s;
    walk_units(s);
    const std::string q = "?from=2020-01-01&to=2020-01-31";
    Reply r = s.api().get("/api/v1/analytics/pareto" + q, s.admin());
    REQUIRE_MESSAGE(r.status == 200, r.body);
    CHECK(r.json["groups"][0]["rows"].empty());
    r = s.api().get("/api/v1/analytics/escapes" + q, s.admin());
    CHECK(r.json["cells"].empty());
    r = s.api().get("/api/v1/analytics/bottleneck" + q, s.admin());
    REQUIRE_MESSAGE(r.status == 200, r.body);
    CHECK(r.json["top_quality"].is_null());
    r = s.api().get("/api/v1/analytics/stages" + q, s.admin());
    CHECK(stage_row(r.json["stages"], "WIRING")["first_pass_yield"].is_null());
    CHECK(stage_row(r.json["stages"], "WIRING")["units_passed"] == 0);
}

TEST_CASE("analytics need an auditor or admin token") {
    TestServer s;
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    for (const char* path :
         {"pareto", "escapes", "stages", "bottleneck", "repeat-offenders", "stamps"}) {
        const std::string url = std::string("/api/v1/analytics/") + path;
        CHECK_MESSAGE(s.api().get(url).status == 401, path);
        Reply r = s.api().get(url, terminal);
        CHECK_MESSAGE(r.status == 403, path);
        CHECK(r.error() == "forbidden");
        CHECK_MESSAGE(s.api().get(url, s.token("auditor")).status == 200, path);
    }
}

TEST_CASE("analytics refuse bad parameters, naming them") {
    TestServer s;
    const std::string a = s.admin();
    Reply r = s.api().get("/api/v1/analytics/pareto?from=2026-13-01", a);
    CHECK(r.status == 400);
    CHECK(r.field() == "from");
    r = s.api().get("/api/v1/analytics/pareto?from=2026-11-02&to=2026-11-01", a);
    CHECK(r.status == 400);
    r = s.api().get("/api/v1/analytics/pareto?stage=NOPE", a);
    CHECK(r.field() == "stage");
    r = s.api().get("/api/v1/analytics/pareto?format=xml", a);
    CHECK(r.field() == "format");
    r = s.api().get("/api/v1/analytics/pareto?group=sideways", a);
    CHECK(r.field() == "group");
    r = s.api().get("/api/v1/analytics/stages?colour=red", a);
    CHECK(r.status == 400);
    CHECK(r.error() == "unknown_field");
    r = s.api().get("/api/v1/analytics/repeat-offenders?months=0", a);
    CHECK(r.field() == "months");
}

TEST_CASE("the review pack of this month holds the trend, the month's analyses and decisions") {
    TestServer s;
    walk_units(s);
    const std::string auditor = s.token("auditor");
    const std::string month = this_month();
    Reply made = s.api().post("/api/v1/corrective-actions",
                              {{"title", "Wiring check list at assembly"},
                               {"nc_codes", {"WIR-01"}},
                               {"stages", {"WIRING"}},
                               {"owner_department", "Quality"},
                               {"due", "2099-12-15"},
                               {"review_month", month}},
                              auditor);
    REQUIRE_MESSAGE(made.status == 201, made.body);

    Reply r = s.api().get("/api/v1/analytics/review-pack?month=" + month, auditor);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    CHECK(r.json["month"] == month);
    REQUIRE(r.json["trend"].size() == 6);
    const json& now = r.json["trend"][5];
    CHECK(now["month"] == month);
    CHECK(now["units_passed"] == 3);
    CHECK(now["ncs"] == 3);
    CHECK(now["escapes"] == 2);
    CHECK(now["ncs_per_100_units"].get<double>() == doctest::Approx(100));
    CHECK(now["first_pass_yield"].is_number());
    CHECK(r.json["trend"][0]["units_passed"] == 0);
    CHECK(r.json["trend"][0]["first_pass_yield"].is_null());
    CHECK(r.json["pareto"]["total_count"] == 3);
    CHECK(r.json["pareto"]["rows"][0]["code"] == "WIR-01");
    CHECK(r.json["escapes"]["escapes"] == 2);
    CHECK(r.json["bottleneck"]["top_quality"].is_null());  // too few units to rank
    CHECK(r.json["repeat_offenders"]["offenders"].is_array());
    CHECK(r.json["repeat_offenders"]["months"] == 6);  // the demo plant's [analytics]
    CHECK(r.json["repeat_offenders"]["history_months"] == 1);
    CHECK(r.json["repeat_offenders"]["enough_history"] == false);
    CHECK(r.json["earlier_decisions"].empty());
    REQUIRE(r.json["new_decisions"].size() == 1);
    CHECK(r.json["new_decisions"][0]["id"] == made.json["id"]);
    CHECK(r.json["new_decisions"][0]["status_as_of"] == "open");
    CHECK(r.json["new_decisions"][0]["overdue"] == false);
    // The pack carries the event log's chain head it was made at, which `verify --anchor`
    // checks against the database.
    const json& head = r.json["chain_head"];
    CHECK(head["seq"] == s.health()["events"]);
    const std::string anchor =
        std::to_string(head["seq"].get<long>()) + ":" + head["hash"].get<std::string>();
    CHECK_MESSAGE(s.verify().out.find("head " + anchor) != std::string::npos, anchor);

    r = s.api().get("/api/v1/analytics/review-pack?month=" + month + "&trend_months=2&format=csv",
                    s.admin());
    REQUIRE_MESSAGE(r.status == 200, r.body);
    CHECK(r.header("Content-Type").rfind("text/csv", 0) == 0);
    CHECK(r.body.rfind("month,units_passed,ncs,nc_quantity,ncs_per_100_units,escapes,", 0) == 0);
    CHECK(r.body.find("\r\n" + month + ",3,3,3,100,2,") != std::string::npos);
    int lines = 0;
    for (char c : r.body) lines += c == '\n';
    CHECK(lines == 3);  // the header and two months
}

TEST_CASE("the review pack needs an auditor or admin and a month YYYY-MM") {
    TestServer s;
    const std::string url = "/api/v1/analytics/review-pack?month=2026-11";
    CHECK(s.api().get(url).status == 401);
    Reply r = s.api().get(url, s.token("terminal", "ST-TZ-1"));
    CHECK(r.status == 403);
    CHECK(r.error() == "forbidden");
    CHECK(s.api().get(url, s.token("auditor")).status == 200);

    const std::string a = s.admin();
    r = s.api().get("/api/v1/analytics/review-pack?month=2026-13", a);
    CHECK(r.status == 400);
    CHECK(r.field() == "month");
    r = s.api().get("/api/v1/analytics/review-pack", a);
    CHECK(r.status == 400);
    CHECK(r.field() == "month");
    r = s.api().get(url + "&trend_months=0", a);
    CHECK(r.field() == "trend_months");
    r = s.api().get(url + "&from=2026-11-01", a);
    CHECK(r.status == 400);
    CHECK(r.error() == "unknown_field");
    CHECK(r.field() == "from");
    r = s.api().get(url + "&format=xml", a);
    CHECK(r.field() == "format");
    r = s.api().get(url + "&as_of=2026-12-05", a);
    CHECK(r.status == 400);
    CHECK(r.field() == "as_of");
    r = s.api().get(url + "&as_of=2999-01-01T00:00:00Z", a);  // nothing is known of it yet
    CHECK(r.status == 400);
    CHECK(r.field() == "as_of");
}

TEST_CASE(
    "the review pack lists the decisions of its month's meeting and fixes their execution "
    "at as_of") {
    TestServer s;
    const std::string auditor = s.token("auditor");
    Reply made = s.api().post("/api/v1/corrective-actions",
                              {{"title", "Second check of the wire markings"},
                               {"owner_department", "Wiring shop"},
                               {"due", "2099-12-15"},
                               {"review_month", "2026-11"}},
                              auditor);
    REQUIRE_MESSAGE(made.status == 201, made.body);
    const std::string id = made.json["id"];
    const std::string created = made.json["created_at"];
    Reply done =
        s.api().post("/api/v1/corrective-actions/" + id + "/status", {{"status", "done"}}, auditor);
    REQUIRE(done.status == 200);
    const std::string done_at = done.json["history"][0]["at"];

    const std::string url = "/api/v1/analytics/review-pack?month=2026-11";
    Reply now = s.api().get(url, auditor);
    REQUIRE_MESSAGE(now.status == 200, now.body);
    REQUIRE(now.json["new_decisions"].size() == 1);
    CHECK(now.json["new_decisions"][0]["id"] == id);
    CHECK(now.json["new_decisions"][0]["review_month"] == "2026-11");
    CHECK(now.json["new_decisions"][0]["status_as_of"] == "done");
    CHECK(now.json["review_held_at"] == created);
    CHECK(now.json["review_held_recorded"] == true);

    // Fixed at the instant it was recorded: open then.
    Reply minutes = s.api().get(url + "&as_of=" + created, auditor);
    REQUIRE_MESSAGE(minutes.status == 200, minutes.body);
    CHECK(minutes.json["as_of"] == created);
    REQUIRE(minutes.json["new_decisions"].size() == 1);
    CHECK(minutes.json["new_decisions"][0]["status_as_of"] ==
          (created == done_at ? "done" : "open"));
    CHECK(minutes.json["trend"] == now.json["trend"]);  // the month's figures stay the month's

    // The next month's review sees it as an earlier decision until its effect is verified.
    const std::string next = "/api/v1/analytics/review-pack?month=2026-12";
    Reply december = s.api().get(next, auditor);
    REQUIRE(december.status == 200);
    CHECK(december.json["new_decisions"].empty());
    REQUIRE(december.json["earlier_decisions"].size() == 1);
    CHECK(december.json["earlier_decisions"][0]["id"] == id);
    REQUIRE(s.api()
                .post("/api/v1/corrective-actions/" + id + "/verification", {{"effective", true}},
                      auditor)
                .status == 200);
    CHECK(s.api().get(next, auditor).json["earlier_decisions"].empty());
}

}  // namespace stampline::itest

namespace stampline::itest {

TEST_CASE(
    "analytics name the plant's time zone and the work calendar time in stage is measured in") {
    TestServer s;
    const std::string auditor = s.token("auditor");
    Reply r = s.api().get("/api/v1/analytics/bottleneck?from=2026-12-01&to=2026-12-01", auditor);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    CHECK(r.json["period"]["time_zone"] == "Europe/Moscow");
    const json& calendar = r.json["work_calendar"];
    CHECK(calendar["time_zone"] == "Europe/Moscow");
    REQUIRE(calendar["shifts"].size() == 2);
    CHECK(calendar["shifts"][1]["start"] == "22:00");
    CHECK(calendar["shifts"][1]["end"] == "06:30");
    CHECK(calendar["days_off"] == json::array({"sat", "sun"}));
    r = s.api().get("/api/v1/analytics/review-pack?month=2026-11", auditor);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    CHECK(r.json["time_zone"] == "Europe/Moscow");
    CHECK(r.json["from"] == "2026-10-31T21:00:00.000Z");  // Moscow's midnight of November 1st
    CHECK(r.json["to"] == "2026-11-30T21:00:00.000Z");
    r = s.api().get("/api/v1/analytics/stages?from=2026-12-01&to=2026-12-01&format=csv", auditor);
    REQUIRE(r.status == 200);
    CHECK(r.body.find("median_working_time_s,p90_working_time_s,median_calendar_time_s,"
                      "p90_calendar_time_s") != std::string::npos);
}

}  // namespace stampline::itest
