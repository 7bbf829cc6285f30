// Internal to the SQLite store: the numbered schema migrations and the check of what a database
// file holds before anything is written to it.
#pragma once

#include "server/store/sqlite_connection.h"
#include "shared/status.h"

namespace stampline::server::sqlite {

// "STLN": PRAGMA application_id of a stampline database, so a foreign SQLite file is refused
// instead of gaining our tables.
inline constexpr std::int64_t kApplicationId = 0x53544C4E;

// Brings the database on db (a read-write connection, outside any transaction) to
// kSqliteSchemaVersion: inside one BEGIN IMMEDIATE transaction, reads PRAGMA user_version and
// applies migrations user_version+1 .. kSqliteSchemaVersion in order, then stores the new
// version. Nothing is applied when any step fails. Errors (naming the path):
//   - InvalidArgument when the file's version is newer than this build knows;
//   - Corruption when the file is another application's SQLite database;
//   - the SQLite error of a failing statement.
Status migrate(Connection& db);

// The schema version of the database on db (0 for an empty file), read without writing:
// InvalidArgument when it is newer than this build knows, Corruption when the file is another
// application's SQLite database.
Result<std::int64_t> schema_version_of(Connection& db);

}  // namespace stampline::server::sqlite
