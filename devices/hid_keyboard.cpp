#include "devices/hid_keyboard.h"

#include <algorithm>

namespace stampline::devices {

namespace {

constexpr std::uint8_t kModCtrl = 0x01 | 0x10;
constexpr std::uint8_t kModShift = 0x02 | 0x20;
constexpr std::uint8_t kModAlt = 0x04 | 0x40;

constexpr std::uint8_t kKeyErrorRollOver = 0x01;
constexpr std::uint8_t kKeyA = 0x04;
constexpr std::uint8_t kKeyZ = 0x1d;
constexpr std::uint8_t kKeyEnter = 0x28;
constexpr std::uint8_t kKeyLeftBracket = 0x2f;
constexpr std::uint8_t kKeyRightBracket = 0x30;
constexpr std::uint8_t kKeyBackslash = 0x31;
constexpr std::uint8_t kKeypadEnter = 0x58;
constexpr std::uint8_t kKeypad1 = 0x59;
constexpr std::uint8_t kKeypad0 = 0x62;

// Key codes 0x1e..0x38 on a US layout: unshifted and shifted.
constexpr const char* kRowPlain = "1234567890\n\x1b\b\t -=[]\\#;'`,./";
constexpr const char* kRowShift = "!@#$%^&*()\n\x1b\b\t _+{}|~:\"~<>?";

std::optional<int> keypad_digit(std::uint8_t key) {
    if (key >= kKeypad1 && key < kKeypad0) return key - kKeypad1 + 1;
    if (key == kKeypad0) return 0;
    return std::nullopt;
}

}  // namespace

std::optional<char> us_key_char(std::uint8_t key, bool shift) {
    if (key >= kKeyA && key <= kKeyZ) return static_cast<char>((shift ? 'A' : 'a') + key - kKeyA);
    if (key >= 0x1e && key <= 0x38) {
        char c = (shift ? kRowShift : kRowPlain)[key - 0x1e];
        if (c == '\x1b' || c == '\b') return std::nullopt;  // Escape, Backspace
        return c;
    }
    if (key == kKeypadEnter) return '\n';
    if (auto d = keypad_digit(key)) return static_cast<char>('0' + *d);
    switch (key) {
        case 0x54: return '/';
        case 0x55: return '*';
        case 0x56: return '-';
        case 0x57: return '+';
        case 0x63: return '.';
        default: return std::nullopt;
    }
}

void HidKeyboardDecoder::reset() {
    std::fill(std::begin(held_), std::end(held_), 0);
    text_.clear();
    alt_code_.reset();
}

Result<std::optional<std::string>> HidKeyboardDecoder::feed(std::span<const std::uint8_t> report) {
    if (report.size() != kBootReportSize)
        return invalid("HID boot-keyboard report of " + std::to_string(report.size()) +
                       " bytes (expected 8)");
    const std::uint8_t mods = report[0];
    const std::span<const std::uint8_t> keys = report.subspan(2, 6);
    // Too many keys at once: the report says nothing about which; keep the previous state.
    if (std::all_of(keys.begin(), keys.end(), [](auto k) { return k == kKeyErrorRollOver; }))
        return std::optional<std::string>{};
    std::optional<std::string> done;
    for (std::uint8_t key : keys) {
        if (key == 0 || std::find(std::begin(held_), std::end(held_), key) != std::end(held_))
            continue;
        const bool alt = mods & kModAlt, ctrl = mods & kModCtrl, shift = mods & kModShift;
        if (alt) {
            if (auto d = keypad_digit(key)) {
                alt_code_ = alt_code_.value_or(0) * 10 + *d;
                *alt_code_ %= 1000;  // Windows keeps the last three digits
            } else {
                ++skipped_keys_;
            }
            continue;
        }
        if (ctrl) {
            if (key == kKeyRightBracket)
                text_ += '\x1d';
            else if (key == kKeyLeftBracket)
                text_ += '\x1b';
            else if (key == kKeyBackslash)
                text_ += '\x1c';
            else if (key >= kKeyA && key <= kKeyZ)
                text_ += static_cast<char>(1 + key - kKeyA);
            else
                ++skipped_keys_;
            continue;
        }
        if (key == kKeyEnter || key == kKeypadEnter) {
            done = std::move(text_);
            text_.clear();
            continue;
        }
        if (auto c = us_key_char(key, shift))
            text_ += *c;
        else
            ++skipped_keys_;
    }
    if (!(mods & kModAlt) && alt_code_) {
        text_ += static_cast<char>(*alt_code_ % 256);
        alt_code_.reset();
    }
    std::copy(keys.begin(), keys.end(), std::begin(held_));
    return done;
}

}  // namespace stampline::devices
