// The stamp badge payload: the barcode on an inspector's or operator's stamp badge.
//
//   SB1-<STAMP>-<ISSUE>-<CHECK>      e.g. SB1-K017-2-X
//
// "SB" + format version 1; STAMP the stamp number (1..12 of 0-9/A-Z), ISSUE the badge issue
// 1..999 (decimal, no leading zero; a reissued badge gets the next issue so a lost one can be
// revoked), CHECK the ISO/IEC 7064 MOD 37-2 character (check_char.h) over everything before the
// final '-'. Same framing, case rule and messages as the sheet payload (sheet_payload.h).
#pragma once

#include <string>
#include <string_view>

#include "shared/status.h"

namespace stampline {

struct BadgeId {
    std::string stamp;
    int issue = 1;
    bool operator==(const BadgeId&) const = default;
};

inline constexpr int kMaxBadgeIssue = 999;

// Ok, or InvalidArgument naming the field: "stamp 'K-17' contains '-' (allowed: A-Z, 0-9)".
Status validate_badge_id(const BadgeId& badge);

// The payload text for badge, or validate_badge_id's error.
Result<std::string> encode_badge_payload(const BadgeId& badge);

// Reads a payload as the scanner sent it (AIM identifier and line ending already removed).
// Lower case is accepted; the result is upper case. On error: InvalidArgument quoting the payload.
Result<BadgeId> parse_badge_payload(std::string_view payload);

}  // namespace stampline
