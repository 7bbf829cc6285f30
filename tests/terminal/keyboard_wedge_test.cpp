// The keyboard wedge: scanner bursts of key codes become scans whatever the host layout; a
// person's typing comes out as the keys pressed, in order.
#include "terminal/core/keyboard_wedge.h"

#include <doctest/doctest.h>

#include <map>

#include "tests/terminal/terminal_fixture.h"

namespace stampline::terminal::test {

namespace {

using namespace std::chrono_literals;
using TimePoint = WedgeClock::time_point;

const TimePoint kT0 = TimePoint{} + 1000s;

// The key presses a US-layout scanner sends for text: Shift held for capitals and shifted
// punctuation, Ctrl+] for GS, Enter at the end.
struct Typed {
    std::vector<KeyPress> presses;
    TimePoint end;
};

int key_for(char c, int* mods) {
    *mods = 0;
    if (c >= 'A' && c <= 'Z') {
        *mods = mod::kShift;
        return c;
    }
    if (c >= 'a' && c <= 'z') return c - 'a' + 'A';
    if (c >= '0' && c <= '9') return c;
    if (c == '\x1d') {
        *mods = mod::kControl;
        return key::kRightBracket;
    }
    const std::map<char, std::pair<int, bool>> punct = {
        {'-', {key::kMinus, false}},        {'_', {key::kMinus, true}},
        {']', {key::kRightBracket, false}}, {'.', {key::kPeriod, false}},
        {'/', {key::kSlash, false}},        {' ', {key::kSpace, false}},
        {':', {key::kSemicolon, true}},     {'<', {key::kComma, true}},
        {'>', {key::kPeriod, true}}};
    const auto& [k, shift] = punct.at(c);
    if (shift) *mods = mod::kShift;
    return k;
}

Typed scanner_types(const std::string& text, TimePoint start, std::chrono::microseconds gap,
                    bool enter = true, int enter_key = key::kEnter) {
    Typed t;
    TimePoint at = start;
    int held = 0;
    for (char c : text) {
        int mods = 0;
        const int k = key_for(c, &mods);
        if ((mods & mod::kShift) && !(held & mod::kShift)) {
            t.presses.push_back({key::kLeftShift, 0, at});  // Shift goes down first
            at += gap;
        }
        held = mods;
        t.presses.push_back({k, mods, at});
        at += gap;
    }
    if (enter) t.presses.push_back({enter_key, 0, at});
    t.end = at;
    return t;
}

std::vector<WedgeOutput> feed(KeyboardWedge& w, const std::vector<KeyPress>& presses) {
    std::vector<WedgeOutput> out;
    for (const KeyPress& p : presses)
        for (WedgeOutput& o : w.press(p)) out.push_back(std::move(o));
    return out;
}

std::vector<WedgeScan> scans_in(const std::vector<WedgeOutput>& out) {
    std::vector<WedgeScan> scans;
    for (const WedgeOutput& o : out)
        if (const auto* s = std::get_if<WedgeScan>(&o)) scans.push_back(*s);
    return scans;
}

std::vector<HumanKey> humans_in(const std::vector<WedgeOutput>& out) {
    std::vector<HumanKey> keys;
    for (const WedgeOutput& o : out)
        if (const auto* k = std::get_if<HumanKey>(&o)) keys.push_back(*k);
    return keys;
}

// What a Russian (ЙЦУКЕН) host layout's character stream says for a key: the char callback a
// naive decoder would read.
std::string russian_char(int k, bool shift) {
    static const std::map<int, std::pair<const char*, const char*>> layout = {
        {'S', {"ы", "Ы"}}, {'L', {"д", "Д"}},         {'N', {"т", "Т"}}, {'B', {"и", "И"}},
        {'K', {"л", "Л"}}, {'P', {"з", "З"}},         {'Z', {"я", "Я"}}, {'V', {"м", "М"}},
        {'X', {"ч", "Ч"}}, {key::kMinus, {"-", "_"}}, {'0', {"0", ")"}}, {'1', {"1", "!"}},
        {'2', {"2", "\""}}};
    const auto it = layout.find(k);
    if (it == layout.end()) return k >= '0' && k <= '9' ? std::string(1, char(k)) : "?";
    return shift ? it->second.second : it->second.first;
}

}  // namespace

TEST_CASE("a burst of key codes ending with Enter is one scan") {
    KeyboardWedge w;
    const Typed typed = scanner_types("SB1-K017-2-X", kT0, 2ms);
    const auto out = feed(w, typed.presses);
    REQUIRE(out.size() == 1);
    const auto scans = scans_in(out);
    REQUIRE(scans.size() == 1);
    CHECK(scans[0].text == "SB1-K017-2-X");
    CHECK_FALSE(w.holding());
}

TEST_CASE("the scan carries the time of its final Enter key event") {
    KeyboardWedge w;
    const Typed typed = scanner_types("SL1-P1-SN1-Z1-1-A", kT0, 3ms);
    const auto scans = scans_in(feed(w, typed.presses));
    REQUIRE(scans.size() == 1);
    CHECK(scans[0].enter_time == typed.presses.back().time);
    CHECK(scans[0].enter_time == typed.end);
}

TEST_CASE("a Russian host layout does not change the scan: the wedge never reads characters") {
    const std::string payload = sheet_text("SN1");
    const Typed typed = scanner_types(payload, kT0, 1ms);
    // The host's character stream for the same keys reads Cyrillic ...
    std::string chars;
    for (const KeyPress& p : typed.presses)
        if (p.key != key::kLeftShift && p.key != key::kEnter)
            chars += russian_char(p.key, p.mods & mod::kShift);
    CHECK(chars.rfind("ЫД1-З1-ЫТ1-Я1-1-", 0) == 0);
    // ... while the wedge, fed the key codes only, reads the payload.
    KeyboardWedge w;
    const auto scans = scans_in(feed(w, typed.presses));
    REQUIRE(scans.size() == 1);
    CHECK(scans[0].text == payload);
    // And the terminal takes it as the sheet it is.
    Terminal t;
    t.up_to_wiring();
    t.sign_in("102");
    const auto effects = t.act(ScanRead{scans[0].text, "keyboard"});
    REQUIRE(find_effect<LoadUnit>(effects) != nullptr);
    CHECK(find_effect<LoadUnit>(effects)->serial == "SN1");
}

TEST_CASE("GS typed as Ctrl with the right-bracket key is kept in the scan") {
    KeyboardWedge w;
    const std::string gs1 =
        "0104607012345677"
        "21SN7\x1d"
        "10Z7";
    const auto scans = scans_in(feed(w, scanner_types(gs1, kT0, 1ms).presses));
    REQUIRE(scans.size() == 1);
    CHECK(scans[0].text == gs1);
}

TEST_CASE("keypad digits and keypad Enter scan like the main keys") {
    KeyboardWedge w;
    std::vector<KeyPress> presses;
    TimePoint at = kT0;
    for (int d : {4, 6, 0, 7}) {
        presses.push_back({key::kKp0 + d, 0, at});
        at += 1ms;
    }
    presses.push_back({key::kKpEnter, 0, at});
    const auto scans = scans_in(feed(w, presses));
    REQUIRE(scans.size() == 1);
    CHECK(scans[0].text == "4607");
}

TEST_CASE("keys typed at human speed are released as human keys in order") {
    KeyboardWedge w;
    const Typed typed = scanner_types("ab12", kT0, 180ms);
    std::vector<WedgeOutput> out = feed(w, typed.presses);
    // Each key came out when the next one arrived late; the Enter at once (nothing was held).
    const auto keys = humans_in(out);
    REQUIRE(keys.size() == 5);
    CHECK(keys[0] == HumanKey{'A', 0});
    CHECK(keys[1] == HumanKey{'B', 0});
    CHECK(keys[2] == HumanKey{'1', 0});
    CHECK(keys[3] == HumanKey{'2', 0});
    CHECK(keys[4] == HumanKey{key::kEnter, 0});
    CHECK(scans_in(out).empty());
}

TEST_CASE("a held key is released by poll once the burst gap has passed") {
    KeyboardWedge w;
    CHECK(w.press({'Q', 0, kT0}).empty());
    CHECK(w.holding());
    REQUIRE(w.deadline().has_value());
    CHECK(*w.deadline() == kT0 + 50ms);
    CHECK(w.poll(kT0 + 49ms).empty());
    const auto out = w.poll(kT0 + 50ms);
    REQUIRE(out.size() == 1);
    CHECK(std::get<HumanKey>(out[0]) == HumanKey{'Q', 0});
    CHECK_FALSE(w.holding());
    CHECK_FALSE(w.deadline().has_value());
}

TEST_CASE("a burst without Enter is released as human keys") {
    KeyboardWedge w;
    const Typed typed = scanner_types("SB1-K017", kT0, 2ms, false);
    CHECK(feed(w, typed.presses).empty());
    const auto out = w.poll(typed.end + 50ms);
    const auto keys = humans_in(out);
    REQUIRE(keys.size() == typed.presses.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        CHECK(keys[i].key == typed.presses[i].key);
        CHECK(keys[i].mods == typed.presses[i].mods);
    }
}

TEST_CASE(
    "a burst shorter than the minimum scan length is released as human keys without its "
    "Enter") {
    // The tail of a scan cut in two must not confirm the screen that is open.
    KeyboardWedge w;
    const auto out = feed(w, scanner_types("ab1", kT0, 2ms).presses);
    CHECK(scans_in(out).empty());
    const auto keys = humans_in(out);
    REQUIRE(keys.size() == 3);
    CHECK(keys[2] == HumanKey{'1', 0});
}

TEST_CASE("an Enter a person presses alone, or after a pause, is a person's Enter") {
    KeyboardWedge w;
    const auto alone = w.press({key::kEnter, 0, kT0});
    REQUIRE(alone.size() == 1);
    CHECK(std::get<HumanKey>(alone[0]) == HumanKey{key::kEnter, 0});
    feed(w, {{'1', 0, kT0 + 1s}});
    const auto after = w.press({key::kEnter, 0, kT0 + 1s + 80ms});
    REQUIRE(humans_in(after).size() == 2);
    CHECK(humans_in(after)[1] == HumanKey{key::kEnter, 0});
}

TEST_CASE("an Enter after a pause is not the end of a scan") {
    KeyboardWedge w;
    Typed typed = scanner_types("SB1-K017-2-X", kT0, 2ms, false);
    feed(w, typed.presses);
    const auto out = w.press({key::kEnter, 0, typed.end + 60ms});
    CHECK(scans_in(out).empty());
    CHECK(humans_in(out).size() == typed.presses.size() + 1);
}

TEST_CASE("a non-character key with nothing held is released at once") {
    KeyboardWedge w;
    for (int k : {key::kEscape, key::kBackspace, key::kF1, key::kLeft}) {
        const auto out = w.press({k, 0, kT0});
        REQUIRE(out.size() == 1);
        CHECK(std::get<HumanKey>(out[0]) == HumanKey{k, 0});
    }
    const auto alt = w.press({'F', mod::kAlt, kT0});
    REQUIRE(alt.size() == 1);
    CHECK(std::get<HumanKey>(alt[0]) == HumanKey{'F', mod::kAlt});
}

TEST_CASE("a Shift pressed alone by a person comes out once the gap has passed") {
    KeyboardWedge w;
    CHECK(w.press({key::kLeftShift, 0, kT0}).empty());
    const auto out = w.press({'A', mod::kShift, kT0 + 120ms});
    REQUIRE(out.size() == 1);
    CHECK(std::get<HumanKey>(out[0]) == HumanKey{key::kLeftShift, 0});
    const auto rest = w.poll(kT0 + 200ms);
    REQUIRE(rest.size() == 1);
    CHECK(std::get<HumanKey>(rest[0]) == HumanKey{'A', mod::kShift});
}

TEST_CASE("a non-character key inside a burst releases the burst before itself") {
    KeyboardWedge w;
    const Typed typed = scanner_types("abcde", kT0, 1ms, false);
    feed(w, typed.presses);
    const auto out = w.press({key::kBackspace, 0, typed.end});
    const auto keys = humans_in(out);
    REQUIRE(keys.size() == 6);
    CHECK(keys[0] == HumanKey{'A', 0});
    CHECK(keys[5] == HumanKey{key::kBackspace, 0});
}

TEST_CASE("a burst right after slow typing still scans, the slow keys coming out first") {
    KeyboardWedge w;
    std::vector<WedgeOutput> out = feed(w, {{'Q', 0, kT0}});
    const Typed typed = scanner_types("SB1-K017-2-X", kT0 + 500ms, 1ms);
    for (WedgeOutput& o : feed(w, typed.presses)) out.push_back(o);
    REQUIRE(out.size() == 2);
    CHECK(std::get<HumanKey>(out[0]) == HumanKey{'Q', 0});
    CHECK(std::get<WedgeScan>(out[1]).text == "SB1-K017-2-X");
}

TEST_CASE("the burst gap and minimum length are configurable") {
    WedgeOptions options;
    options.burst_gap = 10ms;
    options.min_scan_length = 2;
    KeyboardWedge w(options);
    CHECK(scans_in(feed(w, scanner_types("ab", kT0, 5ms).presses)).size() == 1);
    const auto slow = feed(w, scanner_types("abcd", kT0 + 1s, 20ms).presses);
    CHECK(scans_in(slow).empty());
}

TEST_CASE("the US map gives shifted characters and control codes") {
    CHECK(us_char('A', 0) == 'a');
    CHECK(us_char('A', mod::kShift) == 'A');
    CHECK(us_char('1', mod::kShift) == '!');
    CHECK(us_char('0', mod::kShift) == ')');
    CHECK(us_char(key::kApostrophe, mod::kShift) == '"');
    CHECK(us_char(key::kGraveAccent, mod::kShift) == '~');
    CHECK(us_char(key::kRightBracket, mod::kControl) == '\x1d');
    CHECK(us_char(key::kLeftBracket, mod::kControl) == '\x1b');
    CHECK(us_char(key::kBackslash, mod::kControl) == '\x1c');
    CHECK(us_char('C', mod::kControl) == '\x03');
    CHECK(us_char(key::kKpDecimal, 0) == '.');
    CHECK(us_char(key::kTab, 0) == '\t');
    CHECK_FALSE(us_char(key::kEnter, 0).has_value());
    CHECK_FALSE(us_char('A', mod::kAlt).has_value());
    CHECK_FALSE(us_char(key::kEscape, 0).has_value());
}

}  // namespace stampline::terminal::test
