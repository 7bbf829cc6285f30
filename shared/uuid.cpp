#include "shared/uuid.h"

#include <sodium.h>

#include <algorithm>
#include <cstddef>

#include "shared/printable.h"

namespace stampline {

namespace {

constexpr std::int64_t kMaxUnixMs = (std::int64_t{1} << 48) - 1;
constexpr std::uint16_t kCounterMax = 0x0FFF;  // 12 bits in rand_a
// A fresh counter has its top bit clear, so at least 2048 ids fit in its millisecond.
constexpr std::uint16_t kCounterSeedMask = 0x07FF;

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_hyphen_position(std::size_t i) {
    return i == 8 || i == 13 || i == 18 || i == 23;
}

}  // namespace

bool Uuid::is_nil() const {
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

Timestamp Uuid::v7_time() const {
    std::int64_t ms = 0;
    for (std::size_t i = 0; i < 6; ++i) ms = (ms << 8) | bytes[i];
    return Timestamp{ms};
}

std::string to_string(const Uuid& id) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < id.bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(kHex[id.bytes[i] >> 4]);
        out.push_back(kHex[id.bytes[i] & 0x0F]);
    }
    return out;
}

Result<Uuid> parse_uuid(std::string_view text) {
    const auto bad = [&](const std::string& why) {
        return invalid("'" + printable_clipped(text) + "' is not a UUID: " + why);
    };
    if (text.size() != 36) {
        return bad("expected 36 characters like 0192f3a4-5b6c-7def-8123-456789abcdef, got " +
                   std::to_string(text.size()));
    }
    Uuid id;
    std::size_t nibble = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_hyphen_position(i)) {
            if (text[i] != '-') return bad("expected '-' at position " + std::to_string(i + 1));
            continue;
        }
        const int v = hex_value(text[i]);
        if (v < 0) return bad("character " + std::to_string(i + 1) + " is not a hex digit");
        auto& byte = id.bytes[nibble / 2];
        byte = static_cast<std::uint8_t>(nibble % 2 == 0 ? v << 4 : byte | v);
        ++nibble;
    }
    return id;
}

void SystemRandom::fill(std::span<std::uint8_t> out) {
    // sodium_init() is idempotent and thread-safe; it returns -1 only when the OS has no
    // randomness to offer, which randombytes_buf would then abort on anyway.
    if (sodium_init() < 0) {
    }
    randombytes_buf(out.data(), out.size());
}

Uuid UuidV7Generator::next() {
    const std::int64_t now = std::clamp<std::int64_t>(clock_.now().ms, 0, kMaxUnixMs);

    std::lock_guard<std::mutex> lock(mu_);
    // rnd[0..1] seed the counter of a new millisecond, rnd[2..9] fill rand_b.
    std::array<std::uint8_t, 10> rnd{};
    random_.fill(rnd);
    const auto seed = static_cast<std::uint16_t>(((rnd[0] << 8) | rnd[1]) & kCounterSeedMask);

    if (now > last_ms_) {
        last_ms_ = now;
        counter_ = seed;
    } else if (counter_ < kCounterMax) {
        // Same millisecond, or the clock stepped back: keep the last timestamp.
        ++counter_;
    } else {
        // 4096 ids in one millisecond: borrow the next millisecond from the future.
        ++last_ms_;
        counter_ = seed;
    }

    Uuid id;
    const std::uint64_t ms = static_cast<std::uint64_t>(last_ms_) & kMaxUnixMs;
    for (std::size_t i = 0; i < 6; ++i) {
        id.bytes[i] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
    }
    id.bytes[6] = static_cast<std::uint8_t>(0x70 | (counter_ >> 8));
    id.bytes[7] = static_cast<std::uint8_t>(counter_ & 0xFF);
    std::copy(rnd.begin() + 2, rnd.end(), id.bytes.begin() + 8);
    id.bytes[8] = static_cast<std::uint8_t>(0x80 | (id.bytes[8] & 0x3F));  // variant 10
    return id;
}

}  // namespace stampline
