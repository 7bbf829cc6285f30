// The work calendar: working days, shifts through midnight, holidays, per-stage shifts, and the
// working time of an interval in the plant's time zone.
#include <doctest/doctest.h>

#include "shared/time_zone_db.h"
#include "shared/work_calendar.h"

using namespace stampline;

namespace {

constexpr double kHour = 3600;

Timestamp utc(const char* text) {
    return *parse_utc(text);
}

// Moscow; a day shift 08:00-16:30 for every stage and a night shift 22:00-06:30 for WIRING;
// Saturdays and Sundays off; 2026-11-04 a holiday.
struct Calendar {
    TimeZone zone = *load_time_zone("Europe/Moscow");
    WorkCalendar cal;
    Calendar() {
        cal.shifts.push_back({"day", 8 * 60, 16 * 60 + 30, {}});
        cal.shifts.push_back({"night", 22 * 60, 6 * 60 + 30, {"WIRING"}});
        cal.days_off[5] = cal.days_off[6] = true;
        cal.holidays = {{2026, 11, 4}};
    }
    double hours(std::string_view stage, const char* from, const char* to) const {
        return working_seconds(cal, zone, stage, utc(from), utc(to)) / kHour;
    }
};

}  // namespace

TEST_SUITE("work calendar") {
    TEST_CASE("work calendar: a shift is described by its name, hours and the stages it staffs") {
        CHECK(describe_shift({"day", 8 * 60, 16 * 60 + 30, {}}) == "day 08:00\u201316:30");
        CHECK(describe_shift({"night", 22 * 60, 6 * 60 + 30, {"WIRING", "ADJUST"}}) ==
              "night 22:00\u201306:30 (WIRING, ADJUST)");
    }

    TEST_CASE("work calendar: a job started in the afternoon and signed off next morning") {
        const Calendar c;
        // 15:00 MSK Thursday 2026-11-05 to 10:00 MSK Friday: 1.5 h + 2 h of the day shift.
        CHECK(c.hours("ASSEMBLY", "2026-11-05T12:00:00Z", "2026-11-06T07:00:00Z") ==
              doctest::Approx(3.5));
        // WIRING also works the night shift in between: 8.5 h more.
        CHECK(c.hours("WIRING", "2026-11-05T12:00:00Z", "2026-11-06T07:00:00Z") ==
              doctest::Approx(12.0));
    }

    TEST_CASE("work calendar: the weekend and holidays are not working time") {
        const Calendar c;
        // Friday 16:00 MSK to Monday 09:00 MSK: 0.5 h on Friday and 1 h on Monday.
        CHECK(c.hours("ASSEMBLY", "2026-11-06T13:00:00Z", "2026-11-09T06:00:00Z") ==
              doctest::Approx(1.5));
        // Tuesday 16:00 to Thursday 09:00 over the holiday of Wednesday 2026-11-04.
        CHECK(c.hours("ASSEMBLY", "2026-11-03T13:00:00Z", "2026-11-05T06:00:00Z") ==
              doctest::Approx(1.5));
        CHECK(c.cal.working_day(Date{2026, 11, 3}));
        CHECK_FALSE(c.cal.working_day(Date{2026, 11, 4}));
        CHECK_FALSE(c.cal.working_day(Date{2026, 11, 7}));
    }

    TEST_CASE("work calendar: a night shift belongs to the day it starts on") {
        const Calendar c;
        // The Friday night shift (22:00 Fri - 06:30 Sat MSK) is worked; Sunday night's is not.
        CHECK(c.hours("WIRING", "2026-11-06T19:00:00Z", "2026-11-07T03:30:00Z") ==
              doctest::Approx(8.5));
        CHECK(c.hours("WIRING", "2026-11-08T19:00:00Z", "2026-11-09T03:30:00Z") ==
              doctest::Approx(0.0));
    }

    TEST_CASE("work calendar: no calendar is calendar time, an empty interval is none") {
        const Calendar c;
        const WorkCalendar none;
        CHECK(working_seconds(none, c.zone, "A", utc("2026-11-06T13:00:00Z"),
                              utc("2026-11-09T06:00:00Z")) == doctest::Approx(65 * kHour));
        CHECK(c.hours("ASSEMBLY", "2026-11-09T06:00:00Z", "2026-11-09T06:00:00Z") == 0);
        CHECK(c.hours("ASSEMBLY", "2026-11-09T07:00:00Z", "2026-11-09T06:00:00Z") == 0);
    }

    TEST_CASE("work calendar: overlapping shifts count once, intervals come merged") {
        Calendar c;
        c.cal.shifts.push_back({"overlap", 12 * 60, 18 * 60, {}});
        // Monday 2026-11-09: 08:00-18:00 MSK merged.
        const auto w = working_intervals(c.cal, c.zone, "ASSEMBLY", {2026, 11, 9}, {2026, 11, 9});
        REQUIRE(w.size() == 1);
        CHECK(w[0].from == utc("2026-11-09T05:00:00Z"));
        CHECK(w[0].to == utc("2026-11-09T15:00:00Z"));
    }

    TEST_CASE("work calendar: the working clock agrees with working_seconds on any interval") {
        const Calendar c;
        WorkingClock wiring(c.cal, c.zone, "WIRING");
        const Timestamp base = utc("2026-10-20T00:00:00Z");
        std::uint64_t x = 12345;
        for (int i = 0; i < 300; ++i) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            // From 0 to 60 days after base, lasting up to 20 days, in minutes.
            const Timestamp from{base.ms +
                                 static_cast<std::int64_t>((x >> 20) % (60 * 1440)) * 60'000};
            const Timestamp to{from.ms +
                               static_cast<std::int64_t>((x >> 40) % (20 * 1440)) * 60'000};
            CAPTURE(format_utc(from));
            CAPTURE(format_utc(to));
            CHECK(wiring.seconds(from, to) ==
                  doctest::Approx(working_seconds(c.cal, c.zone, "WIRING", from, to)));
        }
        CHECK(wiring.seconds(utc("2026-11-05T12:00:00Z"), utc("2026-11-06T07:00:00Z")) ==
              doctest::Approx(12.0 * kHour));
    }

    TEST_CASE("work calendar: days of the week, clock times") {
        CHECK(weekday(Date{2026, 12, 5}) == 5);  // a Saturday
        CHECK(weekday(Date{1970, 1, 1}) == 3);   // a Thursday
        CHECK(parse_weekday("sun") == 6);
        CHECK(parse_weekday("Sunday") == -1);
        CHECK(parse_clock_minute("23:59") == 1439);
        CHECK(parse_clock_minute("24:00") == -1);
        CHECK(parse_clock_minute("8:00") == -1);
        CHECK(format_clock_minute(8 * 60 + 5) == "08:05");
    }
}
