// ISO/IEC 7064 MOD 37-2: the check character of the native payloads (sheet_payload.h,
// badge_payload.h).
//
// Symbol values: '0'-'9' = 0..9, 'A'-'Z' = 10..35. Inside the checked text the payload separator
// '-' has value 36, so separators are covered: a '-' misread as a letter, or a character moved
// across a field boundary, changes the check. The check character is one of '0'-'9', 'A'-'Z'
// or '*' (value 36). Only upper-case letters are symbols; callers upper-case first if they
// accept lower case.
//
// Why MOD 37-2 and not the hybrid MOD 37,36 (which DESIGN.md §4 mentions as an example): the
// hybrid system works over 36 symbols and has no value for '-', so it could not cover the
// separators. MOD 37-2 is a pure system over 37 symbol values; 37 is prime and the weights are
// 2^i mod 37 (2 has order 36 mod 37, so no weight is 0). Hence every single substitution
// ((a-b)*w != 0 mod 37) and every transposition of two adjacent differing characters
// ((a-b)*(2w - w) != 0 mod 37) is detected, at any text length.
#pragma once

#include <optional>
#include <string_view>

namespace stampline {

// The check character for text; nullopt if text has a character other than 0-9, A-Z and '-'.
// The empty text has a check character too ('1').
std::optional<char> mod37_2_check(std::string_view text);

// True if text_with_check is a text (0-9, A-Z, '-') followed by its correct check character
// (0-9, A-Z, '*'). False for the empty string and for any character outside those sets.
bool mod37_2_valid(std::string_view text_with_check);

}  // namespace stampline
