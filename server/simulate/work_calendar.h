// The working time of a simulated period: the shifts of its working days laid end to end as one
// axis of working minutes, and the terminal time of a point on it.
#pragma once

#include <cstdint>
#include <vector>

#include "shared/time.h"

namespace stampline::server::simulate {

class WorkCalendar {
public:
    // `days` calendar days from `start`, Saturdays and Sundays off; each working day has a shift
    // of shift_hours from shift_start_hour UTC. Empty when the period has no working day.
    WorkCalendar(Date start, int days, int shift_start_hour, int shift_hours);

    bool empty() const { return day_starts_ms_.empty(); }
    int working_days() const { return static_cast<int>(day_starts_ms_.size()); }
    // Working minutes in the period.
    double total_minutes() const;
    // The terminal time of working minute m, 0 <= m < total_minutes().
    Timestamp at(double minute) const;
    // The first moment of the period and the end of its last calendar day (exclusive).
    Timestamp period_start() const { return period_start_; }
    Timestamp period_end() const { return period_end_; }

private:
    std::vector<std::int64_t> day_starts_ms_;  // start of each working day's shift
    double shift_minutes_ = 0;
    Timestamp period_start_;
    Timestamp period_end_;
};

}  // namespace stampline::server::simulate
