#include "server/analytics/unit_views.h"

#include <malloc.h>

#include <vector>

namespace stampline::server::analytics {

Status UnitViews::read(Timestamp from, Timestamp to,
                       const std::function<void(std::span<const UnitView>)>& fn) const {
    const Result<std::int64_t> at = read_at(from, to, fn);
    return at ? Status::ok() : at.error();
}

Result<std::int64_t> UnitViews::read_at(
    Timestamp from, Timestamp to, const std::function<void(std::span<const UnitView>)>& fn) const {
    std::vector<UnitView> views;
    Result<std::int64_t> at = store_.units_acting(from, to, [&](const UnitFacts& unit) {
        UnitView& view = views.emplace_back();
        for (const Event& e : unit.events) apply_to_view(plant_, view, e);
        return Status::ok();
    });
    if (at) fn(views);
    // A month's views are hundreds of megabytes, freed here on whichever worker thread ran the
    // request: hand them back to the system, or each thread's malloc arena keeps its own.
    views = {};
    malloc_trim(0);
    return at;
}

PeriodReader UnitViews::reader() const {
    return [this](Timestamp from, Timestamp to,
                  const std::function<void(std::span<const UnitView>)>& fn) {
        return read(from, to, fn);
    };
}

}  // namespace stampline::server::analytics
