#include "shared/hash_chain.h"

#include <sodium.h>

#include <array>
#include <cstdint>

#include "shared/sha256.h"

namespace stampline {

std::string chain_hash(std::string_view previous_hash_hex, std::string_view canonical_event) {
    std::array<std::uint8_t, crypto_hash_sha256_BYTES> previous{};  // zeros for the first record
    if (!previous_hash_hex.empty() && !from_hex(previous_hash_hex, previous)) return "";

    // libsodium asks for sodium_init() before use (idempotent, thread-safe); its only failure,
    // no OS randomness, does not affect hashing.
    if (sodium_init() < 0) {
    }
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    crypto_hash_sha256_update(&state, previous.data(), previous.size());
    crypto_hash_sha256_update(&state,
                              reinterpret_cast<const unsigned char*>(canonical_event.data()),
                              canonical_event.size());
    std::array<std::uint8_t, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256_final(&state, digest.data());
    return to_hex(digest);
}

std::optional<ChainBreak> verify_chain(std::span<const ChainLink> links,
                                       std::string_view previous_hash_hex) {
    std::string_view previous = previous_hash_hex;
    for (std::size_t i = 0; i < links.size(); ++i) {
        std::string expected = chain_hash(previous, links[i].canonical);
        if (expected.empty() || expected != links[i].hash) {
            return ChainBreak{i, std::move(expected), links[i].hash};
        }
        previous = links[i].hash;
    }
    return std::nullopt;
}

}  // namespace stampline
