// The native sheet payload SL1-<TYPE>-<SERIAL>-<ORDER>-<VERSION>-<CHECK> (shared/sheet_payload.h).
#include <doctest/doctest.h>

#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "shared/check_char.h"
#include "shared/sheet_payload.h"

using namespace stampline;

namespace {

const UnitIdentity kExample{"2611000427", "KSO298", "Z26117", 1};

std::string random_field(std::mt19937& rng, std::size_t min_len, std::size_t max_len) {
    static constexpr std::string_view kChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::uniform_int_distribution<std::size_t> len(min_len, max_len);
    std::uniform_int_distribution<std::size_t> pick(0, kChars.size() - 1);
    std::string out;
    for (std::size_t n = len(rng); out.size() < n;) out += kChars[pick(rng)];
    return out;
}

UnitIdentity random_unit(std::mt19937& rng) {
    UnitIdentity u;
    u.product_type = random_field(rng, 1, 16);
    u.serial = random_field(rng, 1, 20);
    u.order = random_field(rng, 1, 20);
    u.sheet_version = std::uniform_int_distribution<int>(1, kMaxSheetVersion)(rng);
    return u;
}

std::string encode(const UnitIdentity& u) {
    auto payload = encode_sheet_payload(u);
    REQUIRE_MESSAGE(payload.has_value(), payload.status().to_string());
    return *payload;
}

// A payload with a correct check character around arbitrary field text, to reach the field rules.
std::string sealed(const std::string& text) {
    return text + "-" + *mod37_2_check(text);
}

std::string error_of(std::string_view payload) {
    auto unit = parse_sheet_payload(payload);
    REQUIRE_FALSE(unit.has_value());
    CHECK(unit.error().code() == Code::InvalidArgument);
    return unit.error().message();
}

}  // namespace

TEST_CASE("a sheet payload has the form SL1-type-serial-order-version-check") {
    CHECK(encode(kExample) == "SL1-KSO298-2611000427-Z26117-1-V");
    auto unit = parse_sheet_payload("SL1-KSO298-2611000427-Z26117-1-V");
    REQUIRE(unit.has_value());
    CHECK(*unit == kExample);
}

TEST_CASE("sheet payloads round-trip for many identities, shortest and longest fields included") {
    std::mt19937 rng(20261117);
    std::vector<UnitIdentity> units = {
        kExample,
        {"1", "A", "0", 1},
        {std::string(20, 'Z'), std::string(16, '9'), std::string(20, '0'), kMaxSheetVersion},
    };
    for (int i = 0; i < 3000; ++i) units.push_back(random_unit(rng));
    for (const UnitIdentity& u : units) {
        const std::string payload = encode(u);
        INFO(payload);
        auto back = parse_sheet_payload(payload);
        REQUIRE_MESSAGE(back.has_value(), back.status().to_string());
        CHECK(*back == u);
    }
}

TEST_CASE("a single changed character in a sheet payload is refused by the check character") {
    constexpr std::string_view kSymbols = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-*";
    std::mt19937 rng(37);
    std::vector<UnitIdentity> units = {kExample};
    for (int i = 0; i < 40; ++i) units.push_back(random_unit(rng));
    for (const UnitIdentity& u : units) {
        const std::string payload = encode(u);
        for (std::size_t pos = 0; pos < payload.size(); ++pos) {
            for (char c : kSymbols) {
                if (c == payload[pos]) continue;
                std::string changed = payload;
                changed[pos] = c;
                INFO(payload << " -> " << changed);
                CHECK_FALSE(parse_sheet_payload(changed).has_value());
            }
        }
    }
}

TEST_CASE("swapping two adjacent differing characters of a sheet payload is refused") {
    std::mt19937 rng(2);
    std::vector<UnitIdentity> units = {kExample};
    for (int i = 0; i < 200; ++i) units.push_back(random_unit(rng));
    for (const UnitIdentity& u : units) {
        const std::string payload = encode(u);
        for (std::size_t pos = 0; pos + 1 < payload.size(); ++pos) {
            if (payload[pos] == payload[pos + 1]) continue;
            std::string swapped = payload;
            std::swap(swapped[pos], swapped[pos + 1]);
            INFO(payload << " -> " << swapped);
            CHECK_FALSE(parse_sheet_payload(swapped).has_value());
        }
    }
}

TEST_CASE("a sheet payload in lower case (Caps Lock) is read as upper case") {
    std::string lower = encode(kExample);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto unit = parse_sheet_payload(lower);
    REQUIRE_MESSAGE(unit.has_value(), unit.status().to_string());
    CHECK(*unit == kExample);
}

TEST_CASE("a sheet payload of another format version is refused as unsupported") {
    std::string v2 = sealed("SL2-KSO298-2611000427-Z26117-1");
    CHECK(error_of(v2).find("unsupported sheet payload version 2") != std::string::npos);
    CHECK(error_of("SL9-A").find("unsupported sheet payload version 9") != std::string::npos);
    CHECK(error_of("SL12-A").find("unsupported sheet payload version 12") != std::string::npos);
    CHECK(error_of("SLX-KSO298-1-1-1-K") ==
          "sheet payload 'SLX-KSO298-1-1-1-K' does not start with 'SL1-'");
    CHECK(error_of("SL-KSO298-1-1-1-K") ==
          "sheet payload 'SL-KSO298-1-1-1-K' does not start with 'SL1-'");
    CHECK(error_of("XL1-KSO298-1-1-1-K") ==
          "sheet payload 'XL1-KSO298-1-1-1-K' does not start with 'SL1-'");
    CHECK(error_of("") == "sheet payload is empty");
}

