// Must show 2 of the integrity issue: a terminal whose clock runs 10 minutes ahead (faketime)
// measures its offset at its first exchange with the server and warns on its status bar; the
// server's terminal page and /metrics show the offset; its acts carry the corrected time, so the
// next stage signed a moment later on a terminal whose clock is right is accepted and follows
// it in the trail, although the two clocks say the opposite.
#include <doctest/doctest.h>

#include "integration/web_session.h"
#include "terminal_e2e/station_fixture.h"

namespace stampline::e2e {

namespace {

constexpr std::int64_t kMinuteMs = 60'000;

std::int64_t ms(const json& utc) {
    return parse_utc(utc.get<std::string>()).value().ms;
}

}  // namespace

TEST_CASE("a terminal 10 minutes ahead warns, is measured, and its acts keep their real order") {
    Station st("ST-TZ-1", "TZ");
    itest::TestServer& srv = st.server();
    srv.sheet("DRIFT1", "SHU", "Z26118");
    st.terminal().kill_hard();
    st.restart_terminal({"/usr/bin/faketime", "-f", "+10m"});

    // Measured at the first exchange (the reference), before any act.
    const json measured = st.terminal().wait_for(
        [](const json& s) {
            const json& offset = s["sync"]["clock_offset_ms"];
            return offset.is_number() && offset.get<std::int64_t>() > 9 * kMinuteMs;
        },
        "the clock offset measured");
    CHECK(measured["sync"]["clock_offset_ms"].get<std::int64_t>() < 11 * kMinuteMs);
    st.terminal().screenshot(screenshot_path("clock-ahead-warning"));

    st.sign_in(Station::kStamp, Station::kPin);
    st.terminal().command("SCAN " + sheet_payload("DRIFT1", "SHU", "Z26118"));
    st.terminal().wait_for_screen("unit_card");
    st.input().key(keycode::kF1 + 1);
    st.terminal().wait_for_screen("sign_off");
    st.input().key(keycode::kReturn);
    const json result = st.terminal().wait_for_screen("result");
    REQUIRE_MESSAGE(result["result"]["recorded"] == true, result.dump(1));
    st.terminal().wait_for(
        [](const json& s) { return s["sync"]["outbox_depth"] == 0 && s["sync"]["online"] == true; },
        "the sign-off sent");
    CHECK(srv.quarantine().empty());

    // The next stage a moment later, at a terminal whose clock is right.
    srv.ensure_walker_stamp();
    const std::string design = srv.token("terminal", itest::station_for("DESIGN"));
    const json next = srv.post_one(design, srv.events().accept("DRIFT1", "SHU", "DESIGN", "ALL"));
    CHECK_MESSAGE(next["status"] == "accepted", next.dump());

    const json events = st.server_trail("DRIFT1")["events"];
    REQUIRE(events.size() == 3);
    const json& drifted = events[1]["event"];
    REQUIRE(drifted["type"] == "stage_signed_off");
    REQUIRE(drifted.contains("corrected_time"));
    const std::int64_t ahead = ms(drifted["terminal_time"]) - ms(drifted["corrected_time"]);
    CHECK(ahead > 9 * kMinuteMs);
    CHECK(ahead < 11 * kMinuteMs);
    CHECK(events[1]["act_time"] == drifted["corrected_time"]);
    // In order by the corrected times; the terminals' own clocks say the opposite.
    CHECK(ms(events[1]["act_time"]) < ms(events[2]["act_time"]));
    CHECK(ms(drifted["terminal_time"]) > ms(events[2]["event"]["terminal_time"]));

    // The server shows the offset: the terminals page and /metrics.
    itest::WebSession web(srv);
    web.sign_in_with_link(srv.token("auditor"));
    const std::string page = itest::page_text(web.get("/ui/terminals").body);
    CHECK_MESSAGE(page.find("ST-TZ-1") != std::string::npos, page);
    CHECK_MESSAGE(page.find("+10 мин") != std::string::npos, page);
    CHECK_MESSAGE(page.find("часы расходятся с сервером") != std::string::npos, page);
    const std::string trail_page = itest::page_text(web.get("/ui/units/DRIFT1").body);
    CHECK_MESSAGE(trail_page.find("часы терминала:") != std::string::npos, trail_page);
    const std::string metrics = srv.api().get("/metrics").body;
    const std::string gauge = "stampline_terminal_clock_offset_seconds{station=\"ST-TZ-1\"} ";
    const std::size_t at = metrics.find(gauge);
    REQUIRE_MESSAGE(at != std::string::npos, metrics);
    const double seconds = std::stod(metrics.substr(at + gauge.size(), 16));
    CHECK(seconds > 540);
    CHECK(seconds < 660);
}

}  // namespace stampline::e2e
