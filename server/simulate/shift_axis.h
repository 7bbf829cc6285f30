// The working time of a simulated period: the plant's shifts on its working days (plant
// [calendar], in the plant's time zone) laid end to end as one axis of working minutes, and the
// instant of a point on it. A plant without a calendar is simulated with one shift, 08:00-17:00
// local time, Monday to Friday.
#pragma once

#include <cstdint>
#include <vector>

#include "shared/plant.h"
#include "shared/time.h"
#include "shared/work_calendar.h"

namespace stampline::server::simulate {

class ShiftAxis {
public:
    // `days` local calendar days from `start`; the working time of any stage (the union of the
    // shifts). Empty when the period has no working time.
    ShiftAxis(const Plant& plant, Date start, int days);

    bool empty() const { return intervals_.empty(); }
    // Working minutes in the period.
    double total_minutes() const { return total_minutes_; }
    // The instant of working minute m, 0 <= m < total_minutes().
    Timestamp at(double minute) const;
    // The local midnight that starts the period and the one that ends it (exclusive).
    Timestamp period_start() const { return period_start_; }
    Timestamp period_end() const { return period_end_; }

private:
    std::vector<WorkInterval> intervals_;
    std::vector<double> starts_;  // working minute at which each interval begins
    double total_minutes_ = 0;
    Timestamp period_start_;
    Timestamp period_end_;
};

}  // namespace stampline::server::simulate
