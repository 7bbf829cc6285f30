// The derived states of units in work, kept between batches so that ingest does not re-read and
// re-fold a unit's whole trail for every event posted about it (what dominated ingest time).
//
// A state is only ever used for the log position it was derived at: ingest asks the store for the
// unit's last seq (one index lookup, inside its transaction) and takes the cached state only when
// it was derived up to exactly that seq; anything else is a miss and the trail is read as before.
// So the cache can be stale, cold or cleared at any time without changing an answer.
//
// Thread-safe. Bounded: the units least recently put are dropped beyond `capacity`.
#pragma once

#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>

#include "server/store/store.h"
#include "shared/plant.h"
#include "shared/text_map.h"
#include "shared/unit_state.h"

namespace stampline::server {

class UnitStateCache {
public:
    explicit UnitStateCache(std::size_t capacity = 50'000) : capacity_(capacity) {}

    // The state of serial derived up to exactly last_seq, or nullopt. It is taken out of the
    // cache (no copy): the taker puts back the state it ends with.
    std::optional<UnitState> take(std::string_view serial, std::int64_t last_seq);

    // Keeps state as serial's state up to last_seq, unless a state of a later seq is kept.
    void put(const std::string& serial, UnitState state, std::int64_t last_seq);
    // The same for each of a batch's units, under one lock (ingest puts a batch's units at once,
    // while the next batch's writer takes from the cache).
    struct Put {
        const std::string& serial;
        UnitState& state;  // moved from
        std::int64_t last_seq;
    };
    void put(std::span<const Put> states);

    // Derives the states of the units not yet complete that acted at or after `since` from the
    // store's facts (Store::units_in_work: read from columns, nothing parsed). A unit in work idle
    // since before that (stalled, scrapped, forgotten: they pile up over the years) is left out:
    // its next event costs one trail read, as any miss. So what start reads and keeps follows the
    // plant's recent work, never the length of the record. Meant for server start, in the
    // background: ingest meanwhile works from misses. Stops early, without error, when stop is
    // requested. Errors: the store's.
    Status warm(Store& store, const Plant& plant, Timestamp since, std::stop_token stop = {});

    std::size_t size() const;
    bool warmed() const;  // warm() has run to its end

private:
    static constexpr std::int64_t kTaken = -1;  // an entry's last_seq while its state is out
    struct Entry {
        UnitState state;
        std::int64_t last_seq = 0;
        std::list<std::string>::iterator lru;  // position in lru_ (front: most recent)
    };
    void put_locked(const std::string& serial, UnitState&& state, std::int64_t last_seq);

    const std::size_t capacity_;
    mutable std::mutex mu_;
    TextMap<Entry> entries_;
    std::list<std::string> lru_;
    bool warmed_ = false;
};

}  // namespace stampline::server
