// Must show 2 of the terminal issue: a worker at the assembly station signs in with badge and
// PIN, scans a unit's sheet, accepts it from the previous stage with the control-point checklist,
// signs the stage off, raises a nonconformance and records its correction — all through the real
// window, with scans typed as physical key codes. The server's trail then holds exactly those
// events, signed with the worker's stamp at this station.
#include <doctest/doctest.h>

#include <algorithm>

#include "terminal_e2e/station_fixture.h"

namespace stampline::e2e {

namespace {

// The events after the walk that brought the unit to the station.
std::vector<json> events_since(const json& trail, std::size_t skip) {
    std::vector<json> out;
    for (std::size_t i = skip; i < trail["events"].size(); ++i)
        out.push_back(trail["events"][i]["event"]);
    return out;
}

void click(Station& st, const json& state, const std::string& button) {
    const auto [x, y] = st.terminal().button(state, button);
    st.input().click(x, y);
}

json recorded(Station& st) {
    const json s = st.terminal().wait_for(
        [](const json& s) { return s.value("screen", "") == "result" && !s["result"].is_null(); },
        "a result screen");
    INFO(s.dump(1));
    CHECK(s["result"]["recorded"] == true);
    return s;
}

}  // namespace

TEST_CASE(
    "a worker's badge, PIN, sheet scan, acceptance, sign-off, NC and correction reach the server's "
    "trail signed with the worker's stamp at this station") {
    Station st("ST-ASM-1", "ASSEMBLY");
    itest::TestServer& srv = st.server();
    srv.sheet("2611000501", "KSO298", "Z26117");
    srv.walk("2611000501", "KSO298", "ASSEMBLY");
    const std::size_t walked = st.server_trail("2611000501")["events"].size();

    st.terminal().wait_for_screen("idle");
    st.terminal().screenshot(screenshot_path("idle"));
    st.input().scan(badge_payload(Station::kStamp));
    st.terminal().wait_for_screen("pin");
    st.input().type_slowly(std::string(Station::kPin).substr(0, 2));
    st.terminal().wait_for([](const json& s) { return s["pin"]["digits"] == 2; }, "two digits");
    st.terminal().screenshot(screenshot_path("pin"));
    st.input().type_slowly(std::string(Station::kPin).substr(2));
    st.terminal().wait_for([](const json& s) { return s["pin"]["digits"] == 4; }, "four digits");
    st.input().key(keycode::kReturn);
    CHECK(st.terminal().wait_for_screen("scan_sheet")["session"] == Station::kStamp);

    st.input().scan(sheet_payload("2611000501", "KSO298", "Z26117"));
    json s = st.terminal().wait_for(
        [](const json& s) {
            return s.value("screen", "") == "unit_card" && s["card"]["source"] == "server";
        },
        "the unit card from the server's trail");
    CHECK(s["card"]["serial"] == "2611000501");
    CHECK(s["card"]["stage"] == "ASSEMBLY");
    st.terminal().screenshot(screenshot_path("unit-card"));

    // Accept from PAINT: every item of the control point passed.
    st.input().key(keycode::kF1);
    s = st.terminal().wait_for_screen("acceptance");
    CHECK(s["acceptance"]["from_stage"] == "PAINT");
    st.terminal().screenshot(screenshot_path("acceptance"));
    const std::size_t rows = s["acceptance"]["rows"].size();
    REQUIRE(rows > 0);
    for (std::size_t i = 0; i < rows; ++i) {
        click(st, s, "check." + std::to_string(i) + ".yes");
        s = st.terminal().wait_for(
            [&](const json& s) { return s["acceptance"]["rows"][i] == true; },
            "check " + std::to_string(i) + " ticked as passed");
    }
    st.input().key(keycode::kReturn);
    recorded(st);
    st.input().key(keycode::kReturn);  // dismiss
    st.terminal().wait_for_screen("unit_card");

    // Sign off ASSEMBLY.
    st.input().key(keycode::kF1 + 1);
    st.terminal().wait_for_screen("sign_off");
    st.input().key(keycode::kReturn);
    recorded(st);
    st.terminal().screenshot(screenshot_path("result-recorded"));
    st.input().key(keycode::kReturn);
    st.terminal().wait_for_screen("unit_card");

    // Raise an NC found here that arose at PAINT.
    st.input().key(keycode::kF1 + 2);
    s = st.terminal().wait_for_screen("nc_form");
    click(st, s, "nc.category.PNT");
    s = st.terminal().wait_for([](const json& s) { return s["nc_form"]["category"] == "PNT"; },
                               "the PNT category chosen");
    click(st, s, "nc.code.PNT-01");
    s = st.terminal().wait_for([](const json& s) { return s["nc_form"]["code"] == "PNT-01"; },
                               "the code PNT-01 chosen");
    click(st, s, "nc.origin.PAINT");
    s = st.terminal().wait_for(
        [](const json& s) { return s["nc_form"]["origin_stage"] == "PAINT"; },
        "the origin PAINT chosen");
    st.terminal().screenshot(screenshot_path("nc-form"));
    click(st, s, "ui.nc.submit");
    recorded(st);
    st.input().key(keycode::kReturn);
    s = st.terminal().wait_for_screen("unit_card");

    // The worker records the correction; verifying it with the same stamp is refused on the spot
    // (independent verification) and nothing is recorded.
    click(st, s, "nc.0.correct");
    s = st.terminal().wait_for_screen("nc_follow_up");
    click(st, s, "ui.follow_up.submit");
    recorded(st);
    st.input().key(keycode::kReturn);
    s = st.terminal().wait_for(
        [](const json& s) {
            return s.value("screen", "") == "unit_card" && s["buttons"].contains("nc.0.verify");
        },
        "the corrected NC offered for verification");
    click(st, s, "nc.0.verify");
    s = st.terminal().wait_for(
        [](const json& s) {
            const std::string screen = s.value("screen", "");
            return screen == "result" || screen == "nc_follow_up";
        },
        "the verification form or its refusal");
    if (s["screen"] == "nc_follow_up") {
        click(st, s, "ui.follow_up.submit");
        s = st.terminal().wait_for_screen("result");
    }
    CHECK(s["result"]["recorded"] == false);
    st.terminal().screenshot(screenshot_path("result-refused"));

    st.terminal().wait_for([](const json& s) { return s["sync"]["outbox_depth"] == 0; },
                           "the outbox drained");
    const std::vector<json> acts = events_since(st.server_trail("2611000501"), walked);
    REQUIRE(acts.size() == 4);
    CHECK(acts[0]["type"] == "stage_accepted");
    CHECK(acts[1]["type"] == "stage_signed_off");
    CHECK(acts[2]["type"] == "nc_raised");
    CHECK(acts[2]["code"] == "PNT-01");
    CHECK(acts[2]["origin_stage"] == "PAINT");
    CHECK(acts[3]["type"] == "nc_corrected");
    CHECK(acts[3]["nc"] == acts[2]["id"]);
    for (const json& e : acts) {
        CHECK(e["stamp"] == Station::kStamp);
        CHECK(e["station"] == "ST-ASM-1");
        CHECK(e["stage"] == "ASSEMBLY");
    }
}

}  // namespace stampline::e2e
