#include <doctest/doctest.h>

#include <set>
#include <thread>
#include <vector>

#include "shared/time.h"
#include "shared/uuid.h"

using namespace stampline;

namespace {

// Deterministic randomness: every byte is the same value.
class ConstantRandom final : public RandomSource {
public:
    explicit ConstantRandom(std::uint8_t byte) : byte_(byte) {}
    void fill(std::span<std::uint8_t> out) override {
        for (auto& b : out) b = byte_;
    }

private:
    std::uint8_t byte_;
};

// Deterministic randomness that varies: xorshift64.
class XorshiftRandom final : public RandomSource {
public:
    void fill(std::span<std::uint8_t> out) override {
        for (auto& b : out) {
            state_ ^= state_ << 13;
            state_ ^= state_ >> 7;
            state_ ^= state_ << 17;
            b = static_cast<std::uint8_t>(state_);
        }
    }

private:
    std::uint64_t state_ = 0x9E3779B97F4A7C15ull;
};

int counter_of(const Uuid& id) {
    return ((id.bytes[6] & 0x0F) << 8) | id.bytes[7];
}

constexpr Timestamp kT{1795961978123};  // 2026-11-29T14:19:38.123Z

}  // namespace

TEST_CASE("a uuidv7 id carries version 7, variant 10 and the clock's milliseconds") {
    ManualClock clock(kT);
    XorshiftRandom random;
    UuidV7Generator gen(clock, random);
    const Uuid id = gen.next();
    CHECK(id.version() == 7);
    CHECK((id.bytes[8] & 0xC0) == 0x80);
    CHECK(id.v7_time() == kT);
    CHECK_FALSE(id.is_nil());
    CHECK(to_string(id).substr(0, 13) == "01a227ac-fd0b");
}

TEST_CASE("uuidv7 ids from one generator strictly increase within one millisecond") {
    ManualClock clock(kT);
    XorshiftRandom random;
    UuidV7Generator gen(clock, random);
    Uuid previous = gen.next();
    for (int i = 0; i < 1000; ++i) {
        const Uuid id = gen.next();
        REQUIRE(id > previous);
        REQUIRE(to_string(id) > to_string(previous));  // the text sorts the same way
        previous = id;
    }
}

TEST_CASE("uuidv7 ids keep increasing and keep the last time when the clock steps back") {
    ManualClock clock(kT);
    XorshiftRandom random;
    UuidV7Generator gen(clock, random);
    const Uuid before = gen.next();
    clock.advance_ms(-5000);
    const Uuid after = gen.next();
    CHECK(after > before);
    CHECK(after.v7_time() == kT);
    CHECK(counter_of(after) == counter_of(before) + 1);

    clock.set(Timestamp{kT.ms + 1});  // the clock catches up: a fresh millisecond
    const Uuid later = gen.next();
    CHECK(later > after);
    CHECK(later.v7_time().ms == kT.ms + 1);
}

TEST_CASE("a new millisecond seeds the uuidv7 counter from random bits with the top bit clear") {
    ManualClock clock(kT);
    ConstantRandom random(0xFF);
    UuidV7Generator gen(clock, random);
    const Uuid id = gen.next();
    CHECK(counter_of(id) == 0x7FF);
    CHECK(id.bytes[8] == 0xBF);  // variant 10 over random ones
    CHECK(id.bytes[15] == 0xFF);
    clock.advance_ms(1);
    CHECK(counter_of(gen.next()) == 0x7FF);
}

