#include "server/service/ingest.h"

#include <map>
#include <string>

#include "shared/trail_rules.h"
#include "shared/unit_state.h"

namespace stampline::server {

Result<std::vector<IngestResult>> ingest_batch(Store& store, const Plant& plant, const Clock& clock,
                                               std::string_view station,
                                               std::span<const Event> events) {
    std::vector<IngestResult> results;
    const Status status = store.write([&](WriteTxn& txn) -> Status {
        results.clear();
        const Timestamp received = clock.now();
        std::map<std::string, UnitState, std::less<>> units;  // loaded once per batch
        for (const Event& e : events) {
            Result<std::optional<EventAnswer>> known = txn.find_answer(e.id);
            if (!known) return known.error();
            if (known->has_value()) {
                results.push_back({**known, true});
                continue;
            }
            auto unit = units.find(e.serial);
            if (unit == units.end()) {
                Result<std::vector<Event>> trail = txn.unit_events(e.serial);
                if (!trail) return trail.error();
                unit = units.emplace(e.serial, derive_state(plant, *trail)).first;
            }
            std::optional<StampRecord> stamp;
            if (!e.stamp.empty()) {
                Result<std::optional<StampRecord>> found = txn.find_stamp(e.stamp);
                if (!found) return found.error();
                stamp = std::move(*found);
            }
            const Decision decision =
                check_event(plant, unit->second, stamp ? &*stamp : nullptr, e);
            Result<EventAnswer> answer = decision.allowed()
                                             ? txn.append(e, received)
                                             : txn.quarantine(e, station, received, decision);
            if (!answer) return answer.error();
            if (decision.allowed()) apply_event(plant, unit->second, e);
            results.push_back({std::move(*answer), false});
        }
        return Status::ok();
    });
    if (!status) return status;
    return results;
}

}  // namespace stampline::server
