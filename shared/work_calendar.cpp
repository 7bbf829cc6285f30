#include "shared/work_calendar.h"

#include <algorithm>

namespace stampline {

bool Shift::staffs(std::string_view stage) const {
    return stages.empty() || stage.empty() ||
           std::find(stages.begin(), stages.end(), stage) != stages.end();
}

int weekday(Date d) {
    const std::int64_t days = days_from_civil(d);  // 1970-01-01 was a Thursday
    return static_cast<int>(((days % 7) + 10) % 7);
}

namespace {
constexpr const char* kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
}  // namespace

const char* weekday_name(int day) {
    return kWeekdays[day];
}

int parse_weekday(std::string_view name) {
    for (int i = 0; i < 7; ++i)
        if (name == kWeekdays[i]) return i;
    return -1;
}

std::string describe_shift(const Shift& s) {
    std::string out = s.name + " " + format_clock_minute(s.start_minute) + "\u2013" +
                      format_clock_minute(s.end_minute);
    for (std::size_t i = 0; i < s.stages.size(); ++i)
        out += (i ? ", " : " (") + s.stages[i] + (i + 1 == s.stages.size() ? ")" : "");
    return out;
}

int parse_clock_minute(std::string_view text) {
    auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4))
        return -1;
    const int hours = (text[0] - '0') * 10 + (text[1] - '0');
    const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (hours > 23 || minutes > 59) return -1;
    return hours * 60 + minutes;
}

std::string format_clock_minute(int minute) {
    const int h = minute / 60, m = minute % 60;
    return std::string{static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10), ':',
                       static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10)};
}

bool WorkCalendar::working_day(Date d) const {
    if (days_off[static_cast<std::size_t>(weekday(d))]) return false;
    return !std::binary_search(holidays.begin(), holidays.end(), d);
}

std::vector<WorkInterval> working_intervals(const WorkCalendar& calendar, const TimeZone& zone,
                                            std::string_view stage, Date first, Date last) {
    std::vector<WorkInterval> out;
    const std::int64_t from_day = days_from_civil(first);
    const std::int64_t to_day = days_from_civil(last);
    for (std::int64_t day = from_day; day <= to_day; ++day) {
        const Date d = civil_from_days(day);
        if (!calendar.working_day(d)) continue;
        for (const Shift& s : calendar.shifts) {
            if (!s.staffs(stage)) continue;
            out.push_back({zone.at(d, s.start_minute), zone.at(d, s.start_minute + s.minutes())});
        }
    }
    std::sort(out.begin(), out.end(),
              [](const WorkInterval& a, const WorkInterval& b) { return a.from < b.from; });
    std::vector<WorkInterval> merged;
    for (const WorkInterval& w : out) {
        if (!merged.empty() && w.from <= merged.back().to) {
            merged.back().to = std::max(merged.back().to, w.to);
        } else {
            merged.push_back(w);
        }
    }
    return merged;
}

double working_seconds(const WorkCalendar& calendar, const TimeZone& zone, std::string_view stage,
                       Timestamp from, Timestamp to) {
    if (to <= from) return 0;
    if (!calendar.defined()) return static_cast<double>(to.ms - from.ms) / 1000.0;
    // A shift that covers `from` may have started the day before.
    const Date first = civil_from_days(days_from_civil(zone.date_of(from)) - 1);
    std::int64_t ms = 0;
    for (const WorkInterval& w :
         working_intervals(calendar, zone, stage, first, zone.date_of(to))) {
        const Timestamp a = std::max(w.from, from);
        const Timestamp b = std::min(w.to, to);
        if (a < b) ms += b.ms - a.ms;
    }
    return static_cast<double>(ms) / 1000.0;
}

double WorkingClock::seconds(Timestamp from, Timestamp to) {
    if (to <= from) return 0;
    if (!calendar_.defined()) return static_cast<double>(to.ms - from.ms) / 1000.0;
    // A shift that covers `from` may have started the day before.
    if (from < covered_from_ || to >= covered_to_)
        cover(days_from_civil(zone_.date_of(from)) - 1, days_from_civil(zone_.date_of(to)));
    return static_cast<double>(before(to) - before(from)) / 1000.0;
}

void WorkingClock::cover(std::int64_t first_day, std::int64_t last_day) {
    if (first_day_ <= last_day_ && first_day_ <= first_day && last_day <= last_day_) return;
    if (first_day_ <= last_day_) {  // grow by at least the span already covered, both ways
        const std::int64_t span = last_day_ - first_day_ + 1;
        first_day = std::min(first_day, first_day < first_day_ ? first_day_ - span : first_day_);
        last_day = std::max(last_day, last_day > last_day_ ? last_day_ + span : last_day_);
    }
    first_day_ = first_day;
    last_day_ = last_day;
    // The instants whose intervals the span answers for: from the day after its first (a shift
    // of the day before may reach into that day) to the end of its last.
    covered_from_ = zone_.start_of(civil_from_days(first_day + 1));
    covered_to_ = zone_.start_of(civil_from_days(last_day + 1));
    intervals_ = working_intervals(calendar_, zone_, stage_, civil_from_days(first_day),
                                   civil_from_days(last_day));
    running_.assign(intervals_.size(), 0);
    for (std::size_t i = 1; i < intervals_.size(); ++i)
        running_[i] = running_[i - 1] + (intervals_[i - 1].to.ms - intervals_[i - 1].from.ms);
}

std::int64_t WorkingClock::before(Timestamp t) const {
    auto it = std::upper_bound(intervals_.begin(), intervals_.end(), t,
                               [](Timestamp v, const WorkInterval& w) { return v < w.from; });
    if (it == intervals_.begin()) return 0;
    const std::size_t k = static_cast<std::size_t>(it - intervals_.begin()) - 1;
    return running_[k] + (std::min(t, intervals_[k].to).ms - intervals_[k].from.ms);
}

}  // namespace stampline
