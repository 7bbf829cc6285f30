// The analyses' units, read from the store a period at a time: the units whose acts reach the
// period (Store::units_acting, kept in columns beside the log: nothing is parsed), each folded
// into its view (analytics_query.h). Nothing is kept between reads, so memory follows the
// period asked for, never the length of the record; the analyses read long windows a month at a
// time (MonthFiguresCache, read_by_month).
//
// Thread safety: every method may be called from any thread (each read is a read transaction of
// its own on its own connection).
#pragma once

#include <functional>
#include <span>

#include "server/analytics/analytics_query.h"
#include "server/analytics/review_pack.h"
#include "server/store/store.h"
#include "shared/status.h"

namespace stampline::server::analytics {

class UnitViews {
public:
    // The store and the plant must outlive the object.
    UnitViews(Store& store, const Plant& plant) : store_(store), plant_(plant) {}

    // Calls fn once with the views of the units whose acts reach [from, to) (a superset of those
    // acting in it: the analyses test acted_in themselves), in the order of their first event in
    // the log. fn must not keep the span. On a store error fn is not called.
    Status read(Timestamp from, Timestamp to,
                const std::function<void(std::span<const UnitView>)>& fn) const;
    // The same, returning the log position read (Store::units_acting).
    Result<std::int64_t> read_at(Timestamp from, Timestamp to,
                                 const std::function<void(std::span<const UnitView>)>& fn) const;
    // read() as a PeriodReader.
    PeriodReader reader() const;
    // The log's position now (its last seq).
    Result<std::int64_t> position() const {
        Result<StoreCounts> counts = store_.counts();
        if (!counts) return counts.error();
        return counts->events;
    }
    // Whether the figures of [from, to) read at position `at` may have changed since.
    Result<bool> changed_since(std::int64_t at, Timestamp from, Timestamp to) const {
        return store_.units_changed_since(at, from, to);
    }
    // Every unit counted by where it is now, and the record's first act (Store::units_summary).
    Result<UnitsSummary> summary() const { return store_.units_summary(); }
    // Figures kept beside the log (Store::kept_figures, WriteTxn::keep_figures).
    Result<std::optional<KeptFigures>> kept(std::string_view key) const {
        return store_.kept_figures(key);
    }
    Status keep(std::string_view key, const KeptFigures& figures) const {
        return store_.write([&](WriteTxn& txn) { return txn.keep_figures(key, figures); });
    }

private:
    Store& store_;
    const Plant& plant_;
};

}  // namespace stampline::server::analytics
