// Event ingest: the server's re-check of the trail rules and the one place events enter the log.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "server/service/unit_state_cache.h"
#include "server/store/store.h"
#include "shared/plant.h"
#include "shared/time.h"

namespace stampline::server {

struct IngestResult {
    EventAnswer answer;  // for a duplicate or a conflict: the answer given the first time
    bool duplicate = false;
    // The id was known with other content (IdConflict): this event was not recorded.
    bool conflict = false;
    std::string stored_sha256;  // for a conflict: SHA-256 (hex) of the text kept for the id
};

// Answers each event of the batch, in order, inside one store transaction: a known id gets its
// first answer again (duplicate) when the event is the same as the one kept for it, and is an
// id conflict when it is not (kept apart, IdConflict; the log and the quarantine unchanged);
// otherwise, for a terminal's post (`station` not empty), the
// bounds on its clock (check_act_time) and then the trail rules decide against the unit's stored
// trail (including events earlier in this batch) and the stamp registry: the event is appended
// to the log (accepted) or kept in the quarantine (refused). Nothing is acknowledged before the
// transaction is durable. `station` is the posting terminal's station ("" for office posts);
// the caller has already checked that every event belongs to it.
// Errors: the store's (IOError, Corruption); then nothing of the batch is stored.
// With a cache, units' states come from it when current (it never changes an answer) and the
// batch's resulting states are put back into it once committed. `canonical`: the events' canonical
// texts when the caller has them (read_canonical_batch: the request body's own), else empty and
// they are made here.
Result<std::vector<IngestResult>> ingest_batch(Store& store, const Plant& plant, const Clock& clock,
                                               std::string_view station,
                                               std::span<const Event> events,
                                               UnitStateCache* cache = nullptr,
                                               std::span<const std::string_view> canonical = {});

}  // namespace stampline::server
