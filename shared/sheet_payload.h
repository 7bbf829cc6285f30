// The native sheet payload: the text in the Data Matrix / QR / Code 128 on a unit's route sheet.
//
//   SL1-<TYPE>-<SERIAL>-<ORDER>-<VERSION>-<CHECK>      e.g. SL1-KSO298-2611000427-Z26117-1-V
//
// "SL" + format version 1; TYPE a product type code (1..16 of 0-9/A-Z), SERIAL 1..20 and ORDER
// 1..20 of 0-9/A-Z, VERSION the sheet version 1..999 (decimal, no leading zero), CHECK the
// ISO/IEC 7064 MOD 37-2 character (check_char.h) over everything before the final '-'.
// A payload with another format digit ("SL2-...") is refused as "unsupported sheet payload
// version 2", never read on a best-effort basis.
#pragma once

#include <string>
#include <string_view>

#include "shared/status.h"

namespace stampline {

// Which physical unit a sheet belongs to. From a native payload every field follows the rules
// above; from a GS1 code (gs1.h, unit_from_gs1) serial and order are the AI values as read
// (GS1 characters, order possibly empty) and may not satisfy validate_unit_identity.
struct UnitIdentity {
    std::string serial;
    std::string product_type;  // a ProductType code of the plant
    std::string order;         // production order
    int sheet_version = 1;     // bumped when a sheet is reprinted with changes
    bool operator==(const UnitIdentity&) const = default;
};

inline constexpr int kMaxSheetVersion = 999;

// Ok, or InvalidArgument naming the first field that breaks the rules above, e.g.
// "serial '2611/0427' contains '/' (allowed: A-Z, 0-9)". Lower case is refused here.
Status validate_unit_identity(const UnitIdentity& unit);

// The payload text for unit, or validate_unit_identity's error.
Result<std::string> encode_sheet_payload(const UnitIdentity& unit);

// Reads a payload as the scanner sent it (AIM identifier and line ending already removed).
// Lower case is accepted (Caps Lock); the result is upper case. On error: InvalidArgument
// quoting the payload and saying what is wrong (field count, a field's characters or length,
// version, check character). encode_sheet_payload(parse_sheet_payload(x)) parses back to the
// same identity.
Result<UnitIdentity> parse_sheet_payload(std::string_view payload);

}  // namespace stampline
