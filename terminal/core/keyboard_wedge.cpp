#include "terminal/core/keyboard_wedge.h"

namespace stampline::terminal {

namespace {

bool is_modifier_key(int k) {
    return k >= key::kLeftShift && k <= key::kRightSuper;
}

bool is_enter(const KeyPress& k) {
    return (k.key == key::kEnter || k.key == key::kKpEnter) &&
           !(k.mods & (mod::kControl | mod::kAlt));
}

std::optional<char> punctuation(int k, bool shift) {
    switch (k) {
        case key::kSpace: return ' ';
        case key::kApostrophe: return shift ? '"' : '\'';
        case key::kComma: return shift ? '<' : ',';
        case key::kMinus: return shift ? '_' : '-';
        case key::kPeriod: return shift ? '>' : '.';
        case key::kSlash: return shift ? '?' : '/';
        case key::kSemicolon: return shift ? ':' : ';';
        case key::kEqual: return shift ? '+' : '=';
        case key::kLeftBracket: return shift ? '{' : '[';
        case key::kBackslash: return shift ? '|' : '\\';
        case key::kRightBracket: return shift ? '}' : ']';
        case key::kGraveAccent: return shift ? '~' : '`';
        case key::kTab: return '\t';
        case key::kKpDecimal: return '.';
        case key::kKpDivide: return '/';
        case key::kKpMultiply: return '*';
        case key::kKpSubtract: return '-';
        case key::kKpAdd: return '+';
        case key::kKpEqual: return '=';
        default: return std::nullopt;
    }
}

}  // namespace

std::optional<char> us_char(int k, int mods) {
    if (mods & mod::kAlt) return std::nullopt;
    if (mods & mod::kControl) {
        if (k == key::kRightBracket) return '\x1d';  // GS: the FNC1 separator of GS1 data
        if (k == key::kLeftBracket) return '\x1b';
        if (k == key::kBackslash) return '\x1c';
        if (k >= key::kA && k <= key::kZ) return static_cast<char>(1 + k - key::kA);
        return std::nullopt;
    }
    const bool shift = mods & mod::kShift;
    if (k >= key::kA && k <= key::kZ) return static_cast<char>(shift ? k : k - 'A' + 'a');
    if (k >= key::k0 && k <= key::k9)
        return shift ? ")!@#$%^&*("[k - key::k0] : static_cast<char>(k);
    if (k >= key::kKp0 && k <= key::kKp9) return static_cast<char>('0' + k - key::kKp0);
    return punctuation(k, shift);
}

std::vector<WedgeOutput> KeyboardWedge::press(const KeyPress& k) {
    std::vector<WedgeOutput> out;
    if (!held_.empty() && k.time - held_.back().press.time >= options_.burst_gap) release(out);
    if (is_enter(k)) {
        if (chars_ >= options_.min_scan_length) {
            WedgeScan scan;
            scan.enter_time = k.time;
            for (const Held& h : held_)
                if (h.c) scan.text += *h.c;
            held_.clear();
            chars_ = 0;
            out.emplace_back(std::move(scan));
            return out;
        }
        // An Enter under the burst gap after characters ends a scanner's burst, even one too
        // short to be a scan (the tail of a scan cut in two): its keys go out as typed, its
        // Enter never does, so it cannot confirm whatever screen is open.
        const bool ends_burst = chars_ > 0;
        release(out);
        if (!ends_burst) out.emplace_back(HumanKey{k.key, k.mods});
        return out;
    }
    if (is_modifier_key(k.key)) {
        held_.push_back({k, std::nullopt});  // a scanner's Shift may start its payload
        return out;
    }
    const std::optional<char> c = us_char(k.key, k.mods);
    if (!c) {
        release(out);
        out.emplace_back(HumanKey{k.key, k.mods});
        return out;
    }
    held_.push_back({k, c});
    if (++chars_ > options_.max_scan_length) release(out);
    return out;
}

std::vector<WedgeOutput> KeyboardWedge::poll(WedgeClock::time_point now) {
    std::vector<WedgeOutput> out;
    if (!held_.empty() && now - held_.back().press.time >= options_.burst_gap) release(out);
    return out;
}

std::optional<WedgeClock::time_point> KeyboardWedge::deadline() const {
    if (held_.empty()) return std::nullopt;
    return held_.back().press.time + options_.burst_gap;
}

void KeyboardWedge::release(std::vector<WedgeOutput>& out) {
    for (const Held& h : held_) out.emplace_back(HumanKey{h.press.key, h.press.mods});
    held_.clear();
    chars_ = 0;
}

}  // namespace stampline::terminal
