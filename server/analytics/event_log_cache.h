// The analyses' copy of the event log, kept in memory between requests: every unit's view
// (derived state, product type, issue time: analytics_query.h) folded as its events arrive, and,
// on request, the events themselves grouped by unit exactly as group_by_unit(store.all_events())
// groups them. Each use first reads only the events appended since the last one
// (Store::events_after); the log is append-only, so a unit's view only ever moves forward.
//
// Memory: one UnitView and one serial per unit (about 5 KB a unit of the demo plant, measured). The
// events (about 0.6 KB each in memory) are kept only with Options::keep_events: the analyses
// have view forms with the same results and do not need them.
//
// Thread safety: every method may be called from any thread. Refreshes are serialised among
// themselves; they read the store without blocking the analyses in progress and then append
// under a short exclusive lock. Analyses (read(), read_events()) run concurrently under a shared
// lock.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <stop_token>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/analytics/analytics_query.h"
#include "server/store/store.h"
#include "shared/status.h"

namespace stampline::server::analytics {

class EventLogCache {
public:
    struct Options {
        int batch = 50'000;        // events per Store::events_after call while catching up
        bool keep_events = false;  // also keep every event, grouped by unit (for read_events)
    };

    // Starts empty: the first use reads the whole log. The store and the plant must outlive the
    // cache.
    EventLogCache(Store& store, const Plant& plant);
    EventLogCache(Store& store, const Plant& plant, Options options);
    EventLogCache(const EventLogCache&) = delete;
    EventLogCache& operator=(const EventLogCache&) = delete;

    // Appends the events the store accepted since the last refresh. On a store error the events
    // read before it are kept (they are a prefix of the log) and the error is returned. When
    // `stop` is requested it returns Unavailable after the batch in progress (what was read is
    // kept): a server stopping need not wait for a whole log to load.
    Status refresh(std::stop_token stop = {});

    // Refreshes, then calls fn once with every unit's view: units in the order of their first
    // event in the log (group_by_unit's order), each the fold of its events with apply_to_view,
    // units not (yet) registered included with product nullptr. Pass them to the analyses' view
    // forms. fn runs under a shared lock, possibly at the same time as other callbacks; it must
    // not call this cache and must not keep the span or pointers into it after it returns. On a
    // store error fn is not called and the error is returned.
    Status read(const std::function<void(std::span<const UnitView>)>& fn);

    // The same with every unit's events, in the same unit order (what group_by_unit returns).
    // Internal error, fn not called, unless the cache was made with keep_events.
    Status read_events(const std::function<void(std::span<const UnitEvents>)>& fn);

    struct Size {
        std::int64_t last_seq = 0;  // of the last event held; 0 when empty
        std::size_t units = 0;
        std::size_t events = 0;  // folded into the views (held too with keep_events)
    };
    Size size() const;

private:
    void append(std::vector<StoredEvent>& batch);  // under the exclusive lock

    Store& store_;
    const Plant& plant_;
    const Options options_;

    std::mutex refresh_mu_;  // serialises refresh(); held while the store is read

    mutable std::shared_mutex mu_;  // guards the members below; written only under refresh_mu_
    std::vector<UnitView> views_;
    std::vector<UnitEvents> events_by_unit_;  // [i]: the events of views_[i]; with keep_events
    std::unordered_map<std::string, std::size_t> index_;  // serial -> position
    std::size_t events_ = 0;
    std::vector<std::size_t> touched_;  // append()'s scratch: units whose events grew
    std::int64_t last_seq_ = 0;
};

}  // namespace stampline::server::analytics
