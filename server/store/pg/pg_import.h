// The PostgreSQL side of `stampline store copy`: one plant's whole record written into a
// database in one transaction, keeping every seq, n, id and hash of the source (plant_record.h).
#pragma once

#include <memory>

#include "server/store/pg/pg_store.h"
#include "server/store/plant_record.h"
#include "shared/status.h"

namespace stampline::server {

// A plant's record being written: a PlantRecordSink whose rows go into one open transaction
// under the plant's advisory lock (the lock every writer of the plant takes first: no server
// appends to the plant meanwhile). Events go in through the store's own append statement, so
// that the plant's units and facts are built as its writes build them; kept figures are not
// copied. Nothing is visible before commit(); destroying an import not committed rolls it back
// (and unregisters a plant it registered). Not thread-safe.
//
// A row PostgreSQL refuses (text with a NUL character or invalid UTF-8, a duplicate id, a
// violated check) is an error naming its table and key, e.g. "events seq 17: ..."; the caller
// then drops the import: nothing is written.
class PlantImport : public PlantRecordSink {
public:
    // Commits the transaction. Unavailable when the outcome of the COMMIT is unknown.
    virtual Status commit() = 0;
};

// Connects (options.create_if_missing registers the plant when the database lacks it; the schema
// is migrated as open_pg_store does), opens the transaction, takes the plant's lock and checks
// that the plant holds no record at all: Conflict "refusing to overwrite" naming what it holds
// (events, quarantine, tokens, stamps, ... any row of the plant). Other errors as open_pg_store.
Result<std::unique_ptr<PlantImport>> begin_pg_import(const PgStoreOptions& options);

}  // namespace stampline::server
