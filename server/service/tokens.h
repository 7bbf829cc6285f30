// Access tokens: random secrets shown once, stored only as SHA-256 hashes, with a role and, for
// terminals, the station they are bound to.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "server/store/store.h"
#include "shared/plant.h"
#include "shared/uuid.h"

namespace stampline::server {

struct NewToken {
    TokenRecord record;
    std::string secret;  // "slt_" + 43 base64url characters; shown once, never stored
};

// InvalidArgument when a terminal token names no station or one not in the plant, or when a
// non-terminal token names a station.
Result<NewToken> create_token(Store& store, const Plant& plant, RandomSource& random,
                              const Clock& clock, Role role, std::string_view station,
                              std::string_view label);

// Base64url without padding (RFC 4648 §5), for secrets in tokens, cookies and links.
std::string base64url(std::span<const std::uint8_t> bytes);

// SHA-256 hex of the secret: what the store keys tokens by.
std::string token_secret_hash(std::string_view secret);

// The live token for a presented secret; nullopt when unknown or revoked.
Result<std::optional<TokenRecord>> authenticate(Store& store, std::string_view secret);

}  // namespace stampline::server
