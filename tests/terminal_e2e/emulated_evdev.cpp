#include "terminal_e2e/emulated_evdev.h"

#include <doctest/doctest.h>
#include <linux/input.h>
#include <time.h>
#include <umockdev.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "terminal_e2e/x_display.h"

namespace stampline::e2e {

namespace {

constexpr const char* kDevnode = "/dev/input/event7";

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void add_ns(timespec& t, long ns) {
    t.tv_nsec += ns;
    while (t.tv_nsec >= 1'000'000'000L) {
        t.tv_nsec -= 1'000'000'000L;
        ++t.tv_sec;
    }
}

}  // namespace

struct EmulatedEvdevScanner::Impl {
    UMockdevTestbed* testbed = nullptr;
    int device = -1;  // the testbed's end of the device node
};

EmulatedEvdevScanner::EmulatedEvdevScanner() : impl_(std::make_unique<Impl>()) {
    impl_->testbed = umockdev_testbed_new();
    REQUIRE(impl_->testbed != nullptr);
    const std::string description =
        read_file(std::string(STAMPLINE_TEST_DATA) + "/input/scanner-evdev.umockdev");
    REQUIRE_FALSE(description.empty());
    GError* error = nullptr;
    const bool added =
        umockdev_testbed_add_from_string(impl_->testbed, description.c_str(), &error);
    REQUIRE_MESSAGE(added, (error ? error->message : "umockdev_testbed_add_from_string"));
    impl_->device = umockdev_testbed_get_dev_fd(impl_->testbed, kDevnode);
    REQUIRE(impl_->device >= 0);
}

EmulatedEvdevScanner::~EmulatedEvdevScanner() {
    if (impl_->testbed) g_object_unref(impl_->testbed);
}

std::vector<std::string> EmulatedEvdevScanner::preload_wrapper() {
    std::string asan = std::getenv("ASAN_OPTIONS") ? std::getenv("ASAN_OPTIONS") : "";
    // Under the sanitizer build the preload comes before ASan's runtime: allowed, as for the
    // umockdev tests of devices/.
    asan += std::string(asan.empty() ? "" : ":") + "verify_asan_link_order=0";
    return {"/usr/bin/env", "LD_PRELOAD=libumockdev-preload.so.0", "ASAN_OPTIONS=" + asan};
}

void EmulatedEvdevScanner::scan(std::string_view text, int gap_us) {
    struct Key {
        unsigned code;
        int value;
    };
    std::vector<Key> keys;
    auto tap = [&](unsigned code, unsigned modifier) {
        if (modifier) keys.push_back({modifier, 1});
        keys.push_back({code, 1});
        keys.push_back({code, 0});
        if (modifier) keys.push_back({modifier, 0});
    };
    for (const char c : text) {
        if (c == '\x1d') {
            tap(KEY_RIGHTBRACE, KEY_LEFTCTRL);
            continue;
        }
        int x_keycode = 0;
        bool shift = false;
        REQUIRE_MESSAGE(us_key_for(c, &x_keycode, &shift), "no US key types '" << c << "'");
        tap(static_cast<unsigned>(x_keycode - 8), shift ? KEY_LEFTSHIFT : 0);
    }
    tap(KEY_ENTER, 0);

    timespec at{};
    clock_gettime(CLOCK_MONOTONIC, &at);
    timespec stamp{};
    clock_gettime(CLOCK_REALTIME, &stamp);
    for (const Key& k : keys) {
        input_event frame[3];
        std::memset(frame, 0, sizeof frame);
        for (input_event& e : frame) {
            e.input_event_sec = stamp.tv_sec;
            e.input_event_usec = stamp.tv_nsec / 1000;
        }
        frame[0].type = EV_MSC;
        frame[0].code = MSC_SCAN;
        frame[0].value = static_cast<int>(0x70000 + k.code);
        frame[1].type = EV_KEY;
        frame[1].code = static_cast<unsigned short>(k.code);
        frame[1].value = k.value;
        frame[2].type = EV_SYN;
        frame[2].code = SYN_REPORT;
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr);
        REQUIRE(write(impl_->device, frame, sizeof frame) == static_cast<ssize_t>(sizeof frame));
        add_ns(at, gap_us * 1000L);
        add_ns(stamp, gap_us * 1000L);
    }
}

}  // namespace stampline::e2e
