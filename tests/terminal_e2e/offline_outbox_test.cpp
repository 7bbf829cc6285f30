// Must show 3 of the terminal issue: with the server stopped the terminal keeps recording; 200
// sign-offs survive a SIGKILL of the terminal in its outbox, and when the server comes back every
// one of them reaches it exactly once while the status bar shows the backlog draining.
#include <doctest/doctest.h>

#include <set>

#include "terminal_e2e/station_fixture.h"

namespace stampline::e2e {

TEST_CASE("200 sign-offs recorded offline survive a SIGKILL and reach the server exactly once") {
    constexpr int kUnits = 200;
    Station st("ST-TZ-1", "TZ", {"--sync-batch", "5"});
    itest::TestServer& srv = st.server();
    std::vector<std::string> serials;
    for (int i = 0; i < kUnits; ++i) {
        serials.push_back("OFF" + std::to_string(1000 + i));
        srv.sheet(serials.back(), "SHU", "Z26118");
    }
    const int events_before = srv.health()["events"].get<int>();
    REQUIRE(srv.stop() == 0);

    st.sign_in(Station::kStamp, Station::kPin);
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
    json s = st.terminal().state();
    CHECK(s["sync"]["outbox_depth"] == kUnits);
    CHECK(s["sync"]["online"] == false);

    st.terminal().kill_hard();
    st.restart_terminal();  // offline: reference data from the outbox file's cache
    s = st.terminal().state();
    CHECK(s["sync"]["outbox_depth"] == kUnits);

    srv.restart();
    // The backlog drains in batches; the status bar shows progress on the way.
    // Small batches (--sync-batch 5) make the drain last long enough to be seen.
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
    std::set<std::string> signed_off;
    for (const std::string& serial : serials) {
        const json trail = st.server_trail(serial);
        int sign_offs = 0;
        for (const json& e : trail["events"])
            if (e["event"]["type"] == "stage_signed_off") ++sign_offs;
        CHECK_MESSAGE(sign_offs == 1, serial);
        if (sign_offs == 1) signed_off.insert(serial);
    }
    CHECK(signed_off.size() == kUnits);
}

}  // namespace stampline::e2e
