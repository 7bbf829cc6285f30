// Internal to the PostgreSQL store: the numbered schema migrations of schema `stampline`, the
// check of what a database holds before anything is written to it, and the plant's registration.
#pragma once

#include <cstdint>
#include <string>

#include "server/store/pg/pg_connection.h"
#include "shared/status.h"

namespace stampline::server::pg {

// The first key of every advisory lock the store takes ("STLN", SQLite's application_id): with
// second key 0 it guards migrations; with a plant's id, that plant's write groups.
inline constexpr std::int64_t kLockKey = 0x53544C4E;

// Refuses a server that runs with fsync=off (InvalidArgument): its commits are not durable.
Status check_durable(Connection& db);

// In one transaction under pg_advisory_xact_lock(kLockKey, 0), so that two servers starting
// together do not both migrate: reads stampline.meta, applies migrations schema_version+1 ..
// kPgSchemaVersion, then finds the plant by code, registering it when create_if_missing.
// Returns the plant's id. Nothing is applied when any step fails. Errors (naming the database):
//   - InvalidArgument when the database's version is newer than this build knows;
//   - Corruption when schema `stampline` holds objects but no stampline meta rows;
//   - NotFound when create_if_missing is false and there is no schema or no such plant.
Result<std::int64_t> prepare_database(Connection& db, const std::string& plant,
                                      bool create_if_missing);

}  // namespace stampline::server::pg
