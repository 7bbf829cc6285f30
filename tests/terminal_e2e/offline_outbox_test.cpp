// Must show 3 of the terminal issue, and of the integrity issue: with the server stopped the
// terminal keeps recording over two simulated days (the terminal runs under faketime, two days
// back and then one); 200 sign-offs survive a SIGKILL of the terminal in its outbox, and when the
// server comes back every one of them reaches it exactly once, within the offline window, while
// the status bar shows the backlog draining.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "shared/system_clock.h"
#include "terminal_e2e/station_fixture.h"

namespace stampline::e2e {

namespace {

constexpr std::int64_t kDayMs = 86'400'000;

// Sign-offs of TZ on `serials` by the signed-in stamp, each one on screen until recorded.
void sign_off_each(Station& st, const std::vector<std::string>& serials) {
    for (const std::string& serial : serials) {
        st.terminal().command("SCAN " + sheet_payload(serial, "SHU", "Z26118"));
        st.terminal().wait_for(
            [&](const json& s) {
                return s.value("screen", "") == "unit_card" && s["card"]["serial"] == serial;
            },
            "the card of " + serial);
        st.input().key(keycode::kF1 + 1);
        st.terminal().wait_for_screen("sign_off");
        st.input().key(keycode::kReturn);
        const json r = st.terminal().wait_for_screen("result");
        REQUIRE_MESSAGE(r["result"]["recorded"] == true, r.dump(1));
    }
}

}  // namespace

TEST_CASE(
    "200 sign-offs recorded offline over two days survive a SIGKILL and reach the server once") {
    constexpr int kUnits = 200;
    Station st("ST-TZ-1", "TZ", {"--sync-batch", "1"});
    itest::TestServer& srv = st.server();
    std::vector<std::string> serials;
    // The sheets were issued three days ago (an office import: dated by the office).
    json sheets = json::array();
    const std::string three_days_ago = format_utc(Timestamp{SystemClock().now().ms - 3 * kDayMs});
    for (int i = 0; i < kUnits; ++i) {
        serials.push_back("OFF" + std::to_string(1000 + i));
        json e = srv.events().make(
            "sheet_issued", serials.back(), "", "", "",
            {{"product_type", "SHU"}, {"order", "Z26118"}, {"actor", "planner:import"}});
        e["terminal_time"] = three_days_ago;
        sheets.push_back(std::move(e));
        if (sheets.size() == 100) {
            REQUIRE(srv.post_events(srv.admin(), sheets).status == 200);
            sheets = json::array();
        }
    }
    const int events_before = srv.health()["events"].get<int>();
    REQUIRE(events_before == kUnits);
    REQUIRE(srv.stop() == 0);

    // Day one (two days ago) and day two (yesterday): the terminal restarted offline each
    // morning, with no measure of its clock against the server's: its own clock dates the acts.
    const std::vector<std::string> day_one(serials.begin(), serials.begin() + kUnits / 2);
    const std::vector<std::string> day_two(serials.begin() + kUnits / 2, serials.end());
    st.terminal().kill_hard();
    st.restart_terminal({"/usr/bin/faketime", "-f", "-2d"});
    st.sign_in(Station::kStamp, Station::kPin);
    sign_off_each(st, day_one);
    st.terminal().kill_hard();
    st.restart_terminal({"/usr/bin/faketime", "-f", "-1d"});
    st.sign_in(Station::kStamp, Station::kPin);
    sign_off_each(st, day_two);
    json s = st.terminal().state();
    CHECK(s["sync"]["outbox_depth"] == kUnits);
    CHECK(s["sync"]["online"] == false);

    st.terminal().kill_hard();
    st.restart_terminal();  // today, offline: reference data from the outbox file's cache
    s = st.terminal().state();
    CHECK(s["sync"]["outbox_depth"] == kUnits);

    srv.restart();
    // The backlog drains in batches; the status bar shows progress on the way.
    // One act per batch (--sync-batch 1) makes the drain last long enough to be seen: with 5
    // the drain sometimes ended between two polls of the state.
    std::vector<std::pair<int, int>> progress;  // (sent, total) while draining online
    s = st.terminal().wait_for(
        [&](const json& s) {
            const int total = s["sync"]["backlog_total"].get<int>();
            const int sent = s["sync"]["backlog_sent"].get<int>();
            if (s["sync"]["online"] == true && total > 0 && sent < total) {
                if (progress.empty()) st.terminal().screenshot(screenshot_path("offline-draining"));
                progress.emplace_back(sent, total);
            }
            return s["sync"]["outbox_depth"] == 0 && s["sync"]["online"] == true;
        },
        "the outbox drained", std::chrono::seconds(60));
    st.terminal().screenshot(screenshot_path("offline-drained"));
    REQUIRE_MESSAGE(!progress.empty(), "the status bar never showed the backlog draining");
    for (std::size_t i = 1; i < progress.size(); ++i)
        CHECK(progress[i].first >= progress[i - 1].first);  // never goes backwards
    CHECK(progress.front().second == kUnits);
    CHECK(srv.health()["events"].get<int>() == events_before + kUnits);
    CHECK(srv.quarantine().empty());
    std::set<std::string> signed_off;
    std::vector<std::int64_t> act_times;
    for (const std::string& serial : serials) {
        const json trail = st.server_trail(serial);
        int sign_offs = 0;
        for (const json& e : trail["events"])
            if (e["event"]["type"] == "stage_signed_off") {
                ++sign_offs;
                act_times.push_back(parse_utc(e["act_time"].get<std::string>()).value().ms);
            }
        CHECK_MESSAGE(sign_offs == 1, serial);
        if (sign_offs == 1) signed_off.insert(serial);
    }
    CHECK(signed_off.size() == kUnits);
    // The acts are dated over the two days they were recorded on: the first two days back, the
    // last one day back (each run of acts takes minutes).
    REQUIRE(act_times.size() == kUnits);
    const std::int64_t now = SystemClock().now().ms;
    constexpr std::int64_t kRunMs = 30 * 60'000;
    const auto [first, last] = std::minmax_element(act_times.begin(), act_times.end());
    CHECK(*first > now - 2 * kDayMs - kRunMs);
    CHECK(*first < now - 2 * kDayMs);
    CHECK(*last > now - kDayMs - kRunMs);
    CHECK(*last < now - kDayMs);
}

}  // namespace stampline::e2e
