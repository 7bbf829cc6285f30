#include "server/service/ingest.h"

#include <map>
#include <string>

#include "shared/trail_rules.h"
#include "shared/unit_state.h"

namespace stampline::server {

namespace {

// The unit's state from the cache when it is current, else derived from its stored trail.
Result<CachedUnit> load_unit(WriteTxn& txn, const Plant& plant, const UnitStateCache* cache,
                             const std::string& serial) {
    Result<std::int64_t> last = txn.last_seq_of(serial);
    if (!last) return last.error();
    if (cache)
        if (std::optional<UnitState> state = cache->get(serial, *last))
            return CachedUnit{std::move(*state), *last};
    Result<std::vector<Event>> trail = txn.unit_events(serial);
    if (!trail) return trail.error();
    return CachedUnit{derive_state(plant, *trail), *last};
}

}  // namespace

Result<std::vector<IngestResult>> ingest_batch(Store& store, const Plant& plant, const Clock& clock,
                                               std::string_view station,
                                               std::span<const Event> events,
                                               UnitStateCache* cache) {
    std::vector<IngestResult> results;
    std::map<std::string, CachedUnit, std::less<>> units;  // loaded once per batch
    const Status status = store.write([&](WriteTxn& txn) -> Status {
        results.clear();
        units.clear();
        const Timestamp received = clock.now();
        for (const Event& e : events) {
            Result<std::optional<EventAnswer>> known = txn.find_answer(e.id);
            if (!known) return known.error();
            if (known->has_value()) {
                results.push_back({**known, true});
                continue;
            }
            auto unit = units.find(e.serial);
            if (unit == units.end()) {
                Result<CachedUnit> loaded = load_unit(txn, plant, cache, e.serial);
                if (!loaded) return loaded.error();
                unit = units.emplace(e.serial, std::move(*loaded)).first;
            }
            std::optional<StampRecord> stamp;
            if (!e.stamp.empty()) {
                Result<std::optional<StampRecord>> found = txn.find_stamp(e.stamp);
                if (!found) return found.error();
                stamp = std::move(*found);
            }
            UnitState& state = unit->second.state;
            const Decision decision = check_event(plant, state, stamp ? &*stamp : nullptr, e);
            Result<EventAnswer> answer = decision.allowed()
                                             ? txn.append(e, received)
                                             : txn.quarantine(e, station, received, decision);
            if (!answer) return answer.error();
            if (decision.allowed()) {
                apply_event(plant, state, e);
                unit->second.last_seq = answer->seq;
            }
            results.push_back({std::move(*answer), false});
        }
        return Status::ok();
    });
    if (!status) return status;
    if (cache)
        for (auto& [serial, unit] : units) cache->put(serial, std::move(unit));
    return results;
}

}  // namespace stampline::server
