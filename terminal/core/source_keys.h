// Key presses timed where they happened, for the keyboard wedge (keyboard_wedge.h): the Linux
// input key codes (<linux/input-event-codes.h>, as an evdev device and, plus 8, an X server report
// them) mapped to the wedge's key codes, and the source's clock (the X server's milliseconds, a
// kernel timestamp) carried onto the wedge's.
//
// Pure: no X, no evdev headers; the adapters (terminal/platform) pass plain numbers.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "terminal/core/keyboard_wedge.h"

namespace stampline::terminal {

// The wedge key (GLFW_KEY_* value) of a Linux input key code, or 0 for a key the wedge does not
// know. The key, not the character: the same on every host layout.
int wedge_key_from_linux(unsigned code);

// Carries a source's timestamps onto WedgeClock. The first event is placed at the time it was
// received; each later one at the previous one plus the source's own interval, so the gaps
// between keys are the source's, however late the keys were read. An event never lands after
// the time it was received (a late first reading would otherwise delay every later decision):
// when it would, the mapping moves back to the receipt. So a mapped gap is never longer than the
// source's gap, and a burst is never split by the reader being slow.
class SourceClock {
public:
    // `source` is the event's time on the source's clock, unwrapped (monotonic, any origin).
    WedgeClock::time_point at(std::chrono::microseconds source, WedgeClock::time_point received);

private:
    bool started_ = false;
    std::chrono::microseconds last_source_{0};
    WedgeClock::time_point last_{};
};

// Unwraps the X server's 32-bit millisecond timestamps (they wrap after 49.7 days).
class XServerTime {
public:
    std::chrono::microseconds unwrap(std::uint32_t x_ms);

private:
    bool started_ = false;
    std::uint32_t last_raw_ = 0;
    std::int64_t ms_ = 0;
};

// The key events of a scanner that has its own input device (evdev), so that every key is the
// scanner's: Enter (or keypad Enter) ends a scan, characters come from the US map with the
// modifiers held, Linux key codes in. A run left without its Enter for longer than `stale`
// (a scan cut off by unplugging, a misconfigured suffix) is dropped when the next key comes,
// judged on the source's timestamps, never on when the keys were read.
class ScannerKeyDecoder {
public:
    struct Scan {
        std::string text;                // without the Enter
        std::chrono::microseconds time;  // the Enter's timestamp
    };
    explicit ScannerKeyDecoder(std::chrono::microseconds stale = std::chrono::seconds(1))
        : stale_(stale) {}

    // One EV_KEY event: value 1 press, 0 release, 2 autorepeat (ignored).
    std::optional<Scan> key(unsigned code, int value, std::chrono::microseconds time);
    // Characters dropped so far as stale runs (for the log).
    std::size_t dropped() const { return dropped_; }

private:
    std::chrono::microseconds stale_;
    bool shift_left_ = false, shift_right_ = false, ctrl_ = false, alt_ = false;
    std::string text_;
    std::chrono::microseconds last_{0};
    std::size_t dropped_ = 0;
};

}  // namespace stampline::terminal
