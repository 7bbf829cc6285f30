// The framing and field rules shared by the native payloads (sheet_payload.h, badge_payload.h):
//   <PREFIX><FORMAT>-<field>-...-<field>-<CHECK>
// e.g. "SL1-KSO298-2611000427-Z26117-1-V". The check character (check_char.h, MOD 37-2) covers
// everything before the final '-', the prefix and the separators included. Internal to those
// two codecs; other code uses their encode/parse functions.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shared/status.h"

namespace stampline::native_payload {

inline constexpr char kSeparator = '-';

// One payload kind.
struct Frame {
    std::string_view kind;    // for messages: "sheet payload"
    std::string_view prefix;  // "SL"
    std::string_view format;  // the only format version this code reads: "1"
    // Names of the fields between the prefix and the check character, for messages
    // ("product type", "serial", ...), and the short list used in the field-count message
    // ("type, serial, order, version, check").
    std::span<const std::string_view> field_names;
    std::string_view field_list;
};

// Upper-cases ASCII letters; every other byte is kept.
std::string to_upper_ascii(std::string_view text);

// Opens a payload read from a scanner: upper-cases it (Caps Lock), checks the prefix and format
// version, the field count, that every field holds only 0-9/A-Z, and the check character.
// Returns the fields between prefix and check (upper case), or InvalidArgument with a message
// that quotes `raw` and names the field. Field lengths and values are the caller's to check.
Result<std::vector<std::string>> open(const Frame& frame, std::string_view raw);

// Joins prefix+format and fields with '-' and appends "-<check>". Fields must already be
// valid (0-9, A-Z), else the result is unspecified.
std::string seal(const Frame& frame, std::span<const std::string> fields);

// A counter (sheet version, badge issue): 1..max.
Status check_counter(std::string_view name, int value, int max);

// A counter as written in a payload: decimal, no leading zero, 1..max.
Result<int> parse_counter(std::string_view name, std::string_view text, int max);

}  // namespace stampline::native_payload
