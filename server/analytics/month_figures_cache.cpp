#include "server/analytics/month_figures_cache.h"

#include <algorithm>

namespace stampline::server::analytics {

Result<MonthFigures> MonthFiguresCache::get(YearMonth month, bool reviewed) {
    const Timestamp from = plant_.zone.start_of(month);
    const Timestamp to = plant_.zone.start_of(next_month(month));
    const auto same = [&](const Entry& e) { return e.month == month && e.reviewed == reviewed; };
    std::optional<std::int64_t> kept_at;
    {
        std::lock_guard lock(mu_);
        for (const Entry& e : entries_)
            if (same(e)) kept_at = e.read_at;
    }
    if (kept_at) {
        // The position is taken before the check: unchanged, the figures are those of the log
        // up to it, and the next check starts there instead of scanning the same events again.
        Result<std::int64_t> now = views_.position();
        if (!now) return now.error();
        Result<bool> changed = views_.changed_since(*kept_at, from, to);
        if (!changed) return changed.error();
        std::lock_guard lock(mu_);
        for (auto it = entries_.begin(); !*changed && it != entries_.end(); ++it) {
            if (!same(*it) || it->read_at != *kept_at) continue;
            it->read_at = std::max(*kept_at, *now);
            entries_.splice(entries_.begin(), entries_, it);
            ++hits_;
            return entries_.front().figures;
        }
    }
    MonthFigures figures;
    Result<std::int64_t> at = views_.read_at(from, to, [&](std::span<const UnitView> units) {
        figures = month_figures(plant_, units, month, reviewed);
    });
    if (!at) return at.error();
    std::lock_guard lock(mu_);
    ++misses_;
    entries_.remove_if(same);
    if (capacity_ > 0) {
        entries_.push_front(Entry{month, reviewed, *at, figures});
        while (entries_.size() > capacity_) entries_.pop_back();
    }
    return figures;
}

MonthSource MonthFiguresCache::source() {
    return [this](YearMonth month, bool reviewed) { return get(month, reviewed); };
}

MonthFiguresCache::Stats MonthFiguresCache::stats() const {
    std::lock_guard lock(mu_);
    return Stats{entries_.size(), capacity_, hits_, misses_};
}

}  // namespace stampline::server::analytics
