// The SQLite side of a backup: a consistent copy of a live database and the file checks a copy
// must pass. The backup flow itself (manifest, verification, restore) is service/backups.h.
#pragma once

#include <cstdint>
#include <string>

#include "shared/status.h"

namespace stampline::server::sqlite {

// Writes a copy of the database at source to dest (which must not exist) with VACUUM INTO, in
// one read transaction: the copy holds exactly what was committed when the statement began,
// while the server goes on writing. The copy is fsynced. Errors name the paths.
Status copy_database(const std::string& source, const std::string& dest);

// PRAGMA integrity_check on a read-only connection: "ok" or SQLite's first complaint.
Result<std::string> integrity_check(const std::string& path);

// PRAGMA user_version, read-only: the schema version the file is at.
Result<std::int64_t> schema_version(const std::string& path);

}  // namespace stampline::server::sqlite
