// Keyboard-mode scanners on the terminal's own keyboard input: key presses -> scans or human keys.
//
// A keyboard-mode ("wedge") scanner types its payload by pressing the keys of a US layout,
// whatever layout the host uses, so on a Russian layout the character stream (GLFW's char
// callback) would read "ЫД1-..." for "SL1-...". This decoder works from key codes only and maps
// them through a fixed US table; it never sees characters, so the host layout cannot corrupt a
// scan.
//
// Telling a scanner from a person: a scanner types a whole payload with every gap between keys
// under a few milliseconds and ends it with Enter. Each key is held back for up to `burst_gap`
// waiting for the next one. A run of at least `min_scan_length` characters, every gap under
// `burst_gap`, ended by Enter or keypad Enter (also under `burst_gap` after the last key) is one
// WedgeScan: the text without the Enter, and the time of that Enter's key event. Anything else is
// released as HumanKey events, in the order pressed, once it is clear it is not a scan: when the
// gap after the last held key runs out (poll), when a key arrives after a longer gap, when a
// non-character key breaks the run, or when Enter ends a run that is too short. That Enter is
// dropped: an Enter under the burst gap after characters is a scanner's, and a person's screen
// must never take it as "confirm" (a sign-off, a form).
//
// Key codes and modifier bits have GLFW's values, so the platform adapter passes GLFW's key
// callback arguments straight through (it static_asserts the equality): printable keys are their
// ASCII upper-case/punctuation codes, the rest as listed below.
//   Shift + key        -> the shifted US character
//   Ctrl + ] [ \       -> GS (29), ESC (27), FS (28); Ctrl + letter -> 1..26
//   keypad digits and operators -> their characters; Tab -> '\t'
//   keys with Alt, and keys that type nothing (F-keys, Escape, arrows, Backspace, ...) are not
//   characters: with no run held they are released at once; during a run they break it.
//   Modifier keys themselves (Shift, Ctrl, ...) are held like characters but not counted as
//   such: a scanner presses Shift for capitals, also before the first one.
//
// Pure: no GLFW, no clock; the caller passes each event's time and polls. Not thread-safe: one
// owner (the UI thread) feeds it.
#pragma once
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace stampline::terminal {

// Key codes (GLFW_KEY_* values).
namespace key {
inline constexpr int kSpace = 32;
inline constexpr int kApostrophe = 39;
inline constexpr int kComma = 44;
inline constexpr int kMinus = 45;
inline constexpr int kPeriod = 46;
inline constexpr int kSlash = 47;
inline constexpr int k0 = 48;  // .. k0 + 9 = '9'
inline constexpr int k9 = 57;
inline constexpr int kSemicolon = 59;
inline constexpr int kEqual = 61;
inline constexpr int kA = 65;  // .. kA + 25 = 'Z'
inline constexpr int kZ = 90;
inline constexpr int kLeftBracket = 91;
inline constexpr int kBackslash = 92;
inline constexpr int kRightBracket = 93;
inline constexpr int kGraveAccent = 96;
inline constexpr int kEscape = 256;
inline constexpr int kEnter = 257;
inline constexpr int kTab = 258;
inline constexpr int kBackspace = 259;
inline constexpr int kRight = 262;
inline constexpr int kLeft = 263;
inline constexpr int kDown = 264;
inline constexpr int kUp = 265;
inline constexpr int kF1 = 290;
inline constexpr int kKp0 = 320;  // .. kKp0 + 9
inline constexpr int kKp9 = 329;
inline constexpr int kKpDecimal = 330;
inline constexpr int kKpDivide = 331;
inline constexpr int kKpMultiply = 332;
inline constexpr int kKpSubtract = 333;
inline constexpr int kKpAdd = 334;
inline constexpr int kKpEnter = 335;
inline constexpr int kKpEqual = 336;
inline constexpr int kLeftShift = 340;  // .. kRightSuper: the modifier keys themselves
inline constexpr int kLeftControl = 341;
inline constexpr int kLeftAlt = 342;
inline constexpr int kLeftSuper = 343;
inline constexpr int kRightShift = 344;
inline constexpr int kRightControl = 345;
inline constexpr int kRightAlt = 346;
inline constexpr int kRightSuper = 347;
}  // namespace key

// Modifier bits (GLFW_MOD_* values).
namespace mod {
inline constexpr int kShift = 1;
inline constexpr int kControl = 2;
inline constexpr int kAlt = 4;
}  // namespace mod

using WedgeClock = std::chrono::steady_clock;

// One key press (GLFW_PRESS or GLFW_REPEAT; releases are not fed).
struct KeyPress {
    int key = 0;
    int mods = 0;
    WedgeClock::time_point time;
};

struct WedgeScan {
    std::string text;                   // as typed, without the Enter
    WedgeClock::time_point enter_time;  // the final Enter's key event
    bool operator==(const WedgeScan&) const = default;
};

// A key a person pressed (or a run that turned out not to be a scan), to be handled as input.
struct HumanKey {
    int key = 0;
    int mods = 0;
    bool operator==(const HumanKey&) const = default;
};

using WedgeOutput = std::variant<WedgeScan, HumanKey>;

struct WedgeOptions {
    std::chrono::microseconds burst_gap{50'000};  // keys closer than this may be a scanner
    std::size_t min_scan_length = 4;              // characters before the Enter
    std::size_t max_scan_length = 4096;           // a longer run is released as human keys
};

// The character a key gives on a US layout with these modifiers, or nullopt when it types none
// (Enter, Alt + anything, F-keys, ...). Tab is '\t'.
std::optional<char> us_char(int key, int mods);

class KeyboardWedge {
public:
    explicit KeyboardWedge(WedgeOptions options = {}) : options_(options) {}

    // Feeds a key press; returns what became clear with it, in order.
    std::vector<WedgeOutput> press(const KeyPress& k);
    // Releases the held keys when burst_gap has passed since the last one; call it each frame
    // (or at deadline()).
    std::vector<WedgeOutput> poll(WedgeClock::time_point now);
    // When poll() would release the held keys; nullopt when nothing is held.
    std::optional<WedgeClock::time_point> deadline() const;
    bool holding() const { return !held_.empty(); }

private:
    struct Held {
        KeyPress press;
        std::optional<char> c;  // nullopt for a modifier key inside the run
    };
    void release(std::vector<WedgeOutput>& out);

    WedgeOptions options_;
    std::vector<Held> held_;
    std::size_t chars_ = 0;
};

}  // namespace stampline::terminal
