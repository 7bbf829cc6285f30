// The rule every text field of the protocol keeps: strict UTF-8 without control characters; and
// how outside text is shown to a person.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stampline {

// Why text is not acceptable as a string value, or nullopt: strict UTF-8 (RFC 3629: no overlong
// forms, surrogates or code points above U+10FFFF) without control characters (U+0000..U+001F,
// U+007F..U+009F). E.g. "is not valid UTF-8 (byte 3)", "contains the control character U+000A
// (byte 0)".
std::optional<std::string> text_problem(std::string_view text);

// Unicode format characters (general category Cf) that change how text around them is shown
// without showing themselves: bidirectional controls (U+202A..U+202E, U+2066..U+2069, U+200E,
// U+200F, U+061C), zero-width characters (U+200B..U+200D, U+2060, U+FEFF), the soft hyphen,
// invisible operators, interlinear annotation and tag characters.
bool is_format_character(std::uint32_t cp);

// The length in bytes of the UTF-8 sequence at text[i] (i < text.size()); 1 when it is not valid
// UTF-8 there.
std::size_t code_point_length(std::string_view text, std::size_t i);

// text as it may be shown to a person in a message or a page: every character as is except
// control and format characters, written "<U+202E>", and bytes that are not UTF-8, "<0xFF>".
// Cyrillic and other printable text is kept.
std::string visible_text(std::string_view text);

}  // namespace stampline