TEST_CASE("a sheet payload with a missing or extra field says how many fields it has") {
    CHECK(error_of("SL1-KSO298-2611000427-Z26117-K") ==
          "sheet payload 'SL1-KSO298-2611000427-Z26117-K' has 4 fields, expected 5 "
          "(type, serial, order, version, check)");
    CHECK(error_of("SL1-KSO298-2611-000427-Z26117-1-K") ==
          "sheet payload 'SL1-KSO298-2611-000427-Z26117-1-K' has 6 fields, expected 5 "
          "(type, serial, order, version, check)");
    CHECK(error_of("SL1").find("has 0 fields, expected 5") != std::string::npos);
    CHECK(error_of("SL1-A").find("has 1 field, expected 5") != std::string::npos);
}

TEST_CASE("a wrong check character names the one read and the one expected") {
    const std::string good = encode(kExample);
    const char right = good.back();
    const char wrong = right == 'K' ? 'Q' : 'K';
    std::string bad = good;
    bad.back() = wrong;
    CHECK(error_of(bad) == "sheet payload '" + bad + "': check character '" +
                               std::string(1, wrong) + "' does not match (expected '" +
                               std::string(1, right) + "'): the code was misread or altered");
    CHECK(error_of(good.substr(0, good.size() - 1) + "KK")
              .find("check character field 'KK' has 2 characters, expected 1") !=
          std::string::npos);
    CHECK(error_of(good.substr(0, good.size() - 1)).find("check character field '' has 0") !=
          std::string::npos);
}

TEST_CASE("a sheet payload field with a character outside A-Z and 0-9 names the field") {
    CHECK(error_of("SL1-KSO298-2611/000427-Z26117-1-K") ==
          "sheet payload 'SL1-KSO298-2611/000427-Z26117-1-K': serial '2611/000427' contains '/' "
          "(allowed: A-Z, 0-9)");
    CHECK(
        error_of("SL1-KSO 298-2611000427-Z26117-1-K").find("product type 'KSO 298' contains ' '") !=
        std::string::npos);
    CHECK(error_of("SL1-KSO298-2611000427-Z26\x1d"
                   "117-1-K")
              .find("order 'Z26<GS>117' contains '<GS>'") != std::string::npos);
    CHECK(error_of("SL1-KSO298-2611000427-Z26117-1-/").find("check character '/' does not match") !=
          std::string::npos);
}

TEST_CASE("sheet payload fields out of their length or range are refused by name") {
    CHECK(error_of(sealed("SL1-KSO298-" + std::string(21, '1') + "-Z26117-1"))
              .find("serial '" + std::string(21, '1') + "' is 21 characters long (at most 20)") !=
          std::string::npos);
    CHECK(error_of(sealed("SL1-" + std::string(17, 'K') + "-1-Z26117-1"))
              .find("product type '" + std::string(17, 'K') + "' is 17 characters long") !=
          std::string::npos);
    CHECK(error_of(sealed("SL1-KSO298-1-" + std::string(21, 'Z') + "-1"))
              .find("order '" + std::string(21, 'Z') + "' is 21 characters long") !=
          std::string::npos);
    CHECK(error_of(sealed("SL1-KSO298--Z26117-1")).find("serial is empty") != std::string::npos);
    CHECK(error_of(sealed("SL1--1-Z26117-1")).find("product type is empty") != std::string::npos);
    CHECK(error_of(sealed("SL1-KSO298-1--1")).find("order is empty") != std::string::npos);
}

TEST_CASE("the sheet version in a sheet payload must be 1..999 without leading zeros") {
    CHECK(error_of(sealed("SL1-KSO298-1-Z-01")).find("sheet version '01' has a leading zero") !=
          std::string::npos);
    CHECK(error_of(sealed("SL1-KSO298-1-Z-0")).find("sheet version '0' is out of range 1..999") !=
          std::string::npos);
    CHECK(error_of(sealed("SL1-KSO298-1-Z-1000"))
              .find("sheet version '1000' is out of range 1..999") != std::string::npos);
    CHECK(error_of(sealed("SL1-KSO298-1-Z-99999999999999999999")).find("is out of range 1..999") !=
          std::string::npos);
    CHECK(error_of(sealed("SL1-KSO298-1-Z-1A")).find("sheet version '1A' is not a number") !=
          std::string::npos);
    CHECK(error_of(sealed("SL1-KSO298-1-Z-")).find("sheet version is empty") != std::string::npos);
    auto v999 = parse_sheet_payload(sealed("SL1-KSO298-1-Z-999"));
    REQUIRE(v999.has_value());
    CHECK(v999->sheet_version == 999);
}

TEST_CASE(
    "encoding a sheet payload refuses an identity that breaks the field rules, naming the field") {
    auto check = [](UnitIdentity u, const std::string& message) {
        auto payload = encode_sheet_payload(u);
        REQUIRE_FALSE(payload.has_value());
        CHECK(payload.error().message() == message);
        CHECK(validate_unit_identity(u).message() == message);
    };
    check({"2611/0427", "KSO298", "Z26117", 1},
          "serial '2611/0427' contains '/' (allowed: A-Z, 0-9)");
    check({"2611000427", "kso298", "Z26117", 1},
          "product type 'kso298' contains 'k' (allowed: A-Z, 0-9)");
    check({"2611000427", "KSO298", "Z-26117", 1},
          "order 'Z-26117' contains '-' (allowed: A-Z, 0-9)");
    check({"2611000427", "KSO298", "", 1}, "order is empty");
    check({"2611000427", "KSO298", "Z26117", 0}, "sheet version 0 is out of range 1..999");
    check({"2611000427", "KSO298", "Z26117", 1000}, "sheet version 1000 is out of range 1..999");
    CHECK(validate_unit_identity(kExample).is_ok());
}
