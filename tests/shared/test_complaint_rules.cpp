// Customer complaints' steps and deadlines (shared/complaint_rules.h).
#include <doctest/doctest.h>

#include "shared/complaint_rules.h"
#include "shared/time_zone_db.h"

namespace stampline {

namespace {

Timestamp at(const char* utc) {
    return *parse_utc(utc);
}

// Saturday and Sunday off, 2026-11-04 a holiday, one day shift.
WorkCalendar five_day_week() {
    WorkCalendar c;
    c.shifts.push_back({"day", 8 * 60, 17 * 60, {}});
    c.days_off[5] = c.days_off[6] = true;
    c.holidays = {{2026, 11, 4}};
    return c;
}

}  // namespace

TEST_CASE(
    "a complaint goes registered, investigation, commission, closed, never skips or goes "
    "back, can be withdrawn until it is final") {
    using S = ComplaintStatus;
    CHECK(complaint_transition_allowed(S::Registered, S::Investigation));
    CHECK(complaint_transition_allowed(S::Investigation, S::Commission));
    CHECK(complaint_transition_allowed(S::Commission, S::Closed));
    CHECK_FALSE(complaint_transition_allowed(S::Registered, S::Commission));
    CHECK_FALSE(complaint_transition_allowed(S::Registered, S::Closed));
    CHECK_FALSE(complaint_transition_allowed(S::Commission, S::Investigation));
    CHECK_FALSE(complaint_transition_allowed(S::Investigation, S::Investigation));
    for (S s : {S::Registered, S::Investigation, S::Commission})
        CHECK(complaint_transition_allowed(s, S::Withdrawn));
    for (S s : {S::Registered, S::Investigation, S::Commission, S::Closed, S::Withdrawn}) {
        CHECK_FALSE(complaint_transition_allowed(S::Closed, s));
        CHECK_FALSE(complaint_transition_allowed(S::Withdrawn, s));
        ComplaintStatus back = S::Registered;
        REQUIRE(parse_complaint_status(complaint_status_name(s), &back));
        CHECK(back == s);
    }
    Justified j = Justified::No;
    CHECK(parse_justified("partly", &j));
    CHECK(j == Justified::Partly);
    CHECK_FALSE(parse_justified("maybe", &j));
}

TEST_CASE("deadlines in working days skip days off and holidays, calendar days do not") {
    const WorkCalendar week = five_day_week();
    // Friday 2026-10-30 + 3 working days: Mon 2, Tue 3, (Wed 4 a holiday), Thu 5.
    CHECK(add_days({2026, 10, 30}, 3, true, week) == Date{2026, 11, 5});
    CHECK(add_days({2026, 10, 30}, 3, false, week) == Date{2026, 11, 2});
    // A plant without a calendar works every day.
    CHECK(add_days({2026, 10, 30}, 3, true, WorkCalendar{}) == Date{2026, 11, 2});
    CHECK(add_days({2026, 12, 30}, 2, false, week) == Date{2027, 1, 1});
    // A calendar with every day off does not hang.
    WorkCalendar never = week;
    never.days_off.fill(true);
    (void)add_days({2026, 10, 30}, 3, true, never);
}

TEST_CASE("a complaint's deadlines end at the plant's midnight after their last day") {
    const TimeZone moscow = *load_time_zone("Europe/Moscow");
    ComplaintReason defect{"defect", {}, 3, 20, true, true};
    // Registered Friday 2026-10-30 at 23:30 Moscow (20:30 UTC): the plant's Friday.
    const ComplaintDeadlines d =
        complaint_deadlines(defect, at("2026-10-30T20:30:00Z"), five_day_week(), moscow);
    CHECK(d.first_answer == at("2026-11-05T21:00:00Z"));  // Thu 5th ends at Moscow midnight
    // 20 working days after Friday 30 October, the 4th of November off: Monday 30 November.
    CHECK(d.resolution == at("2026-11-30T21:00:00Z"));
    // The same instant is already Saturday in Novosibirsk (UTC+7), a day off: the same last day,
    // ending at Novosibirsk's midnight.
    const TimeZone novosibirsk = *load_time_zone("Asia/Novosibirsk");
    CHECK(complaint_deadlines(defect, at("2026-10-30T20:30:00Z"), five_day_week(), novosibirsk)
              .first_answer == at("2026-11-05T17:00:00Z"));
}

}  // namespace stampline
