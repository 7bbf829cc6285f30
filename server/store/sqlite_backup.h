// The SQLite side of a backup and of verify: a consistent copy of a live database and the
// read-only checks of a database file. The backup flow itself (manifest, verification, restore)
// is service/backups.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/store/store.h"
#include "shared/status.h"

namespace stampline::server::sqlite {

// Writes a copy of the database at source to dest (which must not exist) with VACUUM INTO, in
// one read transaction: the copy holds exactly what was committed when the statement began,
// while the server goes on writing. The copy is fsynced. Errors name the paths.
Status copy_database(const std::string& source, const std::string& dest);

// PRAGMA integrity_check on a read-only connection: "ok" or SQLite's first complaint.
Result<std::string> integrity_check(const std::string& path);

// What a read-only look at a database file found. The file is neither written nor migrated: a
// backup made by a newer stampline stays at the schema version of the database it copied, so
// the older version can still restore it.
struct FileCheck {
    std::int64_t schema_version = 0;
    std::int64_t events = 0;
    std::string head_hash;             // the last event's chain hash; "" when there is none
    std::optional<ChainBreak> broken;  // the event chain's first broken link
    // The complaint log's first entry whose hash does not hold (schema 5 on).
    std::optional<ComplaintEntry> complaint_break;
    std::string anchor_hash;  // the hash of the event at anchor_seq; "" when there is none
};

// Checks, in one read transaction, the schema version (refused when newer than this build knows
// or not a stampline database), the event chain, the complaint log's chain and the event at
// anchor_seq (0: none).
Result<FileCheck> check_file(const std::string& path, std::int64_t anchor_seq);

}  // namespace stampline::server::sqlite
