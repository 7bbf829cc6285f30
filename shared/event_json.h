// The JSON codec of events: the wire form of protocol v1 (terminal <-> server) and the canonical
// text that the event log hashes (hash_chain.h).
//
// Shape (every event):
//   {"v":1, "id":"<UUIDv7>", "type":"<event_kind_name>", "serial":"...", "sheet_version":1,
//    "station":"...", "stage":"...", "stamp":"...", "actor":"...",
//    "terminal_time":"2026-11-29T14:19:38.123Z", ...type fields}
// and, optional, "corrected_time":"2026-11-29T14:17:02.456Z" (the terminal's estimate of the
// server's clock at the act; written only when the event has it).
// Type fields:
//   sheet_issued      product_type, order
//   sheet_reprinted   new_version, reason
//   stage_accepted    checks: [{item, pass, note}]
//   stage_signed_off  (none)
//   nc_raised         code, severity ("minor"|"major"|"critical"), origin_stage, quantity,
//                     disposition, note, and optional found ("control_point" | "during_work" |
//                     "test" | "field"; written only when recorded)
//   nc_corrected      nc (UUIDv7 of the nc_raised event), note
//   nc_verified       nc, note
//   unit_held         reason
//   unit_released     note
//
// Decoding is strict; every refusal is InvalidArgument and names the field:
//   - "v" must be kProtocolVersion ("unsupported protocol version 2 (this build speaks 1)");
//   - "type" must be one of the names above; a field the type does not have is refused
//     ("unknown field 'foo' in stage_signed_off event");
//   - station, stage, stamp, actor and every note (including checks[i].note) may be omitted and
//     default to ""; every other field is required;
//   - strings must be JSON strings, integers JSON integers (1.0 is refused), pass a boolean;
//   - the limits of validate_event below hold.
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "shared/event.h"
#include "shared/sheet_payload.h"
#include "shared/status.h"

namespace stampline {

inline constexpr int kProtocolVersion = 1;

// Limits of protocol v1.
inline constexpr std::size_t kMaxCodeBytes = 64;    // serial, station, stage, stamp, actor, codes
inline constexpr std::size_t kMaxTextBytes = 2000;  // notes and reasons
inline constexpr std::size_t kMaxChecks = 100;      // checks of one stage_accepted event
inline constexpr int kMaxQuantity = 1'000'000;      // nc_raised quantity is 1..kMaxQuantity
// sheet_version is 1..kMaxSheetVersion (sheet_payload.h), new_version 2..kMaxSheetVersion.
inline constexpr std::size_t kMaxEventTextBytes = 1 << 20;  // parse_event_text input

// Ok when event is within the limits of protocol v1; otherwise InvalidArgument naming the field:
//   - id and nc are UUIDs of version 7 (variant 10);
//   - terminal_time (and corrected_time, when present) lies in the years 0001..9999;
//   - serial, product_type, code and checks[i].item are not empty;
//   - serial, station, stage, stamp, actor, product_type, order, code, origin_stage, disposition
//     and checks[i].item have at most kMaxCodeBytes bytes; notes and reasons kMaxTextBytes;
//   - at most kMaxChecks checks; sheet_version 1..999; new_version 2..999; quantity 1..1,000,000;
//   - every string is valid UTF-8 (no overlong forms, surrogates or code points above U+10FFFF)
//     and contains no control character (U+0000..U+001F, U+007F..U+009F; newlines included).
// Terminals call it before storing an event they made; event_from_json calls it on what it reads.
Status validate_event(const Event& event);

// The JSON object of event, every field present (defaults written out). Does not validate.
nlohmann::json event_to_json(const Event& event);

// Decodes and validates one event object (see the rules above).
Result<Event> event_from_json(const nlohmann::json& json);

// Parses one event from JSON text (UTF-8) and decodes it with event_from_json. Malformed JSON,
// invalid UTF-8, a duplicate key, nesting deeper than the protocol has, or text longer than
// kMaxEventTextBytes is InvalidArgument; a syntax error names its byte position (counted from 1,
// at the end of the token that broke the syntax).
Result<Event> parse_event_text(std::string_view text);

}  // namespace stampline
