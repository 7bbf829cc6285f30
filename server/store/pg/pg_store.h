// The PostgreSQL Store (see store.h for the contract): one plant's log in a database that may
// hold several plants. Every table has a `plant` column and every statement filters by the plant
// this handle was opened for; seq, counts and verification are the plant's own.
//
// Durability: every session runs with synchronous_commit=on, and a server running with fsync=off
// is refused at open: a write() that returned ok survives a power loss of the database server.
//
// Concurrency: one connection runs every write. Concurrent write() calls are grouped
// (group_commit.h): one READ COMMITTED transaction whose first statement takes the plant's
// transaction-scoped advisory lock, so that the writers of one plant in every process run one
// at a time (the PostgreSQL form of SQLite's BEGIN IMMEDIATE), each call in its own savepoint,
// one WAL flush for the group. PRIMARY KEY (plant, seq) refuses any append from a stale head.
// Reads run on a small pool of other connections; reads that need one moment of the log run in
// REPEATABLE READ READ ONLY transactions. A lost connection is made again on the next use; an
// error during COMMIT is Unavailable ("outcome unknown, retry"), never "nothing stored".
#pragma once

#include <memory>
#include <string>

#include "server/store/store.h"
#include "shared/status.h"

namespace stampline::server {

// The schema version this build creates and understands (stampline.meta, key schema_version).
inline constexpr int kPgSchemaVersion = 1;

struct PgStoreOptions {
    std::string conninfo;           // libpq connection string or URI; must not contain a password
    std::string password;           // "" = libpq's own (PGPASSWORD, ~/.pgpass)
    std::string plant;              // the plant code this handle serves, e.g. "KSO-1"
    bool create_if_missing = true;  // false: NotFound when the database has no stampline schema or
                                    // no such plant
};

// Opens a handle bound to one plant: migrates the schema (under an advisory lock, so two servers
// starting together do not both migrate), registers the plant when create_if_missing, refuses a
// database whose `stampline` schema is foreign or newer (same wording as SQLite's). Every
// statement filters by the plant. Errors name the database:
//   - InvalidArgument: an empty plant code, a conninfo holding a password or not parsing, a
//     server running with fsync=off, or "database <name> has schema version N; this stampline
//     knows up to M: upgrade stampline";
//   - NotFound: no stampline schema, or no such plant, and create_if_missing is false;
//   - Corruption: the `stampline` schema is another application's;
//   - Unavailable: the server cannot be reached; PermissionDenied: it wants a password;
//   - IOError: any other failure of the server.
Result<std::unique_ptr<Store>> open_pg_store(const PgStoreOptions& options);

}  // namespace stampline::server
