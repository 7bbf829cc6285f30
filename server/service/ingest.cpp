#include "server/service/ingest.h"

#include <map>
#include <string>
#include <vector>

#include "shared/sha256.h"
#include "shared/trail_rules.h"
#include "shared/unit_state.h"

namespace stampline::server {

namespace {

// A unit named in the batch: its state as the rules see it, and the log position of that state.
struct Unit {
    UnitState state;
    std::int64_t last_seq = 0;
};

// The unit's current state: from the cache when it holds the state at the unit's last seq,
// otherwise folded from its stored trail.
Result<Unit> load_unit(WriteTxn& txn, const Plant& plant, UnitStateCache* cache,
                       const std::string& serial) {
    Result<std::int64_t> last_seq = txn.unit_last_seq(serial);
    if (!last_seq) return last_seq.error();
    if (cache)
        if (std::optional<UnitState> cached = cache->take(serial, *last_seq))
            return Unit{std::move(*cached), *last_seq};
    Result<std::vector<Event>> trail = txn.unit_events(serial);
    if (!trail) return trail.error();
    return Unit{derive_state(plant, *trail), *last_seq};
}

// An event whose id is known: a duplicate when it is the event kept for the id, else a conflict.
Result<IngestResult> answer_again(WriteTxn& txn, const EventAnswer& first, const Event& e,
                                  std::string_view text, std::string_view station,
                                  Timestamp received) {
    Result<std::optional<std::string>> stored = txn.known_text(e.id);
    if (!stored) return stored.error();
    if (!stored->has_value() || **stored == text) return IngestResult{first, true, false, ""};
    if (Status s = txn.record_id_conflict(
            {e.id, received, std::string(station), std::string(text), **stored});
        !s)
        return s;
    return IngestResult{first, false, true, sha256_hex(**stored)};
}

}  // namespace

Result<std::vector<IngestResult>> ingest_batch(Store& store, const Plant& plant, const Clock& clock,
                                               std::string_view station,
                                               std::span<const Event> events, UnitStateCache* cache,
                                               std::span<const std::string_view> canonical) {
    // The canonical texts the log will hash, made (when not given) before taking the write lock.
    std::vector<std::string> made;
    if (canonical.size() != events.size()) {
        made.reserve(events.size());
        for (const Event& e : events) made.push_back(canonical_event(e));
    }
    const auto text = [&](std::size_t i) -> std::string_view {
        return made.empty() ? canonical[i] : made[i];
    };
    std::vector<IngestResult> results;
    std::map<std::string, Unit, std::less<>> units;  // loaded once per batch
    std::map<std::string, std::optional<StampRecord>, std::less<>> stamps;
    const Status status = store.write([&](WriteTxn& txn) -> Status {
        results.clear();
        units.clear();
        stamps.clear();
        const Timestamp received = clock.now();
        for (std::size_t i = 0; i < events.size(); ++i) {
            const Event& e = events[i];
            Result<std::optional<EventAnswer>> known = txn.find_answer(e.id);
            if (!known) return known.error();
            if (known->has_value()) {
                Result<IngestResult> again =
                    answer_again(txn, **known, e, text(i), station, received);
                if (!again) return again.error();
                results.push_back(std::move(*again));
                continue;
            }
            auto unit = units.find(e.serial);
            if (unit == units.end()) {
                Result<Unit> loaded = load_unit(txn, plant, cache, e.serial);
                if (!loaded) return loaded.error();
                unit = units.emplace(e.serial, std::move(*loaded)).first;
            }
            auto stamp = stamps.find(e.stamp);
            if (stamp == stamps.end() && !e.stamp.empty()) {
                Result<std::optional<StampRecord>> found = txn.find_stamp(e.stamp);
                if (!found) return found.error();
                stamp = stamps.emplace(e.stamp, std::move(*found)).first;
            }
            const StampRecord* signer =
                stamp != stamps.end() && stamp->second ? &*stamp->second : nullptr;
            // A terminal's clock is trusted only within bounds; the stamp is judged at its time.
            Decision decision;
            if (!station.empty()) decision = check_act_time(plant, unit->second.state, e, received);
            if (decision.allowed()) decision = check_event(plant, unit->second.state, signer, e);
            Result<EventAnswer> answer = decision.allowed()
                                             ? txn.append(e, text(i), received)
                                             : txn.quarantine(e, station, received, decision);
            if (!answer) return answer.error();
            if (decision.allowed()) {
                apply_event(plant, unit->second.state, e);
                unit->second.last_seq = answer->seq;
            }
            results.push_back({std::move(*answer), false, false, ""});
        }
        return Status::ok();
    });
    if (!status) return status;
    // Committed: the states are now those of the log.
    if (cache) {
        std::vector<UnitStateCache::Put> kept;
        kept.reserve(units.size());
        for (auto& [serial, unit] : units)
            if (unit.state.registered) kept.push_back({serial, unit.state, unit.last_seq});
        cache->put(kept);
    }
    return results;
}

}  // namespace stampline::server
