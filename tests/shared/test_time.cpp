#include <doctest/doctest.h>

#include <cstdio>
#include <random>

#include "shared/time.h"

using namespace stampline;

TEST_CASE("utc times round-trip through format_utc and parse_utc") {
    const std::pair<std::int64_t, const char*> cases[] = {
        {0, "1970-01-01T00:00:00.000Z"},
        {1795961978123, "2026-11-29T14:19:38.123Z"},
        {-1, "1969-12-31T23:59:59.999Z"},
        {951782400000, "2000-02-29T00:00:00.000Z"},
        {253402300799999, "9999-12-31T23:59:59.999Z"},
        {-62135596800000, "0001-01-01T00:00:00.000Z"},
    };
    for (const auto& [ms, text] : cases) {
        CAPTURE(text);
        CHECK(format_utc(Timestamp{ms}) == text);
        auto parsed = parse_utc(text);
        REQUIRE(parsed);
        CHECK(parsed->ms == ms);
    }
}

TEST_CASE("a utc time without milliseconds parses as whole seconds") {
    auto t = parse_utc("2026-11-29T14:19:38Z");
    REQUIRE(t);
    CHECK(t->ms == 1795961978000);
}

TEST_CASE("utc times and dates accept february 29 only in leap years") {
    CHECK(is_valid_date(2024, 2, 29));
    CHECK(is_valid_date(2000, 2, 29));  // divisible by 400
    CHECK_FALSE(is_valid_date(2023, 2, 29));
    CHECK_FALSE(is_valid_date(1900, 2, 29));  // divisible by 100, not 400
    CHECK_FALSE(is_valid_date(2100, 2, 29));
    CHECK(parse_utc("2028-02-29T12:00:00Z"));
    CHECK_FALSE(parse_utc("2027-02-29T12:00:00Z"));
    CHECK(parse_date("2024-02-29"));
    CHECK_FALSE(parse_date("2025-02-29"));

    auto leap_day = parse_utc("2024-02-29T23:59:59.999Z");
    REQUIRE(leap_day);
    CHECK(date_of(*leap_day) == Date{2024, 2, 29});
    CHECK(date_of(Timestamp{leap_day->ms + 1}) == Date{2024, 3, 1});
}

TEST_CASE("civil dates and day counts of time.h are inverse over four centuries") {
    CHECK(days_from_civil({1970, 1, 1}) == 0);
    CHECK(days_from_civil({2000, 3, 1}) == 11017);
    std::int64_t expected = days_from_civil({1900, 1, 1});
    for (Date d{1900, 1, 1}; d.year < 2300;) {
        REQUIRE(days_from_civil(d) == expected);
        REQUIRE(civil_from_days(expected) == d);
        ++expected;
        d = civil_from_days(expected);
        REQUIRE(is_valid_date(d.year, d.month, d.day));
    }
}

TEST_CASE("date_of a time before 1970 is the previous day until midnight") {
    CHECK(date_of(Timestamp{-1}) == Date{1969, 12, 31});
    CHECK(date_of(Timestamp{-86400000}) == Date{1969, 12, 31});
    CHECK(date_of(Timestamp{-86400001}) == Date{1969, 12, 30});
}

TEST_CASE("malformed utc times are refused with the expected form") {
    const char* bad[] = {
        "",
        "2026-11-29",
        "2026-11-29 14:19:38Z",  // space instead of T
        "2026-11-29T14:19:38",   // no zone
        "2026-11-29T14:19:38.123",
        "2026-11-29T14:19:38z",       // lowercase z
        "2026-11-29T14:19:38+00:00",  // offsets are not accepted
        "2026-11-29T14:19:38.12Z",    // two fraction digits
        "2026-11-29T14:19:38.1234Z",
        "2026-11-29T14:19:38,123Z",
        "2026-13-01T00:00:00Z",  // month 13
        "2026-00-10T00:00:00Z",
        "2026-11-31T00:00:00Z",  // November has 30 days
        "2026-11-29T24:00:00Z",
        "2026-11-29T14:60:00Z",
        "2026-11-29T14:19:60Z",  // no leap seconds
        "+026-11-29T14:19:38Z",
        "2026-1a-29T14:19:38Z",
        "2026-11-29T14:19:38.123Z ",
        "0000-01-01T00:00:00Z",
    };
    for (const char* text : bad) {
        CAPTURE(text);
        auto t = parse_utc(text);
        REQUIRE_FALSE(t);
        CHECK(t.error().code() == Code::InvalidArgument);
        CHECK(t.error().message().find("2026-11-29T14:19:38.123Z") != std::string::npos);
    }
}

TEST_CASE(
    "dates round-trip through format_date and parse_date like times, and bad ones are refused") {
    CHECK(format_date({2026, 3, 7}) == "2026-03-07");
    auto d = parse_date("2026-03-07");
    REQUIRE(d);
    CHECK(*d == Date{2026, 3, 7});
    for (const char* text : {"2026-3-7", "2026-03-07T00:00:00Z", "07.03.2026", "2026-04-31", ""}) {
        CAPTURE(text);
        CHECK_FALSE(parse_date(text));
    }
}

TEST_CASE("a manual clock returns the time it was set to") {
    ManualClock clock(Timestamp{1000});
    CHECK(clock.now().ms == 1000);
    clock.advance_ms(250);
    CHECK(clock.now().ms == 1250);
    clock.set(Timestamp{5});
    CHECK(clock.now().ms == 5);
}

TEST_CASE("format_utc writes what printf writes, for times across the years 0000..9999") {
    std::mt19937_64 rng(7);
    const std::int64_t lo = -62167219200000;  // 0000-01-01T00:00:00.000Z
    const std::int64_t hi = 253402300799999;  // 9999-12-31T23:59:59.999Z
    for (int i = 0; i < 20000; ++i) {
        const std::int64_t ms =
            lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
        std::int64_t days = ms / 86400000, rem = ms % 86400000;
        if (rem < 0) {
            rem += 86400000;
            --days;
        }
        const Date d = civil_from_days(days);
        char want[40];
        std::snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year, d.month,
                      d.day, static_cast<int>(rem / 3600000), static_cast<int>(rem / 60000 % 60),
                      static_cast<int>(rem / 1000 % 60), static_cast<int>(rem % 1000));
        REQUIRE(format_utc(Timestamp{ms}) == want);
    }
    CHECK(format_utc(Timestamp{lo}) == "0000-01-01T00:00:00.000Z");
    CHECK(format_utc(Timestamp{hi}) == "9999-12-31T23:59:59.999Z");
}
