// A keyboard-mode scanner's burst is one scan however slow the terminal draws (issue 16, must
// show 1 and 2): the X path times keys by the X server, so frames of about 0.1 s (Mesa softpipe)
// neither split a burst nor let its keys act on the screen that is open.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <thread>

#include "terminal_e2e/emulated_evdev.h"
#include "terminal_e2e/station_fixture.h"

namespace stampline::e2e {

namespace {

constexpr const char* kProduct = "KSO298";
constexpr const char* kOrder = "Z26117";
constexpr const char* kUnitA = "2611000601";
constexpr const char* kUnitB = "2611000602";

// The frames the terminal logged ("frame <microseconds>"), in milliseconds.
std::vector<double> frame_ms(const std::string& latency_log) {
    std::ifstream in(latency_log);
    std::vector<double> out;
    std::string word;
    long long us = 0;
    while (in >> word >> us)
        if (word == "frame") out.push_back(static_cast<double>(us) / 1000.0);
    return out;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

enum class Path { X11, Evdev };

// The assembly station with units A and B walked to it and the worker signed in; its terminal
// draws with Mesa softpipe (frames of about 0.1 s) when slow_frames, else with the default. With
// Path::Evdev it also reads the emulated scanner device (emulated_evdev.h).
struct SlowStation {
    itest::TempDir logs;
    std::string latency = logs.path() + "/latency.log";
    ScopedEnv gallium;  // set while the terminal starts (members are made in this order)
    std::unique_ptr<EmulatedEvdevScanner> evdev;
    Station st;

    explicit SlowStation(bool slow_frames, Path path = Path::X11)
        : gallium("GALLIUM_DRIVER", slow_frames ? "softpipe" : nullptr),
          evdev(path == Path::Evdev ? std::make_unique<EmulatedEvdevScanner>() : nullptr),
          st("ST-ASM-1", "ASSEMBLY", flags(path),
             path == Path::Evdev ? EmulatedEvdevScanner::preload_wrapper()
                                 : std::vector<std::string>{}) {
        for (const char* unit : {kUnitA, kUnitB}) {
            st.server().sheet(unit, kProduct, kOrder);
            st.server().walk(unit, kProduct, "ASSEMBLY");
        }
        st.sign_in(Station::kStamp, Station::kPin);
        const json s = st.terminal().state();
        CHECK(s["scanner"]["via"] == (path == Path::Evdev ? "evdev" : "X11"));
    }

    std::vector<std::string> flags(Path path) const {
        std::vector<std::string> out = {"--latency-log", latency};
        if (path == Path::Evdev)
            out.insert(out.end(), {"--scanner-evdev", EmulatedEvdevScanner::kUsbId});
        return out;
    }

    // Types a sheet's payload through the path under test.
    void type(Path path, const std::string& payload, int gap_us) {
        if (path == Path::Evdev)
            evdev->scan(payload, gap_us);
        else
            st.input().scan(payload, gap_us);
    }

    json open(const std::string& unit) {
        st.input().scan(sheet_payload(unit, kProduct, kOrder));
        return st.terminal().wait_for(
            [&](const json& s) {
                return s.value("screen", "") == "unit_card" && s["card"]["serial"] == unit &&
                       s["card"]["source"] == "server";
            },
            "the card of " + unit);
    }
};

// 50 sheet bursts at 1 ms and 50 at 4 ms key spacing through `path`, under slow frames: each
// is one scan, none refused, and the frames were slow enough to have split them when keys were
// timed per frame.
void bursts_read_whole(Path path) {
    SlowStation slow(true, path);
    Station& st = slow.st;
    slow.open(kUnitA);
    for (const int gap_us : {1000, 4000}) {
        CAPTURE(gap_us);
        const std::uint64_t before = st.terminal().state()["scans_read"];
        // Back to back, a pause between bursts as between two sheets; each switches the card.
        for (int i = 0; i < 50; ++i) {
            slow.type(path, sheet_payload(i % 2 ? kUnitA : kUnitB, kProduct, kOrder), gap_us);
            std::this_thread::sleep_for(std::chrono::milliseconds(120));
        }
        st.terminal().wait_for(
            [&](const json& s) { return s["scans_read"].get<std::uint64_t>() >= before + 50; },
            "50 scans read", std::chrono::seconds(60));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // any late fragment
        const json after = st.terminal().state();
        CHECK(after["scans_read"].get<std::uint64_t>() == before + 50);
        CHECK(after["scan_error"] == "");
        CHECK(after["card"]["serial"] == kUnitA);  // the 50th burst
        CHECK(count_of(st.terminal().stderr_text(), "scan refused") == 0);
    }
    // The frames really were slow: a frame loop timing keys would have split bursts.
    const std::vector<double> frames = frame_ms(slow.latency);
    REQUIRE(frames.size() > 20);
    MESSAGE("softpipe frames: " << frames.size() << ", median " << median(frames) << " ms");
    CHECK(median(frames) >= 50.0);
}

}  // namespace

TEST_CASE(
    "under frames of about 0.1 s, 50 sheet bursts at 1 ms and 50 at 4 ms key spacing are "
    "each read whole through the X server's timestamps") {
    bursts_read_whole(Path::X11);
}

TEST_CASE(
    "under frames of about 0.1 s, 50 sheet bursts at 1 ms and 50 at 4 ms key spacing are "
    "each read whole from the scanner's own input device (evdev)") {
    bursts_read_whole(Path::Evdev);
}

TEST_CASE(
    "a sheet scanned on another unit's acceptance, sign-off or NC screen opens that unit and "
    "records nothing for the first, at normal and at slow frames") {
    for (const bool slow_frames : {false, true}) {
        CAPTURE(slow_frames);
        SlowStation slow(slow_frames);
        Station& st = slow.st;
        itest::TestServer& srv = st.server();
        const json accepted =
            srv.post_one(srv.token("terminal", itest::station_for("ASSEMBLY")),
                         srv.events().accept(kUnitA, kProduct, "ASSEMBLY", "ALL"));
        REQUIRE_MESSAGE(accepted["status"] == "accepted", accepted.dump());
        const std::size_t trail_a = st.server_trail(kUnitA)["events"].size();
        const std::size_t trail_b = st.server_trail(kUnitB)["events"].size();
        struct Screen {
            int fkey;  // F1 acceptance, F2 sign-off, F3 NC form, from the card
            const char* name;
        };
        for (const Screen screen : {Screen{1, "sign_off"}, Screen{2, "nc_form"}}) {
            CAPTURE(screen.name);
            slow.open(kUnitA);
            st.input().key(keycode::kF1 + screen.fkey);
            st.terminal().wait_for_screen(screen.name);
            slow.open(kUnitB);
        }
        // Acceptance: unit B has not been accepted here, so its card offers the checklist.
        slow.open(kUnitB);
        st.input().key(keycode::kF1);
        st.terminal().wait_for_screen("acceptance");
        CHECK(slow.open(kUnitA)["acceptance"].is_null());
        // Nothing was recorded, for either unit: not on the terminal, not on the server.
        CHECK(st.terminal().state()["sync"]["outbox_depth"] == 0);
        CHECK(st.server_trail(kUnitA)["events"].size() == trail_a);
        CHECK(st.server_trail(kUnitB)["events"].size() == trail_b);
        CHECK(count_of(st.terminal().stderr_text(), "scan refused") == 0);
    }
}

}  // namespace stampline::e2e
