// Internal to the SQLite store: reading the events table's rows back into events, and the
// check of its hash chain (used by the store and by the read-only file check).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "server/store/sqlite_connection.h"
#include "server/store/store.h"

namespace stampline::server::sqlite {

// Corruption naming the database file.
Status corruption(const Connection& db, const std::string& what);

// A 16-byte id column; Corruption naming table for any other length.
Result<Uuid> uuid_column(const Connection& db, const Statement& st, int column,
                         std::string_view table);

// The event of a stored canonical text; Corruption naming seq when it does not parse.
Result<Event> decode_event(const Connection& db, std::int64_t seq, std::string_view canonical);

// Streams the log in seq order. A hash that does not match is a ChainBreak (index seq-1); a row
// whose canonical text no longer parses, or whose indexed columns disagree with it (which would
// move an event to another trail unnoticed by the hash), is Corruption.
Result<std::optional<ChainBreak>> verify_event_chain(Connection& db);

}  // namespace stampline::server::sqlite
