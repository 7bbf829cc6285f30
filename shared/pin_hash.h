// PINs of personal stamps: format rules and argon2id hashing (libsodium crypto_pwhash).
//
// A PIN is 4 to 8 ASCII digits. Only its hash is stored: an argon2id13 string in libsodium's
// self-describing form ("$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>"), which carries its own
// random salt and cost parameters, so two hashes of the same PIN differ and old hashes keep
// verifying after the parameters change. All functions are thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "shared/status.h"

namespace stampline {

// argon2id cost: number of passes and memory in bytes.
struct PinHashParams {
    unsigned long long ops;
    std::size_t mem_bytes;

    // For real PINs: 2 passes over 19 MiB, OWASP's recommended argon2id minimum. Not libsodium's
    // INTERACTIVE 64 MiB: a station terminal verifies PINs offline within its memory budget, and
    // a 4-digit PIN's strength is its lockout and the badge it goes with, not the hash's cost.
    static PinHashParams interactive();
    // crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN (1 pass, 8 KiB): for tests only.
    static PinHashParams fast_for_tests();
};

inline constexpr std::size_t kPinMinDigits = 4;
inline constexpr std::size_t kPinMaxDigits = 8;

// Ok when pin is 4..8 ASCII digits; otherwise InvalidArgument saying what is wrong (the message
// never repeats the PIN itself).
Status validate_pin_format(std::string_view pin);

// The argon2id13 string of pin with a fresh random salt. InvalidArgument when the PIN format is
// wrong; Internal when libsodium cannot initialise or hash (out of memory, params out of range).
Result<std::string> hash_pin(std::string_view pin, const PinHashParams& params);

// True when pin matches hash. False for a wrong PIN, a PIN of the wrong format, and a hash that is
// malformed, is not argon2id, or asks for more than OPSLIMIT/MEMLIMIT_SENSITIVE (4 passes, 1 GiB),
// so a tampered hash cannot make the caller allocate without bound. Never throws.
bool verify_pin(std::string_view pin, std::string_view hash);

}  // namespace stampline
