// The stamp badge payload SB1-<STAMP>-<ISSUE>-<CHECK> (shared/badge_payload.h).
#include <doctest/doctest.h>

#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "shared/badge_payload.h"
#include "shared/check_char.h"

using namespace stampline;

namespace {

std::string encode(const BadgeId& b) {
    auto payload = encode_badge_payload(b);
    REQUIRE_MESSAGE(payload.has_value(), payload.status().to_string());
    return *payload;
}

std::string sealed(const std::string& text) {
    return text + "-" + *mod37_2_check(text);
}

std::string error_of(std::string_view payload) {
    auto badge = parse_badge_payload(payload);
    REQUIRE_FALSE(badge.has_value());
    return badge.error().message();
}

std::vector<BadgeId> some_badges(int random_count) {
    std::mt19937 rng(12);
    static constexpr std::string_view kChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::vector<BadgeId> badges = {{"K017", 1}, {"7", 999}, {std::string(12, 'X'), 42}};
    for (int i = 0; i < random_count; ++i) {
        BadgeId b;
        const std::size_t len = std::uniform_int_distribution<std::size_t>(1, 12)(rng);
        while (b.stamp.size() < len) {
            b.stamp += kChars[std::uniform_int_distribution<std::size_t>(0, 35)(rng)];
        }
        b.issue = std::uniform_int_distribution<int>(1, kMaxBadgeIssue)(rng);
        badges.push_back(b);
    }
    return badges;
}

}  // namespace

TEST_CASE("a badge payload has the form SB1-stamp-issue-check and round-trips") {
    CHECK(encode({"K017", 2}) == sealed("SB1-K017-2"));
    for (const BadgeId& b : some_badges(2000)) {
        const std::string payload = encode(b);
        INFO(payload);
        auto back = parse_badge_payload(payload);
        REQUIRE_MESSAGE(back.has_value(), back.status().to_string());
        CHECK(*back == b);
    }
}

TEST_CASE("a single changed character in a badge payload is refused") {
    constexpr std::string_view kSymbols = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-*";
    for (const BadgeId& b : some_badges(60)) {
        const std::string payload = encode(b);
        for (std::size_t pos = 0; pos < payload.size(); ++pos) {
            for (char c : kSymbols) {
                if (c == payload[pos]) continue;
                std::string changed = payload;
                changed[pos] = c;
                INFO(payload << " -> " << changed);
                CHECK_FALSE(parse_badge_payload(changed).has_value());
            }
        }
    }
}

TEST_CASE("swapping two adjacent differing characters of a badge payload is refused") {
    for (const BadgeId& b : some_badges(60)) {
        const std::string payload = encode(b);
        for (std::size_t pos = 0; pos + 1 < payload.size(); ++pos) {
            if (payload[pos] == payload[pos + 1]) continue;
            std::string swapped = payload;
            std::swap(swapped[pos], swapped[pos + 1]);
            INFO(payload << " -> " << swapped);
            CHECK_FALSE(parse_badge_payload(swapped).has_value());
        }
    }
}

TEST_CASE("a badge payload in lower case is read as upper case") {
    std::string lower = encode({"K017", 2});
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto badge = parse_badge_payload(lower);
    REQUIRE(badge.has_value());
    CHECK(*badge == BadgeId{"K017", 2});
}

TEST_CASE("badge payload refusals name what was read and why") {
    CHECK(error_of(sealed("SB2-K017-2")).find("unsupported badge payload version 2") !=
          std::string::npos);
    CHECK(error_of("SB1-K017-K") ==
          "badge payload 'SB1-K017-K' has 2 fields, expected 3 (stamp, issue, check)");
    CHECK(error_of("SL1-K017-2-K") == "badge payload 'SL1-K017-2-K' does not start with 'SB1-'");
    CHECK(error_of("SB1-K0/17-2-K") ==
          "badge payload 'SB1-K0/17-2-K': stamp 'K0/17' contains '/' (allowed: A-Z, 0-9)");
    CHECK(error_of(sealed("SB1-" + std::string(13, 'A') + "-1"))
              .find("stamp '" + std::string(13, 'A') + "' is 13 characters long (at most 12)") !=
          std::string::npos);
    CHECK(error_of(sealed("SB1-K017-0")).find("badge issue '0' is out of range 1..999") !=
          std::string::npos);
    CHECK(error_of(sealed("SB1-K017-007")).find("badge issue '007' has a leading zero") !=
          std::string::npos);
    std::string bad = encode({"K017", 2});
    const char right = bad.back();
    bad.back() = right == '0' ? '1' : '0';
    CHECK(error_of(bad).find("does not match (expected '" + std::string(1, right) +
                             "'): the code was misread or altered") != std::string::npos);
}

TEST_CASE("encoding a badge payload refuses a badge that breaks the field rules") {
    CHECK(encode_badge_payload({"", 1}).error().message() == "stamp is empty");
    CHECK(encode_badge_payload({"K-17", 1}).error().message() ==
          "stamp 'K-17' contains '-' (allowed: A-Z, 0-9)");
    CHECK(encode_badge_payload({"K017", 1000}).error().message() ==
          "badge issue 1000 is out of range 1..999");
    CHECK(validate_badge_id({"K017", 1}).is_ok());
}
