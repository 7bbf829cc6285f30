// GS1 element strings as scanners deliver them (DESIGN.md §4): with or without an AIM
// identifier (aim.h), FNC1 separators as ASCII 29 (GS), the final one optional.
//
// Supported AIs (anything else is refused as unsupported, naming the AI digits):
//   01  GTIN, exactly 14 digits, GS1 mod-10 check digit verified
//   10  batch/lot (here: the production order), 1..20 characters
//   11  production date YYMMDD, a valid date
//   17  expiry date YYMMDD, day 00 allowed (= end of month), else a valid date
//   21  serial number, 1..20 characters
//   240 additional product identification (here: the product type code), 1..30 characters
//   90  1..30 characters;  91-99 company internal, 1..90 characters
// Variable-length values use GS1 AI encodable character set 82 (! " % & ' ( ) * + , - . / 0-9
// : ; < = > ? A-Z _ a-z). Years are read as 20YY (GS1's sliding century needs today's date;
// only February 29 depends on it). A single GS is accepted before the first AI (FNC1 in first
// position transmitted) and after any value, fixed-length ones included.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "shared/plant.h"
#include "shared/sheet_payload.h"
#include "shared/status.h"

namespace stampline {

struct Gs1Element {
    std::string ai;     // "01", "240", ...
    std::string value;  // as read, without separators
    bool operator==(const Gs1Element&) const = default;
};

enum class Gs1Error {
    Empty,          // no data after the AIM identifier
    Truncated,      // the data ends (or a GS comes) inside an AI or a fixed-length value
    CheckDigit,     // the GTIN (01) check digit is wrong
    BadDate,        // 11 or 17 is not a date
    TooLong,        // a variable-length value is longer than its AI allows
    BadChar,        // a byte outside the allowed set (CSet 82, digits, AI digits)
    UnsupportedAi,  // an AI this code does not read, or no GS1 AI at all
    EmptyValue,     // a variable-length AI with nothing before the next GS
    NotGs1,         // the AIM identifier says the symbol carries no GS1 data
};

// "empty", "truncated", "check-digit", "bad-date", "too-long", "bad-char", "unsupported-ai",
// "empty-value", "not-gs1".
const char* gs1_error_class(Gs1Error kind);

struct Gs1Parse {
    std::string symbology;             // the AIM identifier as read ("]d2"), or ""
    std::vector<Gs1Element> elements;  // in the order read
    // The first element with this AI, or nullptr.
    const Gs1Element* find(std::string_view ai) const;
};

// Why a scan is not a usable GS1 element string: the class, and a message for a person that
// quotes what was read and, for byte errors, names the position (counted from 1 in the text
// given to parse_gs1, AIM identifier included) and the byte in hex.
struct Gs1Failure {
    Gs1Error kind = Gs1Error::Empty;
    std::string message;
    Status status() const { return invalid(message); }  // InvalidArgument
};

// A Gs1Parse or the Gs1Failure explaining why there is none.
class Gs1Result {
public:
    Gs1Result(Gs1Parse parse) : v_(std::move(parse)) {}
    Gs1Result(Gs1Failure failure) : v_(std::move(failure)) {}

    bool has_value() const { return v_.index() == 0; }
    explicit operator bool() const { return has_value(); }
    const Gs1Parse& value() const& { return std::get<Gs1Parse>(v_); }
    Gs1Parse&& value() && { return std::get<Gs1Parse>(std::move(v_)); }
    const Gs1Parse& operator*() const& { return value(); }
    const Gs1Parse* operator->() const { return &value(); }

    // Only valid when !has_value().
    const Gs1Failure& failure() const { return std::get<Gs1Failure>(v_); }
    // Ok, or InvalidArgument with the failure's message.
    Status status() const { return has_value() ? Status::ok() : failure().status(); }

private:
    std::variant<Gs1Parse, Gs1Failure> v_;
};

// Parses a scan (trailing CR/LF already removed). An AIM identifier that aim_is_gs1 is reported
// in the result; any other AIM identifier gives NotGs1; no identifier: the text is tried as GS1.
Gs1Result parse_gs1(std::string_view scan);

// The unit a GS1 sheet code names:
//   serial        AI 21, required;
//   product_type  AI 240 when it is a product code of the plant, else the product whose GTIN is
//                 AI 01; refused when neither names a product, or when both do and differ;
//   order         AI 10, "" when absent;
//   sheet_version from AI 91 written "V<n>" (n = 1..999, no leading zero), else 1; any other
//                 AI 91 content is ignored, but "V" + digits out of range is refused.
// An AI used here that appears twice with different values is refused. Values are kept as read
// (GS1 is case-sensitive), so the identity need not satisfy validate_unit_identity.
Result<UnitIdentity> unit_from_gs1(const Gs1Parse& gs1, const Plant& plant);

}  // namespace stampline
