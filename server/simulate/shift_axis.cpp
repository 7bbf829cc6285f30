#include "server/simulate/shift_axis.h"

#include <algorithm>

namespace stampline::server::simulate {

namespace {

// One day shift for a plant that has no calendar.
WorkCalendar default_calendar() {
    WorkCalendar c;
    c.shifts.push_back({"1", 8 * 60, 17 * 60, {}});
    c.days_off[5] = c.days_off[6] = true;
    return c;
}

}  // namespace

ShiftAxis::ShiftAxis(const Plant& plant, Date start, int days) {
    const WorkCalendar calendar = plant.calendar.defined() ? plant.calendar : default_calendar();
    const std::int64_t first = days_from_civil(start);
    period_start_ = plant.zone.start_of(start);
    period_end_ = plant.zone.start_of(civil_from_days(first + std::max(days, 0)));
    if (days <= 0) return;
    for (WorkInterval w :
         working_intervals(calendar, plant.zone, "", start, civil_from_days(first + days - 1))) {
        w.to = std::min(w.to, period_end_);  // the last night shift ends with the period
        if (w.from >= w.to) continue;
        starts_.push_back(total_minutes_);
        total_minutes_ += static_cast<double>(w.to.ms - w.from.ms) / 60'000.0;
        intervals_.push_back(w);
    }
}

Timestamp ShiftAxis::at(double minute) const {
    const double clamped = std::clamp(minute, 0.0, total_minutes_ - 1e-3);
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), clamped);
    const auto k = static_cast<std::size_t>(std::max<std::ptrdiff_t>(it - starts_.begin() - 1, 0));
    const double within = clamped - starts_[k];
    return Timestamp{std::min(intervals_[k].from.ms + static_cast<std::int64_t>(within * 60'000.0),
                              intervals_[k].to.ms - 1)};
}

}  // namespace stampline::server::simulate
