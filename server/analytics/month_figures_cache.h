// The review pack's figures of each calendar month (MonthFigures), kept between packs: a month
// is read from the store (UnitViews) and analysed once, then served from memory for as long as
// no event has since been appended for a unit whose acts reach that month (then it is read
// again). The monthly meeting reads the same closed months pack after pack; only the months
// that still change cost a read.
//
// Closed months (over by the clock) also outlive a restart: their trend row and NC tally
// (month_figures_text.h) are kept beside the log (Store::kept_figures) with the log position
// they were derived at, under a key naming the month, the figures' definitions
// (kFiguresDefinitions) and the plant configuration (Plant::source_digest). A month not in
// memory is taken from there when the same test finds no event since for a unit of that month;
// otherwise, or under another configuration or definition, it is read from the units. So the
// first pack after a restart reads only the month under review and the months that changed.
//
// Bounded: at most `capacity` months in memory (each a few kilobytes: rows of figures, never
// units), the least recently used dropped first; capacity 0 keeps nothing, in memory or beside
// the log. Thread-safe: a month missing is read outside the lock, so packs of other months are
// not held up.
#pragma once

#include <cstdint>
#include <list>
#include <mutex>
#include <string>

#include "server/analytics/review_pack.h"
#include "server/analytics/unit_views.h"
#include "shared/time.h"

namespace stampline::server::analytics {

class MonthFiguresCache {
public:
    // Raised whenever what month_figures computes changes (an analysis's definition, TrendRow,
    // RepeatTally): every month kept beside the log is then derived again.
    static constexpr int kFiguresDefinitions = 1;

    // views, plant and clock must outlive the cache.
    MonthFiguresCache(const UnitViews& views, const Plant& plant, const Clock& clock,
                      std::size_t capacity)
        : views_(views), plant_(plant), clock_(clock), capacity_(capacity) {}

    // The figures of the month (with the month under review's own analyses when reviewed).
    Result<MonthFigures> get(YearMonth month, bool reviewed);
    // get() as review_pack's MonthSource.
    MonthSource source();

    struct Stats {
        std::size_t months = 0;  // kept now
        std::size_t capacity = 0;
        std::uint64_t hits = 0;
        std::uint64_t kept_hits = 0;  // taken from beside the log (not in memory)
        std::uint64_t misses = 0;     // read from the store's units: never kept, or changed since
    };
    Stats stats() const;

    // The key a closed month's figures are kept under beside the log.
    std::string kept_key(YearMonth month) const;

private:
    struct Entry {
        YearMonth month;
        bool reviewed = false;
        std::int64_t read_at = 0;  // the log position its figures are of
        std::int64_t kept_at = 0;  // the position kept beside the log (0: not kept there)
        MonthFigures figures;
    };
    // The month's figures in memory, if they are still those of the log: then their position
    // moves to the log's.
    Result<std::optional<MonthFigures>> from_memory(YearMonth month, bool reviewed);
    // The month's figures kept beside the log, if still those of the log.
    Result<std::optional<Entry>> from_kept(YearMonth month);
    void remember(Entry entry);

    const UnitViews& views_;
    const Plant& plant_;
    const Clock& clock_;
    const std::size_t capacity_;
    mutable std::mutex mu_;
    std::list<Entry> entries_;  // most recently used first
    std::uint64_t hits_ = 0;
    std::uint64_t kept_hits_ = 0;
    std::uint64_t misses_ = 0;
};

}  // namespace stampline::server::analytics