TEST_CASE("when the uuidv7 12-bit counter overflows the id borrows the next millisecond") {
    ManualClock clock(kT);
    ConstantRandom random(0xFF);  // seeds every millisecond's counter at 0x7FF
    UuidV7Generator gen(clock, random);
    Uuid previous = gen.next();
    for (int i = 0; i < 0xFFF - 0x7FF; ++i) {
        const Uuid id = gen.next();
        REQUIRE(id > previous);
        REQUIRE(id.v7_time() == kT);
        previous = id;
    }
    CHECK(counter_of(previous) == 0xFFF);

    const Uuid borrowed = gen.next();
    CHECK(borrowed > previous);
    CHECK(borrowed.v7_time().ms == kT.ms + 1);
    CHECK(counter_of(borrowed) == 0x7FF);

    // The real clock reaching the borrowed millisecond continues its counter.
    clock.advance_ms(1);
    const Uuid next = gen.next();
    CHECK(next > borrowed);
    CHECK(next.v7_time().ms == kT.ms + 1);
    CHECK(counter_of(next) == 0x800);
}

TEST_CASE("uuidv7 ids from one generator shared by threads are unique and each thread's increase") {
    ManualClock clock(kT);
    SystemRandom random;
    UuidV7Generator gen(clock, random);
    constexpr int kThreads = 4, kPerThread = 500;
    std::vector<std::vector<Uuid>> made(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) made[t].push_back(gen.next());
        });
    }
    for (auto& th : threads) th.join();
    std::set<Uuid> all;
    for (const auto& ids : made) {
        for (std::size_t i = 1; i < ids.size(); ++i) CHECK(ids[i] > ids[i - 1]);
        all.insert(ids.begin(), ids.end());
    }
    CHECK(all.size() == std::size_t{kThreads * kPerThread});
}

TEST_CASE("SystemRandom, the uuid randomness, gives different bytes on each call") {
    SystemRandom random;
    std::array<std::uint8_t, 16> a{}, b{};
    random.fill(a);
    random.fill(b);
    CHECK(a != b);
}

TEST_CASE("uuid text round-trips through parse_uuid and to_string") {
    const std::string text = "0192f3a4-5b6c-7def-8123-456789abcdef";
    auto id = parse_uuid(text);
    REQUIRE(id);
    CHECK(to_string(*id) == text);
    CHECK(id->version() == 7);
    CHECK(id->v7_time().ms == 0x0192f3a45b6c);
    CHECK(id->bytes[0] == 0x01);
    CHECK(id->bytes[15] == 0xef);

    auto upper = parse_uuid("0192F3A4-5B6C-7DEF-8123-456789ABCDEF");
    REQUIRE(upper);
    CHECK(*upper == *id);
    CHECK(to_string(*upper) == text);  // written lowercase

    auto nil = parse_uuid("00000000-0000-0000-0000-000000000000");
    REQUIRE(nil);
    CHECK(nil->is_nil());
    CHECK(nil->version() == 0);

    auto v4 = parse_uuid("f47ac10b-58cc-4372-a567-0e02b2c3d479");  // any version parses
    REQUIRE(v4);
    CHECK(v4->version() == 4);
}

TEST_CASE("malformed uuid strings are refused") {
    const char* bad[] = {
        "",
        "0192f3a4-5b6c-7def-8123-456789abcde",    // 35 characters
        "0192f3a4-5b6c-7def-8123-456789abcdef0",  // 37 characters
        "0192f3a45b6c7def8123456789abcdef",       // no hyphens
        "0192f3a4-5b6c7-def-8123-456789abcdef",   // hyphen moved
        "0192f3a4_5b6c_7def_8123_456789abcdef",   // other separators
        "0192f3a4-5b6c-7def-8123-456789abcdeg",   // not hex
        "{192f3a4-5b6c-7def-8123-456789abcde}",
        " 192f3a4-5b6c-7def-8123-456789abcdef",
        "0192f3a4-5b6c-7def-8123-456789abcd\xc3\xa9",  // a two-byte character
    };
    for (const char* text : bad) {
        CAPTURE(text);
        auto id = parse_uuid(text);
        REQUIRE_FALSE(id);
        CHECK(id.error().code() == Code::InvalidArgument);
        CHECK(id.error().message().find("is not a UUID") != std::string::npos);
    }
    CHECK(
        parse_uuid("0192f3a4-5b6c-7def-8123-456789abcdeg").error().message().find("character 36") !=
        std::string::npos);
}
