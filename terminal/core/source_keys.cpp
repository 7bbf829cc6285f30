#include "terminal/core/source_keys.h"

#include <array>

namespace stampline::terminal {

namespace {

// Linux key codes 0..127 -> wedge keys (0: none). From <linux/input-event-codes.h>.
constexpr std::array<int, 128> kLinuxKeys = [] {
    std::array<int, 128> m{};
    m[1] = key::kEscape;
    for (int i = 0; i < 9; ++i) m[2 + i] = '1' + i;  // KEY_1..KEY_9
    m[11] = '0';
    m[12] = key::kMinus;
    m[13] = key::kEqual;
    m[14] = key::kBackspace;
    m[15] = key::kTab;
    const char* row1 = "QWERTYUIOP";  // KEY_Q = 16
    for (int i = 0; row1[i]; ++i) m[16 + i] = row1[i];
    m[26] = key::kLeftBracket;
    m[27] = key::kRightBracket;
    m[28] = key::kEnter;
    m[29] = key::kLeftControl;
    const char* row2 = "ASDFGHJKL";  // KEY_A = 30
    for (int i = 0; row2[i]; ++i) m[30 + i] = row2[i];
    m[39] = key::kSemicolon;
    m[40] = key::kApostrophe;
    m[41] = key::kGraveAccent;
    m[42] = key::kLeftShift;
    m[43] = key::kBackslash;
    const char* row3 = "ZXCVBNM";  // KEY_Z = 44
    for (int i = 0; row3[i]; ++i) m[44 + i] = row3[i];
    m[51] = key::kComma;
    m[52] = key::kPeriod;
    m[53] = key::kSlash;
    m[54] = key::kRightShift;
    m[55] = key::kKpMultiply;
    m[56] = key::kLeftAlt;
    m[57] = key::kSpace;
    for (int i = 0; i < 10; ++i) m[59 + i] = key::kF1 + i;  // KEY_F1..KEY_F10
    // The keypad: KEY_KP7 = 71 .. KEY_KPDOT = 83.
    m[71] = key::kKp0 + 7;
    m[72] = key::kKp0 + 8;
    m[73] = key::kKp0 + 9;
    m[74] = key::kKpSubtract;
    m[75] = key::kKp0 + 4;
    m[76] = key::kKp0 + 5;
    m[77] = key::kKp0 + 6;
    m[78] = key::kKpAdd;
    m[79] = key::kKp0 + 1;
    m[80] = key::kKp0 + 2;
    m[81] = key::kKp0 + 3;
    m[82] = key::kKp0;
    m[83] = key::kKpDecimal;
    m[87] = key::kF1 + 10;  // KEY_F11
    m[88] = key::kF1 + 11;  // KEY_F12
    m[96] = key::kKpEnter;
    m[97] = key::kRightControl;
    m[98] = key::kKpDivide;
    m[100] = key::kRightAlt;
    m[103] = key::kUp;
    m[105] = key::kLeft;
    m[106] = key::kRight;
    m[108] = key::kDown;
    m[117] = key::kKpEqual;
    m[125] = key::kLeftSuper;
    m[126] = key::kRightSuper;
    return m;
}();

}  // namespace

int wedge_key_from_linux(unsigned code) {
    return code < kLinuxKeys.size() ? kLinuxKeys[code] : 0;
}

WedgeClock::time_point SourceClock::at(std::chrono::microseconds source,
                                       WedgeClock::time_point received) {
    WedgeClock::time_point t = received;
    if (started_) t = std::min(received, last_ + (source - last_source_));
    started_ = true;
    last_source_ = source;
    last_ = t;
    return t;
}

std::optional<ScannerKeyDecoder::Scan> ScannerKeyDecoder::key(unsigned code, int value,
                                                              std::chrono::microseconds time) {
    const int k = wedge_key_from_linux(code);
    const bool down = value != 0;
    switch (k) {
        case key::kLeftShift: shift_left_ = down; return std::nullopt;
        case key::kRightShift: shift_right_ = down; return std::nullopt;
        case key::kLeftControl:
        case key::kRightControl: ctrl_ = down; return std::nullopt;
        case key::kLeftAlt:
        case key::kRightAlt: alt_ = down; return std::nullopt;
        default: break;
    }
    if (value != 1 || k == 0) return std::nullopt;
    if (!text_.empty() && time - last_ > stale_) {
        dropped_ += text_.size();
        text_.clear();
    }
    last_ = time;
    if (k == key::kEnter || k == key::kKpEnter) {
        if (text_.empty()) return std::nullopt;
        Scan scan{std::move(text_), time};
        text_.clear();
        return scan;
    }
    const int mods = ((shift_left_ || shift_right_) ? mod::kShift : 0) |
                     (ctrl_ ? mod::kControl : 0) | (alt_ ? mod::kAlt : 0);
    if (const std::optional<char> c = us_char(k, mods)) text_ += *c;
    return std::nullopt;
}

std::chrono::microseconds XServerTime::unwrap(std::uint32_t x_ms) {
    if (started_) ms_ += static_cast<std::int32_t>(x_ms - last_raw_);
    started_ = true;
    last_raw_ = x_ms;
    return std::chrono::milliseconds(ms_);
}

}  // namespace stampline::terminal
