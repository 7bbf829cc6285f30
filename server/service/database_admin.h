// Creating, opening and verifying a plant's record: what `stampline-server init|verify|migrate`
// and `stampline init|verify` do, in one place. The record is a SQLite file, or one plant of a
// PostgreSQL database shared by a group of plants.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "server/service/tokens.h"
#include "server/store/store.h"
#include "server/store/store_locator.h"
#include "shared/hash_chain.h"
#include "shared/plant.h"

namespace stampline::server {

// A plant's record: where it lives and, for PostgreSQL, which plant of the database it is and the
// password (from a file or the environment, never a command line).
struct RecordTarget {
    StoreLocator where;
    std::string plant_code;  // PostgreSQL: the plant's code (its configuration's [plant] code)
    std::string password;    // PostgreSQL: "" = libpq's own (PGPASSWORD, PGPASSFILE)
};

// A SQLite file's target.
RecordTarget sqlite_file(const std::string& path);

// The target named by a locator (store_locator.h) for plant_code; InvalidArgument when a
// PostgreSQL locator comes without a plant code.
Result<RecordTarget> record_target(std::string_view locator, std::string plant_code,
                                   std::string password = "");

// Creates a new record (a SQLite file and its parent folders, or the plant in a PostgreSQL
// database, migrating it) and the first admin token. Conflict when it exists (a record is never
// overwritten); IOError when it cannot be made.
Result<NewToken> initialize_database(const RecordTarget& target, const Plant& plant,
                                     RandomSource& random, const Clock& clock);

// Opens an existing record, migrating it. NotFound (saying how to create one) when it is missing.
Result<std::unique_ptr<Store>> open_existing_database(const RecordTarget& target);

// A chain head written down earlier (printed in a review pack, signed with the minutes).
struct ChainAnchor {
    std::int64_t seq = 0;
    std::string hash;
};

// "SEQ:HASH" (seq >= 1, 64 hex digits); InvalidArgument naming what is wrong.
Result<ChainAnchor> parse_anchor(std::string_view text);

struct VerifyReport {
    std::int64_t events = 0;
    std::int64_t schema_version = 0;   // the file's, as it is: verify never migrates
    std::string head_hash;             // the last event's chain hash; "" when there is none
    std::optional<ChainBreak> broken;  // the first broken link; nullopt when the chain is intact
    // With an anchor: "" when the intact chain holds hash at seq, else why it does not.
    std::string anchor_mismatch;
    // "" when the complaint log's own chain holds; else the first broken entry, named:
    // "complaint log broken at entry 3 (CL-2026-001, notice)".
    std::string complaints_broken;
};

// Recomputes the whole hash chain of the database at path, on a read-only connection: the file
// is never migrated or written (an older schema is verified as it is). With an anchor, also checks
// that the event at anchor->seq has anchor->hash: the history up to that point is the one the
// anchor was taken from.
Result<VerifyReport> verify_database(const std::string& path,
                                     const std::optional<ChainAnchor>& anchor = std::nullopt);
// The same for any record. A PostgreSQL record is verified through its store (its schema is
// brought to this version first, as serve would).
Result<VerifyReport> verify_database(const RecordTarget& target,
                                     const std::optional<ChainAnchor>& anchor = std::nullopt);

// What `verify` prints: "chain intact: N events, head N:HASH" or "chain broken at seq N: ...",
// then with an anchor whether it holds. Ends with a newline.
std::string verify_summary(const VerifyReport& report, const std::optional<ChainAnchor>& anchor);
// The chain is intact and the anchor, if any, holds.
bool verify_holds(const VerifyReport& report);

}  // namespace stampline::server
