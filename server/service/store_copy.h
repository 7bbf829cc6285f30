// Moving a plant's record from a SQLite file into a PostgreSQL database (`stampline store copy`):
// the source verified first, the target plant refused unless it holds nothing, the whole record
// written in one transaction keeping every seq, n, id and hash, the target verified after, and
// the chain heads compared, so that review-pack anchors taken from the file hold on the target.
#pragma once

#include <cstdint>
#include <string>

#include "server/service/database_admin.h"
#include "server/store/plant_record.h"
#include "shared/status.h"

namespace stampline::server {

struct StoreCopyReport {
    PlantRecordCounts copied;
    std::int64_t unresolved_quarantine = 0;  // of copied.quarantine
    std::int64_t head_seq = 0;               // the chain head on both sides (0: no events)
    std::string head_hash;
};

// Copies the record of the SQLite file `from` into plant to.plant_code of the PostgreSQL
// database `to` (registered when missing). Nothing is written to the file. Errors:
//   - InvalidArgument: `from` is not a SQLite file or `to` not a PostgreSQL database, no plant
//     code, the file of an older schema ("migrate it first"), or a row PostgreSQL cannot store
//     (text with a NUL character or invalid UTF-8), naming its table and key: nothing written;
//   - Corruption: the source's event chain or complaint chain is broken (naming the seq or
//     entry; nothing written), or the target, once written, does not verify or its head or
//     counts differ from the source's (naming what differs);
//   - Conflict: "refusing to overwrite": the target plant already holds a record;
//   - NotFound: the file does not exist; others as open_pg_store.
// Only the moment the file's read began is copied: stop the server on the file first.
Result<StoreCopyReport> copy_sqlite_to_postgresql(const RecordTarget& from, const RecordTarget& to);

// "copied N events, ...; head N:HASH on both sides", ending with a newline.
std::string store_copy_summary(const StoreCopyReport& report);

}  // namespace stampline::server
