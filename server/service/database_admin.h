// Creating and verifying a database file: what `stampline-server init|verify` and
// `stampline init|verify` do, in one place.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "server/service/tokens.h"
#include "server/store/store.h"
#include "shared/hash_chain.h"
#include "shared/plant.h"

namespace stampline::server {

// Creates a new database at `path` (and its parent folders) and the first admin token.
// Conflict when the file exists (a database is never overwritten); IOError when it cannot be made.
Result<NewToken> initialize_database(const std::string& path, const Plant& plant,
                                     RandomSource& random, const Clock& clock);

// Opens an existing database. NotFound (saying how to create one) when the file is missing.
Result<std::unique_ptr<Store>> open_existing_database(const std::string& path);

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

// What `verify` prints: "chain intact: N events, head N:HASH" or "chain broken at seq N: ...",
// then with an anchor whether it holds. Ends with a newline.
std::string verify_summary(const VerifyReport& report, const std::optional<ChainAnchor>& anchor);
// The chain is intact and the anchor, if any, holds.
bool verify_holds(const VerifyReport& report);

}  // namespace stampline::server
