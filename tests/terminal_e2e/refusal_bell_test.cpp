// A refusal sounds the panel's bell once (issue 16: refusals are shown where the eye is, with a
// sound where the panel has one): the test listens on the terminal's X server for XKB bell
// notifications while a foreign barcode and a wrong PIN are refused, and while a badge is read.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "terminal_e2e/station_fixture.h"

// Last: Xlib's macros (Status, KeyPress) clash with the project's names.
#include <X11/XKBlib.h>

namespace stampline::e2e {

namespace {

// Counts the XKB bell notifications on a display.
class BellListener {
public:
    explicit BellListener(const std::string& display) {
        display_ = XOpenDisplay(display.c_str());
        REQUIRE(display_ != nullptr);
        int opcode = 0, error_base = 0, major = XkbMajorVersion, minor = XkbMinorVersion;
        REQUIRE(XkbQueryExtension(display_, &opcode, &event_base_, &error_base, &major, &minor));
        XkbSelectEvents(display_, XkbUseCoreKbd, XkbBellNotifyMask, XkbBellNotifyMask);
        XSync(display_, False);
    }
    ~BellListener() { XCloseDisplay(display_); }

    // The bells rung since the last call, after waiting `settle` for late ones.
    int take(std::chrono::milliseconds settle = std::chrono::milliseconds(500)) {
        std::this_thread::sleep_for(settle);
        XSync(display_, False);
        int bells = 0;
        while (XPending(display_) > 0) {
            XEvent e;
            XNextEvent(display_, &e);
            if (e.type == event_base_ &&
                reinterpret_cast<XkbEvent*>(&e)->any.xkb_type == XkbBellNotify)
                ++bells;
        }
        return bells;
    }

private:
    Display* display_ = nullptr;
    int event_base_ = 0;
};

}  // namespace

TEST_CASE("each refusal shown rings the panel's bell once, and a badge read does not") {
    Station st("ST-ASM-1", "ASSEMBLY");
    TerminalProcess& t = st.terminal();
    t.wait_for_screen("idle");
    BellListener bells(st.terminal_display());
    CHECK(bells.take() == 0);

    st.input().scan("HELLO-42");
    t.wait_for([](const json& s) { return s["scan_error"] != ""; }, "the foreign code refused");
    CHECK(bells.take() == 1);
    st.input().scan("HELLO-42");  // the same code again is a new refusal
    t.wait_for([](const json& s) { return s["scans_read"] == 2; }, "the second scan read");
    CHECK(bells.take() == 1);

    st.input().scan(badge_payload(Station::kStamp));
    t.wait_for_screen("pin");
    CHECK(bells.take() == 0);
    st.enter_pin("0000");
    t.wait_for([](const json& s) { return s["pin"]["error"] != ""; }, "a wrong PIN");
    CHECK(bells.take() == 1);
}

}  // namespace stampline::e2e
