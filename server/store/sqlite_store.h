// The real Store: one SQLite database file in WAL mode (see store.h for the contract).
//
// Durability: journal_mode=WAL with synchronous=FULL. In WAL mode FULL fsyncs the WAL at every
// commit, so a transaction that write() reported committed (and the service acknowledged)
// survives power loss; NORMAL would fsync only at checkpoints and may lose the last commits.
//
// Concurrency: one connection runs every write (BEGIN IMMEDIATE, so two processes sharing the
// file are serialised too). Concurrent write() calls are grouped (group_commit.h): one
// transaction, each call in its own savepoint, one fsync for the group; reads run on a second,
// read-only connection that WAL lets proceed while a write is in progress; verify_chain() opens its
// own connection so a long verification blocks neither. Statements always bind values: no value is
// ever spliced into SQL text.
#pragma once

#include <memory>
#include <string>

#include "server/store/store.h"
#include "shared/status.h"

namespace stampline::server {

// The schema version this build creates and understands (PRAGMA user_version).
inline constexpr int kSqliteSchemaVersion = 8;

struct SqliteStoreOptions {
    std::string path;  // the database file; "-wal" and "-shm" files appear beside it
    // When false, a missing file is NotFound instead of being created.
    bool create_if_missing = true;
    // How long a write waits for another process's write lock before failing with Unavailable.
    int busy_timeout_ms = 5000;
};

// Opens (or creates) the database and brings its schema up to kSqliteSchemaVersion, applying the
// numbered migrations in one transaction. Errors name the path:
//   - NotFound: the file is missing and create_if_missing is false;
//   - Corruption: the file is not a SQLite database, or not a stampline one;
//   - InvalidArgument: "database <path> has schema version N; this stampline knows up to M:
//     upgrade stampline";
//   - IOError: the file cannot be opened, read or written.
Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteStoreOptions& options);

}  // namespace stampline::server
