// The canonical text of an event (the bytes the event log hashes, hash_chain.h) written and read
// without building a JSON document: the server writes it for every accepted event and reads it
// back for every unit trail, so both are on the ingest path and in every trail query.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/event.h"
#include "shared/status.h"

namespace stampline {

// The canonical text of event:
//   - event_to_json(event) with every field present, defaults written out ("" for empty strings,
//     [] for no checks), so two equal events give identical bytes;
//   - compact: no whitespace at all;
//   - object keys in ascending byte order, at every level; array elements in event order;
//   - strings as UTF-8 bytes, not \u-escaped; only '"', '\\' and control characters are escaped
//     (validate_event refuses control characters, so a valid event has only \" and \\);
//   - numbers are integers in plain decimal (no floats, exponents or leading zeros); booleans are
//     true/false; ids are lowercase UUIDs; times are format_utc with milliseconds.
// Example: {"actor":"","id":"0192f3a4-5b6c-7def-8123-456789abcdef","serial":"KSO-000123",
// "sheet_version":1,"stage":"ASSEMBLY","stamp":"017","station":"ST-ASM-1",
// "terminal_time":"2026-11-29T14:19:38.123Z","type":"stage_signed_off","v":1}
// Never throws: an event holding invalid UTF-8 (which validate_event refuses) gets U+FFFD in place
// of the bad bytes. Byte for byte what event_to_json(event).dump() gives with sorted keys and
// U+FFFD replacement; parsing the canonical text gives back an equal event.
std::string canonical_event(const Event& event);

// The event whose canonical text is exactly `text`, or nullopt when text is anything else
// (other whitespace, key order, escapes or fields, or an event validate_event refuses). Whenever
// it returns an event, parse_event_text(text) returns the same event; when it returns nullopt,
// parse_event_text tells what is wrong.
std::optional<Event> read_canonical_event(std::string_view text);

// The same for the canonical event at the start of text, followed by anything: *end is where
// the event's text ends. How a batch of canonical events is read without a JSON document.
std::optional<Event> read_canonical_event_at(std::string_view text, std::size_t* end);

// The events of a batch body (POST /api/v1/events) written exactly as terminals write it,
// {"events":[E,...],"v":1} with every E canonical and at most max_batch of them; nullopt for
// any other body. Whatever it reads, the JSON path (the body parsed as a document, the envelope
// checked, each event through event_from_json) reads the same way; it only saves the document
// (most of a request's CPU time). Any other body is left to that path and its precise errors.
struct CanonicalBatch {
    std::vector<Event> events;
    std::vector<std::string_view> texts;  // texts[i] == canonical_event(events[i]), in the body
};
std::optional<CanonicalBatch> read_canonical_batch(std::string_view body, std::size_t max_batch);

// read_canonical_event, falling back to parse_event_text (event_json.h) for any other text: how
// stored canonical events are read back.
Result<Event> parse_stored_event(std::string_view text);

}  // namespace stampline
