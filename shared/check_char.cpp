#include "shared/check_char.h"

namespace stampline {

namespace {

constexpr int kModulus = 37;
constexpr char kCheckSymbols[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*";

// Value of a character of the checked text, or -1.
int text_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    if (c == '-') return 36;
    return -1;
}

// The pure-system running sum: p = 2 * (p + v) mod 37 over the text; -1 on a bad character.
int running_sum(std::string_view text) {
    int p = 0;
    for (char c : text) {
        const int v = text_value(c);
        if (v < 0) return -1;
        p = (2 * (p + v)) % kModulus;
    }
    return p;
}

}  // namespace

std::optional<char> mod37_2_check(std::string_view text) {
    const int p = running_sum(text);
    if (p < 0) return std::nullopt;
    // The check value c makes p + c == 1 (mod 37), the pure-system validity condition.
    return kCheckSymbols[(kModulus + 1 - p) % kModulus];
}

bool mod37_2_valid(std::string_view text_with_check) {
    if (text_with_check.empty()) return false;
    const auto expected = mod37_2_check(text_with_check.substr(0, text_with_check.size() - 1));
    return expected && *expected == text_with_check.back();
}

}  // namespace stampline
