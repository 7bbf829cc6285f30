#include "server/analytics/month_figures_cache.h"

#include <algorithm>

#include "server/analytics/month_figures_text.h"

namespace stampline::server::analytics {

namespace {

// A closed month's position beside the log is rewritten once the log has moved this far past
// it, so that the test after a restart scans at most about this many events.
constexpr std::int64_t kRekeepAfterEvents = 20'000;

// The log's position now when no event since `at` touched a unit of the month (its figures read
// at `at` are still those of the log up to it), nullopt when one did. The position is taken
// before the check, so that the next check can start there instead of scanning the same events.
Result<std::optional<std::int64_t>> position_if_unchanged(const UnitViews& views,
                                                          const Plant& plant, std::int64_t at,
                                                          YearMonth month) {
    Result<std::int64_t> now = views.position();
    if (!now) return now.error();
    Result<bool> changed =
        views.changed_since(at, plant.zone.start_of(month), plant.zone.start_of(next_month(month)));
    if (!changed) return changed.error();
    if (*changed) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(std::max(at, *now));
}

}  // namespace

std::string MonthFiguresCache::kept_key(YearMonth month) const {
    return "review-month/" + format_year_month(month) + "/definitions-" +
           std::to_string(kFiguresDefinitions) + "/plant-" + plant_.source_digest;
}

Result<MonthFigures> MonthFiguresCache::get(YearMonth month, bool reviewed) {
    Result<std::optional<MonthFigures>> in_memory = from_memory(month, reviewed);
    if (!in_memory) return in_memory.error();
    if (*in_memory) return std::move(**in_memory);

    const bool closed =
        capacity_ > 0 && !reviewed && plant_.zone.start_of(next_month(month)) <= clock_.now();
    if (closed) {
        Result<std::optional<Entry>> kept = from_kept(month);
        if (!kept) return kept.error();
        if (*kept) {
            MonthFigures figures = (*kept)->figures;
            remember(std::move(**kept));
            std::lock_guard lock(mu_);
            ++kept_hits_;
            return figures;
        }
    }
    MonthFigures figures;
    Result<std::int64_t> at =
        views_.read_at(plant_.zone.start_of(month), plant_.zone.start_of(next_month(month)),
                       [&](std::span<const UnitView> units) {
                           figures = month_figures(plant_, units, month, reviewed);
                       });
    if (!at) return at.error();
    Entry entry{month, reviewed, *at, 0, figures};
    // Not kept beside the log (the store refused the write): read again after a restart.
    if (closed && views_.keep(kept_key(month), {*at, kept_month_text(figures)}))
        entry.kept_at = *at;
    remember(std::move(entry));
    std::lock_guard lock(mu_);
    ++misses_;
    return figures;
}

Result<std::optional<MonthFigures>> MonthFiguresCache::from_memory(YearMonth month, bool reviewed) {
    const auto same = [&](const Entry& e) { return e.month == month && e.reviewed == reviewed; };
    std::optional<std::int64_t> kept_at;
    {
        std::lock_guard lock(mu_);
        for (const Entry& e : entries_)
            if (same(e)) kept_at = e.read_at;
    }
    if (!kept_at) return std::optional<MonthFigures>();
    Result<std::optional<std::int64_t>> now =
        position_if_unchanged(views_, plant_, *kept_at, month);
    if (!now) return now.error();
    if (!*now) return std::optional<MonthFigures>();
    std::optional<KeptFigures> rekeep;
    MonthFigures figures;
    {
        std::lock_guard lock(mu_);
        auto it = std::find_if(entries_.begin(), entries_.end(),
                               [&](const Entry& e) { return same(e) && e.read_at == *kept_at; });
        if (it == entries_.end()) return std::optional<MonthFigures>();
        it->read_at = **now;
        if (it->kept_at > 0 && it->read_at - it->kept_at > kRekeepAfterEvents) {
            rekeep = KeptFigures{it->read_at, kept_month_text(it->figures)};
            it->kept_at = it->read_at;
        }
        entries_.splice(entries_.begin(), entries_, it);
        ++hits_;
        figures = it->figures;
    }
    if (rekeep) (void)views_.keep(kept_key(month), *rekeep);  // failed: the older one stays
    return std::optional<MonthFigures>(std::move(figures));
}

Result<std::optional<MonthFiguresCache::Entry>> MonthFiguresCache::from_kept(YearMonth month) {
    const std::string key = kept_key(month);
    Result<std::optional<KeptFigures>> kept = views_.kept(key);
    if (!kept) return kept.error();
    if (!*kept) return std::optional<Entry>();
    Result<MonthFigures> figures = parse_kept_month((*kept)->text);
    // Unreadable (not what this version writes): derived again, and written over.
    if (!figures || figures->trend.month != month) return std::optional<Entry>();
    Result<std::optional<std::int64_t>> now =
        position_if_unchanged(views_, plant_, (*kept)->position, month);
    if (!now) return now.error();
    if (!*now) return std::optional<Entry>();
    Entry entry{month, false, **now, (*kept)->position, std::move(figures).value()};
    if (entry.read_at - entry.kept_at > kRekeepAfterEvents &&
        views_.keep(key, {entry.read_at, (*kept)->text}))
        entry.kept_at = entry.read_at;
    return std::optional<Entry>(std::move(entry));
}

void MonthFiguresCache::remember(Entry entry) {
    std::lock_guard lock(mu_);
    entries_.remove_if(
        [&](const Entry& e) { return e.month == entry.month && e.reviewed == entry.reviewed; });
    if (capacity_ == 0) return;
    entries_.push_front(std::move(entry));
    while (entries_.size() > capacity_) entries_.pop_back();
}

MonthSource MonthFiguresCache::source() {
    return [this](YearMonth month, bool reviewed) { return get(month, reviewed); };
}

MonthFiguresCache::Stats MonthFiguresCache::stats() const {
    std::lock_guard lock(mu_);
    return Stats{entries_.size(), capacity_, hits_, kept_hits_, misses_};
}

}  // namespace stampline::server::analytics
