// The rule every text field of the protocol keeps: strict UTF-8 without control characters.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stampline {

// Why text is not acceptable as a string value, or nullopt: strict UTF-8 (RFC 3629: no overlong
// forms, surrogates or code points above U+10FFFF) without control characters (U+0000..U+001F,
// U+007F..U+009F). E.g. "is not valid UTF-8 (byte 3)", "contains the control character U+000A
// (byte 0)".
std::optional<std::string> text_problem(std::string_view text);

}  // namespace stampline
