// Internal to the PostgreSQL store: the events table of one plant. An append writes the event,
// its unit's row (found or made, its progress moved) and its facts in one statement (one round
// trip per event, or none of its own when pipelined); the chain check streams the log in
// batches.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/store/pg/pg_connection.h"
#include "server/store/pg/pg_rows.h"
#include "server/store/store.h"

namespace stampline::server::pg {

// Inside the caller's write transaction, under the plant's lock: appends event as seq with hash,
// and its unit and facts. false, with nothing written, when the plant's log already holds the
// id. A seq already taken (a writer working from a stale head) is a Conflict from PRIMARY KEY
// (plant, seq): the chain never forks.
Result<bool> insert_event(Connection& db, const PlantRef& plant, std::int64_t seq,
                          const Event& event, std::string_view canonical, const std::string& hash,
                          Timestamp received_at);

// insert_event for an id known to be new in this transaction (looked up under the plant's
// lock): sent without waiting (Connection::send), its result read with the next statement or
// flush; an id found after all is a Conflict then ("event ... is already recorded").
Status send_new_event(Connection& db, const PlantRef& plant, std::int64_t seq, const Event& event,
                      std::string_view canonical, const std::string& hash, Timestamp received_at);

// Streams the plant's log in seq order (inside the caller's one-snapshot transaction). A seq that
// is not the previous one + 1 (a row removed) is Corruption naming the missing seq; a hash that
// does not match is a ChainBreak (index seq-1); a row whose canonical text no longer parses, or
// whose indexed columns disagree with it, is Corruption.
Result<std::optional<ChainBreak>> verify_event_chain(Connection& db, const PlantRef& plant);

}  // namespace stampline::server::pg
