// ISO/IEC 7064 MOD 37-2 check characters (shared/check_char.h).
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "shared/check_char.h"

using namespace stampline;

namespace {

constexpr std::string_view kTextSymbols = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-";

// Reference definition, written independently of the implementation: the pure-system
// condition sum(v_i * 2^(n-i)) + check == 1 (mod 37), check value 36 written '*'.
char reference_check(std::string_view text) {
    long long sum = 0;
    for (char c : text) sum = (sum + static_cast<long long>(kTextSymbols.find(c))) * 2 % 37;
    const long long value = ((1 - sum) % 37 + 37) % 37;
    return "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"[value];
}

std::string random_text(std::mt19937& rng, std::size_t length) {
    std::uniform_int_distribution<std::size_t> pick(0, kTextSymbols.size() - 1);
    std::string text;
    for (std::size_t i = 0; i < length; ++i) text += kTextSymbols[pick(rng)];
    return text;
}

}  // namespace

TEST_CASE("the MOD 37-2 check character of the ISO example G123489654321 is Y") {
    CHECK(mod37_2_check("G123489654321") == 'Y');
    CHECK(mod37_2_valid("G123489654321Y"));
    CHECK_FALSE(mod37_2_valid("G123489654321Z"));
}

TEST_CASE("the check character matches the MOD 37-2 definition, with '-' as value 36") {
    std::mt19937 rng(7064);
    for (std::size_t length = 0; length <= 80; ++length) {
        const std::string text = random_text(rng, length);
        INFO(text);
        REQUIRE(mod37_2_check(text).has_value());
        CHECK(*mod37_2_check(text) == reference_check(text));
        CHECK(mod37_2_valid(text + *mod37_2_check(text)));
    }
    // '-' is a symbol of its own, not ignored and not equal to any other symbol.
    CHECK(mod37_2_check("AB") != mod37_2_check("A-B"));
    for (char c : std::string_view("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")) {
        CHECK(mod37_2_check(std::string("A") + c) != mod37_2_check("A-"));
    }
}

TEST_CASE("a check character of value 36 is written '*' and validates") {
    std::mt19937 rng(36);
    int stars = 0;
    for (int i = 0; i < 2000; ++i) {
        const std::string text = random_text(rng, 12);
        if (mod37_2_check(text) == '*') {
            ++stars;
            CHECK(mod37_2_valid(text + "*"));
        }
    }
    CHECK(stars > 0);
}

TEST_CASE("characters outside 0-9, A-Z and '-' have no MOD 37-2 check character") {
    CHECK_FALSE(mod37_2_check("abc").has_value());
    CHECK_FALSE(mod37_2_check("A*B").has_value());
    CHECK_FALSE(mod37_2_check("A B").has_value());
    CHECK_FALSE(mod37_2_check("A\x1d"
                              "B")
                    .has_value());
    CHECK_FALSE(mod37_2_check("\xd0\x90").has_value());
    CHECK_FALSE(mod37_2_valid(""));
    CHECK_FALSE(mod37_2_valid("AB-"));  // '-' is never a check character
    CHECK_FALSE(mod37_2_valid("a1"));
}

TEST_CASE("every single-character substitution in a text is detected by its check character") {
    // Lengths past 36 cover the wrap of the weights 2^i mod 37 (order 36).
    constexpr std::string_view kAll = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-*";
    std::mt19937 rng(1);
    for (std::size_t length : {1u, 2u, 7u, 20u, 36u, 37u, 45u, 73u}) {
        const std::string text = random_text(rng, length);
        const std::string sealed = text + *mod37_2_check(text);
        INFO(sealed);
        for (std::size_t pos = 0; pos < sealed.size(); ++pos) {
            for (char c : kAll) {
                if (c == sealed[pos]) continue;
                std::string changed = sealed;
                changed[pos] = c;
                INFO(changed);
                CHECK_FALSE(mod37_2_valid(changed));
            }
        }
    }
}

TEST_CASE(
    "every adjacent transposition of differing characters is detected by the check character") {
    std::mt19937 rng(2);
    for (int round = 0; round < 200; ++round) {
        const std::string text = random_text(rng, 1 + static_cast<std::size_t>(round % 60));
        const std::string sealed = text + *mod37_2_check(text);
        for (std::size_t pos = 0; pos + 1 < sealed.size(); ++pos) {
            if (sealed[pos] == sealed[pos + 1]) continue;
            std::string swapped = sealed;
            std::swap(swapped[pos], swapped[pos + 1]);
            INFO(sealed << " -> " << swapped);
            CHECK_FALSE(mod37_2_valid(swapped));
        }
    }
}
