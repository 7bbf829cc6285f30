#include "server/simulate/work_calendar.h"

#include <algorithm>

namespace stampline::server::simulate {

namespace {
constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kHourMs = 3'600'000;
}  // namespace

WorkCalendar::WorkCalendar(Date start, int days, int shift_start_hour, int shift_hours)
    : shift_minutes_(shift_hours * 60.0) {
    const std::int64_t first = days_from_civil(start);
    period_start_ = Timestamp{first * kDayMs};
    period_end_ = Timestamp{(first + std::max(days, 0)) * kDayMs};
    for (std::int64_t d = first; d < first + days; ++d) {
        const std::int64_t weekday = ((d % 7) + 10) % 7;  // 1970-01-01 was a Thursday; 0 = Monday
        if (weekday >= 5) continue;
        day_starts_ms_.push_back(d * kDayMs + shift_start_hour * kHourMs);
    }
}

double WorkCalendar::total_minutes() const {
    return shift_minutes_ * static_cast<double>(day_starts_ms_.size());
}

Timestamp WorkCalendar::at(double minute) const {
    const double clamped = std::clamp(minute, 0.0, total_minutes() - 1e-3);
    const auto day = static_cast<std::size_t>(clamped / shift_minutes_);
    const double within = clamped - static_cast<double>(day) * shift_minutes_;
    return Timestamp{day_starts_ms_[std::min(day, day_starts_ms_.size() - 1)] +
                     static_cast<std::int64_t>(within * 60'000.0)};
}

}  // namespace stampline::server::simulate
