// The review pack's figures of each calendar month (MonthFigures), kept between packs: a month
// is read from the store (UnitViews) and analysed once, then served from memory for as long as
// no event has since been appended for a unit whose acts reach that month (then it is read
// again). The monthly meeting reads the same closed months pack after pack; only the months
// that still change cost a read.
//
// Bounded: at most `capacity` months (each a few kilobytes: rows of figures, never units), the
// least recently used dropped first; capacity 0 keeps nothing. Thread-safe: a month missing is
// read outside the lock, so packs of other months are not held up.
#pragma once

#include <cstdint>
#include <list>
#include <mutex>

#include "server/analytics/review_pack.h"
#include "server/analytics/unit_views.h"

namespace stampline::server::analytics {

class MonthFiguresCache {
public:
    // views and plant must outlive the cache.
    MonthFiguresCache(const UnitViews& views, const Plant& plant, std::size_t capacity)
        : views_(views), plant_(plant), capacity_(capacity) {}

    // The figures of the month (with the month under review's own analyses when reviewed).
    Result<MonthFigures> get(YearMonth month, bool reviewed);
    // get() as review_pack's MonthSource.
    MonthSource source();

    struct Stats {
        std::size_t months = 0;  // kept now
        std::size_t capacity = 0;
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;  // read from the store: never kept, or changed since
    };
    Stats stats() const;

private:
    struct Entry {
        YearMonth month;
        bool reviewed = false;
        std::int64_t read_at = 0;  // the log position its figures are of
        MonthFigures figures;
    };

    const UnitViews& views_;
    const Plant& plant_;
    const std::size_t capacity_;
    mutable std::mutex mu_;
    std::list<Entry> entries_;  // most recently used first
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

}  // namespace stampline::server::analytics
