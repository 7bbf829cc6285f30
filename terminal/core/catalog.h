// The message catalog: every user-visible text of the terminal in Russian and English.
// Entries live in two tables (catalog_tables.h): the core's messages (refusals, PIN, scans,
// results) and the screens' labels. A key missing from the catalog shows as the key itself, and
// a test walks every key the core and the screens use.
#pragma once
#include <string>
#include <string_view>

#include "terminal/core/message.h"

namespace stampline::terminal {

// The text for key in lang; the key itself when the catalog has none.
std::string_view tr(Language lang, std::string_view key);
// The message's text with {0}, {1}, ... replaced by its arguments.
std::string tr(Language lang, const Message& message);
// What to do after the message `key` (a refusal): its "<key>.next" entry, empty when none.
std::string_view next_step(Language lang, std::string_view key);
// True when the catalog has the key in both languages.
bool has_message(std::string_view key);
// "ru" / "en", and back (false for anything else).
const char* language_code(Language lang);
bool parse_language(std::string_view code, Language* out);

}  // namespace stampline::terminal
