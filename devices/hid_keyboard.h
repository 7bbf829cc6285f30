// Keyboard-mode scanners: 8-byte HID boot-keyboard reports -> scanned text.
//
// A keyboard-mode scanner "types" its payload by pressing physical keys of a US layout, whatever
// layout the host uses. This decoder works from the key codes alone (a fixed US table), so a
// Russian or UK host layout cannot corrupt a scan. Pure: no USB types, no I/O, no clock.
//
// Report: byte 0 modifiers (bit 0/4 Ctrl, 1/5 Shift, 2/6 Alt), byte 1 reserved, bytes 2..7 the
// keys held down. A key counts once, in the report where it first appears (rollover: a new key
// pressed before the previous one is released; a repeated identical report adds nothing).
//   Shift + key        -> the shifted US character
//   Ctrl + ] [ \       -> GS (29), ESC (27), FS (28); Ctrl + letter -> 1..26
//   Alt + keypad digits, then Alt released -> the character with that decimal code (0029 = GS)
//   keypad digits without Alt -> digits; keypad Enter and Enter -> end of the scan
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "shared/status.h"

namespace stampline::devices {

inline constexpr std::size_t kBootReportSize = 8;

class HidKeyboardDecoder {
public:
    // Feeds one report. Returns the completed scan (without its Enter) when this report
    // finished one, nullopt while a scan is still being typed, or InvalidArgument for a report
    // that is not 8 bytes (the decoder state is then unchanged). Keys outside the US table are
    // counted in skipped_keys() and otherwise ignored.
    Result<std::optional<std::string>> feed(std::span<const std::uint8_t> report);

    // Text typed since the last Enter (for a scanner configured without a terminator).
    const std::string& pending() const { return text_; }
    // Forgets the pending text and held keys (after a reconnect).
    void reset();
    int skipped_keys() const { return skipped_keys_; }

private:
    std::uint8_t held_[6] = {};
    std::string text_;
    std::optional<int> alt_code_;  // digits typed on the keypad while Alt is held
    int skipped_keys_ = 0;
};

// The character a key code gives on a US layout (shift chooses the shifted one), or nullopt for
// keys that type nothing (Enter is '\n', Tab '\t').
std::optional<char> us_key_char(std::uint8_t key, bool shift);

}  // namespace stampline::devices
