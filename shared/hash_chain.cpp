#include "shared/hash_chain.h"

#include "shared/sha256.h"

namespace stampline {

std::string chain_hash(std::string_view previous_hash_hex, std::string_view canonical_event) {
    Sha256Digest previous{};  // zeros for the first record
    if (!previous_hash_hex.empty() && !from_hex(previous_hash_hex, previous)) return "";
    const std::string_view previous_bytes(reinterpret_cast<const char*>(previous.data()),
                                          previous.size());
    return to_hex(sha256({previous_bytes, canonical_event}));
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
