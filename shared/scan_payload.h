// The one entry point for scanned text (terminal and server): what a scan names.
//
// parse_scan strips trailing CR/LF and the AIM identifier (aim.h), then routes:
//   GS1 AIM identifier (]d2 ]Q3 ]C1 ]e0 ]J1)        -> parse_gs1 + unit_from_gs1   (gs1.h)
//   body starting "SL" (any case)                  -> parse_sheet_payload (sheet_payload.h) body
//   starting "SB" (any case)                  -> parse_badge_payload          (badge_payload.h) no
//   AIM identifier, body starting with a digit or GS -> parse_gs1 + unit_from_gs1
// Anything else is refused with a message that quotes what was read (printable.h) and says why.
// Nothing here records anything; a refused scan changes no state.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "shared/badge_payload.h"
#include "shared/plant.h"
#include "shared/sheet_payload.h"
#include "shared/status.h"

namespace stampline {

struct SheetScan {
    UnitIdentity unit;
    bool gs1 = false;  // read from a GS1 element string rather than the native payload
    bool operator==(const SheetScan&) const = default;
};

struct BadgeScan {
    BadgeId badge;
    bool operator==(const BadgeScan&) const = default;
};

struct ScanPayload {
    std::string symbology;  // the AIM identifier as read ("]d2"), or ""
    std::variant<SheetScan, BadgeScan> what;
};

// The sheet or badge the scan names, or InvalidArgument with a message for the terminal.
// plant resolves GS1 product identification (AI 240 / GTIN) to a product type; the native sheet
// payload's product type is returned as read (the caller checks it against the plant).
Result<ScanPayload> parse_scan(std::string_view raw, const Plant& plant);

// What kind of problem a scan that parse_scan refused has, for the person at the terminal: a
// sheet or badge code whose check character does not hold was misread (or is damaged); one whose
// check holds was printed wrong (Sheet/BadgeInvalid); a GS1 string that is not a unit's sheet;
// anything else is not a Stampline code.
enum class ScanProblem { Empty, Misread, SheetInvalid, BadgeInvalid, Gs1Invalid, NotOurs };
ScanProblem scan_problem(std::string_view raw);

}  // namespace stampline
