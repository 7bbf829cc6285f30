// The analyses on the plant's clock: time in stage in working time within the work calendar
// (the flow bottleneck ranks by it), and days and months in the plant's time zone (a night-shift
// act after local midnight belongs to the new day and month). Hand-built events; each test
// failed on the calendar-time, UTC definitions these replaced.
#include <doctest/doctest.h>

#include "server/analytics/review_pack.h"
#include "server/analytics/stage_analysis.h"
#include "shared/time_zone_db.h"
#include "tests/server/analytics_fixture.h"

using namespace stampline;
using namespace stampline::server::analytics;
using stampline::test::at_utc;
using stampline::test::small_plant;
using stampline::test::UnitBuilder;

namespace {

constexpr double kHour = 3600;

// The small plant in Moscow, one day shift 08:00-16:30, Saturdays and Sundays off.
Plant moscow_plant() {
    Plant plant = small_plant();
    plant.zone = *load_time_zone("Europe/Moscow");
    plant.calendar.shifts.push_back({"1", 8 * 60, 16 * 60 + 30, {}});
    plant.calendar.days_off[5] = plant.calendar.days_off[6] = true;
    return plant;
}

const StageStats& row(const std::vector<StageStats>& rows, const std::string& stage) {
    for (const StageStats& s : rows)
        if (s.stage == stage) return s;
    FAIL("no row for stage " << stage);
    return rows.front();
}

Query november() {
    Query q;
    q.from = at_utc("2026-10-31T21:00:00Z");  // November, Moscow time
    q.to = at_utc("2026-11-30T21:00:00Z");
    return q;
}

// B over a weekend: accepted Friday 2026-11-06 15:00 MSK, signed off Monday 10:00 MSK (3.5
// working hours, 67 calendar hours). C in one day: accepted Tuesday 09:00, signed off 16:00 MSK
// (7 hours of both).
std::vector<UnitEvents> weekend_and_weekday() {
    std::vector<UnitEvents> units;
    UnitBuilder(units)
        .unit("W1", "P", at_utc("2026-11-05T06:00:00Z"))
        .nc("A", "A", "X1", at_utc("2026-11-06T06:00:00Z"))
        .sign_off("A", "s1", at_utc("2026-11-06T11:00:00Z"))
        .accept("B", "s2", at_utc("2026-11-06T12:00:00Z"))
        .sign_off("B", "s2", at_utc("2026-11-09T07:00:00Z"))
        .accept("C", "s3", at_utc("2026-11-10T06:00:00Z"))
        .sign_off("C", "s3", at_utc("2026-11-10T13:00:00Z"));
    return units;
}

}  // namespace

TEST_SUITE("analytics on the plant's clock") {
    TEST_CASE("time in stage is working time within the shifts, calendar time is kept beside it") {
        const auto rows = stage_stats(moscow_plant(), weekend_and_weekday(), november());
        const StageStats& b = row(rows, "B");
        CHECK(b.timed_units == 1);
        CHECK(b.median_working_time_s == doctest::Approx(3.5 * kHour));
        CHECK(b.p90_working_time_s == doctest::Approx(3.5 * kHour));
        CHECK(b.p90_calendar_time_s == doctest::Approx(67 * kHour));
        // A, the first stage: from the first act at it (the NC at 09:00 MSK) to the sign-off at
        // 14:00, not from the sheet's printing the day before.
        CHECK(row(rows, "A").p90_working_time_s == doctest::Approx(5 * kHour));
        CHECK(row(rows, "A").p90_calendar_time_s == doctest::Approx(5 * kHour));
    }

    TEST_CASE("the flow bottleneck ranks by working time, not by the weekend a unit waited over") {
        const Bottleneck b = bottleneck(moscow_plant(), weekend_and_weekday(), november());
        REQUIRE(b.by_flow.size() == 3);
        CHECK(b.by_flow[0].stage == "C");  // 7 working hours beat B's 3.5 (67 calendar hours)
        CHECK(b.top_flow_stage == "C");
        CHECK(b.top_flow_reason.find("p90 working time in stage 7.0 h") != std::string::npos);
        // Without a calendar every hour is working time: B's weekend makes it the bottleneck.
        Plant around_the_clock = moscow_plant();
        around_the_clock.calendar = WorkCalendar{};
        CHECK(bottleneck(around_the_clock, weekend_and_weekday(), november()).top_flow_stage ==
              "B");
    }

    TEST_CASE("a shift that staffs only some stages is working time of those stages only") {
        Plant plant = moscow_plant();
        plant.calendar.shifts.push_back({"2", 22 * 60, 6 * 60 + 30, {"B"}});
        const auto rows = stage_stats(plant, weekend_and_weekday(), november());
        // B also works the Friday night shift (22:00 Fri - 06:30 Sat): 3.5 + 8.5 hours.
        CHECK(row(rows, "B").p90_working_time_s == doctest::Approx(12 * kHour));
        CHECK(row(rows, "C").p90_working_time_s == doctest::Approx(7 * kHour));
    }

    TEST_CASE("a night-shift act at 01:30 Moscow time on December 1st counts in December") {
        const Plant plant = moscow_plant();
        std::vector<UnitEvents> units;
        UnitBuilder(units)
            .unit("N1", "P", at_utc("2026-11-30T19:00:00Z"))
            .nc("A", "A", "X1", at_utc("2026-11-30T19:30:00Z"))
            .sign_off("A", "s1", at_utc("2026-11-30T22:30:00Z"));  // 01:30 MSK on 12-01
        ReviewPackOptions december;
        december.month = {2026, 12};
        december.trend_months = 2;
        december.as_of = at_utc("2026-12-20T00:00:00Z");
        const ReviewPack pack = review_pack(plant, units, {}, december);
        CHECK(pack.from == at_utc("2026-11-30T21:00:00Z"));
        CHECK(pack.to == at_utc("2026-12-31T21:00:00Z"));
        REQUIRE(pack.trend.size() == 2);
        CHECK(pack.trend[0].units_passed == 0);  // November
        CHECK(pack.trend[1].units_passed == 1);  // December: the sign-off of 01:30 on the 1st
        CHECK(pack.trend[0].ncs == 1);           // the NC of 22:30 MSK on 11-30 stays in November
        CHECK(pack.trend[1].ncs == 0);
        // In UTC (the plant before its time zone) the sign-off fell into November.
        Plant utc_plant = plant;
        utc_plant.zone = TimeZone();
        const ReviewPack utc_pack = review_pack(utc_plant, units, {}, december);
        CHECK(utc_pack.trend[1].units_passed == 0);
    }
}
