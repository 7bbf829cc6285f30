// Keys timed at their source: Linux key codes map to the wedge's keys whatever the layout, and
// the source's clock keeps the gaps between keys however late they are read.
#include "terminal/core/source_keys.h"

#include <doctest/doctest.h>

#include <cctype>
#include <string>

namespace stampline::terminal::test {

using namespace std::chrono_literals;

namespace {
const WedgeClock::time_point kT0 = WedgeClock::time_point{} + 1000s;
}

TEST_CASE("Linux key codes map to the wedge's keys of a US keyboard") {
    CHECK(wedge_key_from_linux(30) == 'A');  // KEY_A
    CHECK(wedge_key_from_linux(38) == 'L');
    CHECK(wedge_key_from_linux(50) == 'M');
    CHECK(wedge_key_from_linux(16) == 'Q');
    CHECK(wedge_key_from_linux(2) == '1');
    CHECK(wedge_key_from_linux(11) == '0');
    CHECK(wedge_key_from_linux(12) == key::kMinus);
    CHECK(wedge_key_from_linux(27) == key::kRightBracket);  // Ctrl+] is GS in GS1 data
    CHECK(wedge_key_from_linux(28) == key::kEnter);
    CHECK(wedge_key_from_linux(96) == key::kKpEnter);
    CHECK(wedge_key_from_linux(42) == key::kLeftShift);
    CHECK(wedge_key_from_linux(59) == key::kF1);
    CHECK(wedge_key_from_linux(82) == key::kKp0);
    CHECK(wedge_key_from_linux(0) == 0);
    CHECK(wedge_key_from_linux(240) == 0);
    CHECK(wedge_key_from_linux(100000) == 0);
}

TEST_CASE("keys read late in one batch keep the source's gaps between them") {
    // Typed 1 ms apart, all read 300 ms after the first (a slow frame, a busy core).
    SourceClock clock;
    const auto read_at = kT0 + 300ms;
    const auto first = clock.at(5000ms, kT0);
    CHECK(first == kT0);
    for (int i = 1; i < 20; ++i)
        CHECK(clock.at(5000ms + std::chrono::milliseconds(i), read_at) - first ==
              std::chrono::milliseconds(i));
}

TEST_CASE(
    "a key is never placed after the time it was read, so a late first reading does not "
    "delay later decisions") {
    SourceClock clock;
    CHECK(clock.at(1000ms, kT0 + 200ms) == kT0 + 200ms);  // the first read 200 ms late
    // The next key 10 ms later on the source, read at once: placed when it was read.
    CHECK(clock.at(1010ms, kT0 + 10ms) == kT0 + 10ms);
    // Then the source's gaps again.
    CHECK(clock.at(1014ms, kT0 + 500ms) == kT0 + 14ms);
}

TEST_CASE("the X server's millisecond clock is unwrapped across its 32-bit wrap") {
    XServerTime t;
    const auto a = t.unwrap(0xFFFFFFF0u);
    const auto b = t.unwrap(0x00000010u);
    CHECK(b - a == 32ms);
    const auto c = t.unwrap(0x00000020u);
    CHECK(c - b == 16ms);
}

namespace {
// Presses and releases of Linux key codes 1 ms apart from `t`, Shift around upper case.
std::optional<ScannerKeyDecoder::Scan> type_linux(ScannerKeyDecoder& d, const std::string& text,
                                                  std::chrono::microseconds& t) {
    auto ev = [&](unsigned code, int value) {
        t += 1ms;
        return d.key(code, value, t);
    };
    auto code_of = [](char c) -> unsigned {
        const std::string row1 = "QWERTYUIOP", row2 = "ASDFGHJKL", row3 = "ZXCVBNM";
        const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (row1.find(u) != std::string::npos) return 16 + static_cast<unsigned>(row1.find(u));
        if (row2.find(u) != std::string::npos) return 30 + static_cast<unsigned>(row2.find(u));
        if (row3.find(u) != std::string::npos) return 44 + static_cast<unsigned>(row3.find(u));
        if (c == '0') return 11;
        if (c >= '1' && c <= '9') return 2 + static_cast<unsigned>(c - '1');
        if (c == '-') return 12;
        return 0;
    };
    for (const char c : text) {
        const bool upper = std::isupper(static_cast<unsigned char>(c));
        if (upper) ev(42, 1);
        ev(code_of(c), 1);
        ev(code_of(c), 0);
        if (upper) ev(42, 0);
    }
    auto done = ev(28, 1);
    ev(28, 0);
    return done;
}
}  // namespace

TEST_CASE("a dedicated scanner's keys make one scan per Enter, upper case through its Shift") {
    ScannerKeyDecoder d;
    std::chrono::microseconds t{5s};
    const auto scan = type_linux(d, "SL1-KSO298-2611000501-Z26117-1-X", t);
    REQUIRE(scan);
    CHECK(scan->text == "SL1-KSO298-2611000501-Z26117-1-X");
    CHECK(scan->time == t - 1ms);  // the Enter's press, before its release
    const auto next = type_linux(d, "sb1-017", t);
    REQUIRE(next);
    CHECK(next->text == "sb1-017");
}

TEST_CASE("a run left without its Enter is dropped when the next key comes much later") {
    ScannerKeyDecoder d(std::chrono::milliseconds(500));
    std::chrono::microseconds t{5s};
    CHECK_FALSE(d.key(30, 1, t));  // "a", then nothing for 2 s
    t += 2s;
    const auto scan = type_linux(d, "B1", t);
    REQUIRE(scan);
    CHECK(scan->text == "B1");
    CHECK(d.dropped() == 1);
}

}  // namespace stampline::terminal::test
