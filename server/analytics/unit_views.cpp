#include "server/analytics/unit_views.h"

#include <vector>

namespace stampline::server::analytics {

Status UnitViews::read(Timestamp from, Timestamp to,
                       const std::function<void(std::span<const UnitView>)>& fn) const {
    std::vector<UnitView> views;
    const Status s = store_.units_acting(from, to, [&](const UnitFacts& unit) {
        UnitView& view = views.emplace_back();
        for (const Event& e : unit.events) apply_to_view(plant_, view, e);
        return Status::ok();
    });
    if (!s) return s;
    fn(views);
    return Status::ok();
}

PeriodReader UnitViews::reader() const {
    return [this](Timestamp from, Timestamp to,
                  const std::function<void(std::span<const UnitView>)>& fn) {
        return read(from, to, fn);
    };
}

}  // namespace stampline::server::analytics
