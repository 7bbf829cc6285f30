#include "shared/pin_hash.h"

#include <sodium.h>

#include <charconv>

namespace stampline {

namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$v=19$m=";

// Reads the decimal number at text[pos] up to stop; false when there is none or it overflows.
bool read_number(std::string_view text, std::size_t* pos, char stop, unsigned long long* out) {
    const char* begin = text.data() + *pos;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(begin, end, *out);
    if (ec != std::errc() || ptr == begin || ptr == end || *ptr != stop) return false;
    *pos = static_cast<std::size_t>(ptr - text.data()) + 1;
    return true;
}

// "$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$..." with costs no higher than SENSITIVE.
bool has_acceptable_cost(std::string_view hash) {
    if (hash.substr(0, kArgon2idPrefix.size()) != kArgon2idPrefix) return false;
    std::size_t pos = kArgon2idPrefix.size();
    unsigned long long mem_kib = 0, passes = 0;
    if (!read_number(hash, &pos, ',', &mem_kib)) return false;
    if (hash.substr(pos, 2) != "t=") return false;
    pos += 2;
    if (!read_number(hash, &pos, ',', &passes)) return false;
    return mem_kib <= crypto_pwhash_MEMLIMIT_SENSITIVE / 1024 &&
           passes <= crypto_pwhash_OPSLIMIT_SENSITIVE;
}

}  // namespace

PinHashParams PinHashParams::interactive() {
    return {2, 19 * 1024 * 1024};
}

PinHashParams PinHashParams::fast_for_tests() {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Status validate_pin_format(std::string_view pin) {
    if (pin.size() < kPinMinDigits || pin.size() > kPinMaxDigits) {
        return invalid("a PIN must be " + std::to_string(kPinMinDigits) + " to " +
                       std::to_string(kPinMaxDigits) + " digits long; this one has " +
                       std::to_string(pin.size()) + " characters");
    }
    for (std::size_t i = 0; i < pin.size(); ++i) {
        if (pin[i] < '0' || pin[i] > '9') {
            return invalid("a PIN may contain only the digits 0-9; character " +
                           std::to_string(i + 1) + " is not a digit");
        }
    }
    return Status::ok();
}

Result<std::string> hash_pin(std::string_view pin, const PinHashParams& params) {
    if (Status s = validate_pin_format(pin); !s) return s;
    if (sodium_init() < 0) return Status(Code::Internal, "libsodium could not be initialised");
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), params.ops, params.mem_bytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return Status(Code::Internal, "argon2id hashing of a PIN failed (out of memory, or ops=" +
                                          std::to_string(params.ops) +
                                          " mem_bytes=" + std::to_string(params.mem_bytes) +
                                          " out of libsodium's range)");
    }
    return std::string(out);
}

bool verify_pin(std::string_view pin, std::string_view hash) {
    if (!validate_pin_format(pin)) return false;
    // crypto_pwhash_str_verify reads a NUL-terminated string of fewer than STRBYTES bytes.
    if (hash.size() >= crypto_pwhash_STRBYTES || hash.find('\0') != std::string_view::npos) {
        return false;
    }
    if (!has_acceptable_cost(hash)) return false;
    if (sodium_init() < 0) return false;
    const std::string terminated(hash);
    return crypto_pwhash_str_verify(terminated.c_str(), pin.data(), pin.size()) == 0;
}

}  // namespace stampline
