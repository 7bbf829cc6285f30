// The tamper-evident event log: each record's hash covers the previous record's hash and the
// record's canonical event text (event_json.h canonical_event).
//
// Exactly what is hashed, for record i (0-based):
//
//     hash[i] = lowercase_hex( SHA-256( P[i] || canonical[i] ) )
//
// where P[0] is 32 zero bytes, P[i] for i > 0 is the 32 raw bytes that hash[i-1] spells in hex
// (not its 64 hex characters), || is concatenation, and canonical[i] is the record's canonical
// event text taken byte for byte (UTF-8, no terminator, no length prefix; the previous hash has a
// fixed length, so the split is unambiguous). hash[i] is 64 lowercase hex characters.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace stampline {

// hash[i] as above. previous_hash_hex is hash[i-1] (64 hex digits, either case), or "" or 64
// zeros for the first record. Returns "" when previous_hash_hex is anything else; "" never equals
// a stored hash, so such a link is reported by verify_chain.
std::string chain_hash(std::string_view previous_hash_hex, std::string_view canonical_event);

// One stored record: its canonical event text and the hash stored with it.
struct ChainLink {
    std::string canonical;
    std::string hash;
};

// The first link whose stored hash differs from the recomputed one.
struct ChainBreak {
    std::size_t index;     // position in the span passed to verify_chain
    std::string expected;  // chain_hash(previous stored hash, this canonical text)
    std::string found;     // the hash stored with the link
};

// Recomputes every link from the previous link's *stored* hash, so an altered canonical text or
// an altered hash is reported at exactly its own index. previous_hash_hex is the stored hash of
// the record before links[0] ("" when links[0] is the first record), to verify a log in pieces.
// nullopt when every link holds; an empty span holds.
std::optional<ChainBreak> verify_chain(std::span<const ChainLink> links,
                                       std::string_view previous_hash_hex = "");

}  // namespace stampline
