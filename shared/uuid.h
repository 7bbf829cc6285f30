// UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, 12-bit sub-millisecond counter
// (method 1, "fixed bit-length dedicated counter"), variant 10, 62 random bits.
// Ids made by one generator are strictly increasing, also within one millisecond and across a
// clock that steps back (the last timestamp is reused).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "shared/status.h"
#include "shared/time.h"

namespace stampline {

struct Uuid {
    std::array<std::uint8_t, 16> bytes{};
    auto operator<=>(const Uuid&) const = default;
    bool is_nil() const;
    int version() const { return bytes[6] >> 4; }
    Timestamp v7_time() const;  // the embedded Unix milliseconds of a v7 id
};

// "0192f3a4-5b6c-7def-8123-456789abcdef" (lowercase)
std::string to_string(const Uuid& id);
// Accepts the 36-character hyphenated form, either case. Any version; callers check version().
Result<Uuid> parse_uuid(std::string_view text);

// The outside world's randomness, passed in. Implementations must be thread-safe.
class RandomSource {
public:
    virtual ~RandomSource() = default;
    virtual void fill(std::span<std::uint8_t> out) = 0;
};

// Cryptographic randomness from libsodium (randombytes_buf).
class SystemRandom final : public RandomSource {
public:
    void fill(std::span<std::uint8_t> out) override;
};

// Thread-safe.
class UuidV7Generator {
public:
    UuidV7Generator(const Clock& clock, RandomSource& random) : clock_(clock), random_(random) {}
    Uuid next();

private:
    const Clock& clock_;
    RandomSource& random_;
    std::mutex mu_;
    std::int64_t last_ms_ = -1;
    std::uint16_t counter_ = 0;
};

}  // namespace stampline
