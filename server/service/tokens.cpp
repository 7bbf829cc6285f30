#include "server/service/tokens.h"

#include <array>

#include "shared/identity.h"
#include "shared/sha256.h"

namespace stampline::server {

std::string base64url(std::span<const std::uint8_t> bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::uint8_t b : bytes) {
        acc = (acc << 8) | b;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[(acc >> bits) & 63];
        }
    }
    if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
    return out;
}

std::string token_secret_hash(std::string_view secret) {
    return sha256_hex(secret);
}

Result<NewToken> create_token(Store& store, const Plant& plant, RandomSource& random,
                              const Clock& clock, Role role, std::string_view station,
                              std::string_view label) {
    if (role == Role::Terminal)
        if (Status id = check_identity(IdentityKind::Code, "station", station); !id) return id;
    if (role == Role::Terminal && !plant.station(station))
        return invalid("station: a terminal token must name a station of the plant, not '" +
                       std::string(station) + "'");
    if (role != Role::Terminal && !station.empty())
        return invalid("station: only terminal tokens are bound to a station");
    if (label.size() > 200) return invalid("label: longer than 200 bytes");
    std::array<std::uint8_t, 32> secret{};
    random.fill(secret);
    std::array<std::uint8_t, 4> id_bytes{};
    random.fill(id_bytes);
    NewToken token;
    token.secret = "slt_" + base64url(secret);
    token.record = {"t-" + to_hex(id_bytes), role,        std::string(station),
                    std::string(label),      clock.now(), false};
    Status status = store.write([&](WriteTxn& txn) {
        return txn.put_token(token_secret_hash(token.secret), token.record);
    });
    if (!status) return status;
    return token;
}

Result<std::optional<TokenRecord>> authenticate(Store& store, std::string_view secret) {
    if (secret.size() < 8 || secret.size() > 200) return std::optional<TokenRecord>{};
    Result<std::optional<TokenRecord>> found = store.token_by_hash(token_secret_hash(secret));
    if (!found) return found.error();
    if (found->has_value() && (*found)->revoked) return std::optional<TokenRecord>{};
    return found;
}

}  // namespace stampline::server
