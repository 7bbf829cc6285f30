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

struct VerifyReport {
    std::int64_t events = 0;
    std::optional<ChainBreak> broken;  // the first broken link; nullopt when the chain is intact
};

// Recomputes the whole hash chain of the database at path.
Result<VerifyReport> verify_database(const std::string& path);

}  // namespace stampline::server
