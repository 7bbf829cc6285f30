// The plant's work calendar (plant [calendar]): its shifts, weekly days off and holidays, and the
// working time of an interval within them. Time in stage is measured in working time, so that a
// job of a few hours is not charged the night and the weekend it waited over.
//
// A shift runs on every working day from its start to its end on the plant's local clock (the
// plant's time zone, time_zone.h); one that ends at or before its start ends the next day and
// belongs to the day it starts on (a Friday night shift works into Saturday). A shift names the
// stages it staffs, or none for every stage. Working time of a stage = the parts of an interval
// inside the shifts that staff it, on working days (shifts that overlap count once). A plant
// without a calendar works around the clock: working time is calendar time.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shared/time.h"
#include "shared/time_zone.h"

namespace stampline {

struct Shift {
    std::string name;
    int start_minute = 0;             // local clock, minutes after midnight, 0..1439
    int end_minute = 0;               // the same; <= start_minute: the next day
    std::vector<std::string> stages;  // the stages it staffs; empty: every stage

    bool staffs(std::string_view stage) const;
    int minutes() const {
        return end_minute > start_minute ? end_minute - start_minute
                                         : end_minute + 1440 - start_minute;
    }
};

struct WorkCalendar {
    std::vector<Shift> shifts;       // empty: no calendar, every hour is working time
    std::array<bool, 7> days_off{};  // Monday first
    std::vector<Date> holidays;      // sorted

    bool defined() const { return !shifts.empty(); }
    bool working_day(Date d) const;
};

// 0 = Monday .. 6 = Sunday.
int weekday(Date d);
// "mon" .. "sun" -> 0 .. 6; -1 for anything else. weekday_name: the reverse (day 0..6).
int parse_weekday(std::string_view name);
const char* weekday_name(int day);
// "HH:MM" (00:00 .. 23:59) -> minutes after midnight; -1 for anything else.
int parse_clock_minute(std::string_view text);
// 480 -> "08:00".
std::string format_clock_minute(int minute);

// "day 08:00–16:30" or, when it staffs some stages only, "night 22:00–06:30 (WIRING, ADJUST)".
std::string describe_shift(const Shift& shift);

// One stretch of working time.
struct WorkInterval {
    Timestamp from;  // inclusive
    Timestamp to;    // exclusive
};

// The working time of `stage` ("" = of any stage) in the shifts that start on local days
// [first, last], in time order and merged where they touch or overlap.
std::vector<WorkInterval> working_intervals(const WorkCalendar& calendar, const TimeZone& zone,
                                            std::string_view stage, Date first, Date last);

// Seconds of working time of `stage` within [from, to) (calendar seconds when the calendar is
// not defined; 0 when to <= from).
double working_seconds(const WorkCalendar& calendar, const TimeZone& zone, std::string_view stage,
                       Timestamp from, Timestamp to);

// working_seconds of one stage for many intervals (the analyses time every unit): the stage's
// working intervals over a span of days with their running totals, so that each interval costs
// two binary searches. The span grows (doubling) to cover the intervals asked for. Not
// thread-safe; the calendar and zone must outlive it.
class WorkingClock {
public:
    WorkingClock(const WorkCalendar& calendar, const TimeZone& zone, std::string stage)
        : calendar_(calendar), zone_(zone), stage_(std::move(stage)) {}
    double seconds(Timestamp from, Timestamp to);

private:
    void cover(std::int64_t first_day, std::int64_t last_day);
    std::int64_t before(Timestamp t) const;  // working ms of the covered span before t

    const WorkCalendar& calendar_;
    const TimeZone& zone_;
    std::string stage_;
    std::int64_t first_day_ = 0, last_day_ = -1;  // the span covered (days since 1970-01-01)
    Timestamp covered_from_{1}, covered_to_{0};   // none yet
    std::vector<WorkInterval> intervals_;
    std::vector<std::int64_t> running_;  // working ms of the intervals before each one
};

}  // namespace stampline
