// A person's keys are taken in the order typed even when several reach the terminal between two
// frames: a starved X server hands over queued keys together, and a slow renderer draws a frame
// only every 0.1 s or so. The PIN is the place where order matters most: its digits, typed
// faster than the frames, must still sign the worker in.
#include <doctest/doctest.h>

#include "terminal_e2e/station_fixture.h"

namespace stampline::e2e {

TEST_CASE(
    "a PIN whose digits reach the terminal between two frames signs in, in the typed order, at "
    "normal and at slow frames") {
    // No pause between the keys: the wedge holds them as a possible scan, then hands the four
    // over in one go when no Enter follows. 60 ms apart: more than a scanner's gap, less than
    // a softpipe frame.
    for (const auto& [slow_frames, gap_ms] : {std::pair{false, 0}, {true, 0}, {true, 60}}) {
        CAPTURE(slow_frames);
        CAPTURE(gap_ms);
        ScopedEnv gallium("GALLIUM_DRIVER", slow_frames ? "softpipe" : nullptr);
        Station st("ST-ASM-1", "ASSEMBLY");
        st.terminal().wait_for_screen("idle");
        st.input().scan(badge_payload(Station::kStamp));
        st.terminal().wait_for_screen("pin");
        st.input().type_slowly(Station::kPin, gap_ms);
        const json s = st.terminal().wait_for(
            [](const json& s) { return s["pin"]["digits"] == 4 || s["pin"]["error"] != ""; },
            "the PIN's four digits shown");
        REQUIRE(s["pin"]["digits"] == 4);
        st.input().key(keycode::kReturn);
        CHECK(st.terminal().wait_for_screen("scan_sheet")["session"] == Station::kStamp);
    }
}

}  // namespace stampline::e2e
