// The plant's time zone: local dates, months and clock times of instants, and the instants that
// local times name, across offset changes; the IANA database read through time_zone_db.h.
#include <doctest/doctest.h>

#include "shared/time_zone.h"
#include "shared/time_zone_db.h"

using namespace stampline;

namespace {

Timestamp utc(const char* text) {
    return *parse_utc(text);
}

}  // namespace

TEST_SUITE("time zone") {
    TEST_CASE("time zone: a night-shift act at 01:30 Moscow time on the 1st is in that month") {
        Result<TimeZone> moscow = load_time_zone("Europe/Moscow");
        REQUIRE_MESSAGE(moscow.has_value(), moscow.error().message());
        const Timestamp act = utc("2026-11-30T22:30:00Z");  // 01:30 MSK on December 1st
        CHECK(moscow->date_of(act) == Date{2026, 12, 1});
        CHECK(moscow->month_of(act) == YearMonth{2026, 12});
        CHECK(month_of(act) == YearMonth{2026, 11});  // the UTC month, which was used before
        CHECK(moscow->minute_of_day(act) == 90);
        CHECK(moscow->start_of(YearMonth{2026, 12}) == utc("2026-11-30T21:00:00Z"));
        CHECK(moscow->at(Date{2026, 12, 1}, 8 * 60) == utc("2026-12-01T05:00:00Z"));
        CHECK(moscow->format_minute(act) == "2026-12-01 01:30");
    }

    TEST_CASE("time zone: local times across a change of offset (DST) name the right instants") {
        Result<TimeZone> berlin = load_time_zone("Europe/Berlin");
        REQUIRE(berlin.has_value());
        // 2026-03-29: 02:00 CET jumps to 03:00 CEST.
        CHECK(berlin->start_of(Date{2026, 3, 29}) == utc("2026-03-28T23:00:00Z"));
        CHECK(berlin->at(Date{2026, 3, 29}, 3 * 60) == utc("2026-03-29T01:00:00Z"));
        // 02:30 never happens that night: the instant the clock jumps.
        CHECK(berlin->at(Date{2026, 3, 29}, 2 * 60 + 30) == utc("2026-03-29T01:00:00Z"));
        // 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice, the first counts.
        CHECK(berlin->at(Date{2026, 10, 25}, 2 * 60 + 30) == utc("2026-10-25T00:30:00Z"));
        CHECK(berlin->at(Date{2026, 10, 26}, 0) == utc("2026-10-25T23:00:00Z"));
        // The day of the change has 25 hours.
        CHECK(berlin->start_of(Date{2026, 10, 26}).ms - berlin->start_of(Date{2026, 10, 25}).ms ==
              25 * 3'600'000);
        CHECK(berlin->date_of(utc("2026-10-25T22:59:59Z")) == Date{2026, 10, 25});
        CHECK(berlin->date_of(utc("2026-10-25T23:00:00Z")) == Date{2026, 10, 26});
    }

    TEST_CASE("time zone: a hand-built offset table and the default UTC") {
        const TimeZone plus3("Test/Plus3", {{Timestamp{0}, 3 * 3'600'000}});
        CHECK(plus3.offset_ms(Timestamp{-1'000'000}) == 3 * 3'600'000);  // before the first
        CHECK(plus3.start_of(Date{1970, 1, 2}).ms == 21 * 3'600'000);
        const TimeZone utc_zone;
        CHECK(utc_zone.name() == "UTC");
        CHECK(utc_zone.start_of(Date{2026, 12, 1}) == utc("2026-12-01T00:00:00Z"));
        CHECK(utc_zone.at(Date{2026, 12, 1}, 1440 + 60) == utc("2026-12-02T01:00:00Z"));
    }

    TEST_CASE("time zone: an unknown zone name is refused naming it") {
        Result<TimeZone> z = load_time_zone("Mars/Olympus_Mons");
        REQUIRE_FALSE(z.has_value());
        CHECK(z.error().code() == Code::NotFound);
        CHECK(z.error().message().find("'Mars/Olympus_Mons'") != std::string::npos);
        CHECK(load_time_zone("UTC")->offset_ms(utc("2026-12-01T00:00:00Z")) == 0);
    }
}
