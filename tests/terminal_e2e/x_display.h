// A private X server for the terminal's end-to-end tests, and input sent to it the way hardware
// sends it: through the XTEST extension as *physical key codes* (a keyboard-mode scanner presses
// the keys of a US layout whatever the host layout) and as mouse clicks (a finger on the panel).
// Unlike `xdotool type`, nothing here remaps keys to produce a character.
#pragma once
#include <sys/types.h>

#include <string>
#include <string_view>

struct _XDisplay;

namespace stampline::e2e {

// Xvfb on a free display number (-displayfd), 1280x800x24; killed on destruction.
class Xvfb {
public:
    Xvfb(int width = 1280, int height = 800);
    ~Xvfb();
    Xvfb(const Xvfb&) = delete;
    Xvfb& operator=(const Xvfb&) = delete;
    const std::string& display() const { return display_; }  // ":N"

private:
    pid_t pid_ = -1;
    std::string display_;
};

// X key codes of a US keyboard (evdev code + 8).
namespace keycode {
inline constexpr int kEscape = 9;
inline constexpr int kBackspace = 22;
inline constexpr int kReturn = 36;
inline constexpr int kControlL = 37;
inline constexpr int kShiftL = 50;
inline constexpr int kF1 = 67;  // F1..F10 are 67..76
inline constexpr int kKeypadEnter = 104;
}  // namespace keycode

// The physical key (X key code) and shift state that type `c` on a US layout; false for a
// character a US keyboard has no key for.
bool us_key_for(char c, int* keycode, bool* shift);

class XInput {
public:
    explicit XInput(const std::string& display);
    ~XInput();
    XInput(const XInput&) = delete;
    XInput& operator=(const XInput&) = delete;

    // Types text as a keyboard-mode scanner does: one press and release per character (Shift
    // around shifted ones, Ctrl+] for ASCII 29), then Enter; `gap_us` between key events.
    // Keep gap_us >= 1000: a USB scanner's reports are at least 1 ms apart, and GLFW drops a
    // second press of a key that carries the same X timestamp (milliseconds) as the first.
    // Each key event is a round trip to the server, so it is stamped when it is sent.
    void scan(std::string_view text, int gap_us = 2000);
    // Presses and releases one key (e.g. a digit key of the PIN as a person types it).
    void key(int keycode);
    void type_slowly(std::string_view digits, int gap_ms = 120);
    void click(int x, int y);

private:
    void press(int keycode, bool down);
    _XDisplay* display_ = nullptr;
};

}  // namespace stampline::e2e
