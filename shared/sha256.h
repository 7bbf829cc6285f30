// SHA-256 (OpenSSL) and lowercase hex encoding.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace stampline {

using Sha256Digest = std::array<std::uint8_t, 32>;

// The SHA-256 digest of the bytes of data. Thread-safe.
Sha256Digest sha256(std::string_view data);
// The digest of the parts' bytes one after the other.
Sha256Digest sha256(std::initializer_list<std::string_view> parts);

// SHA-256 of data given in pieces, e.g. a database file read block by block.
class Sha256Stream {
public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream&) = delete;
    Sha256Stream& operator=(const Sha256Stream&) = delete;
    void update(std::string_view data);
    // The digest of everything given; the stream is then spent.
    Sha256Digest finish();

private:
    struct Context;
    std::unique_ptr<Context> ctx_;
};

// Lowercase hex, two characters per byte.
std::string to_hex(std::span<const std::uint8_t> bytes);
// The digest as 64 lowercase hex characters.
std::string sha256_hex(std::string_view data);
// HMAC-SHA256 (RFC 2104) of message with key, as 64 lowercase hex characters: how a receiver
// checks that a body came from the holder of the key.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// The value of one hex digit (either case), -1 for any other character.
int hex_digit_value(char c);
// Decodes hex (either case) into out. False, leaving out unspecified, unless hex has exactly
// 2 * out.size() characters and all are hex digits.
bool from_hex(std::string_view hex, std::span<std::uint8_t> out);

}  // namespace stampline
