// Rendering outside bytes (scans, payload fields) for messages shown to a person.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace stampline {

// Printable ASCII (0x20..0x7E) is kept as is; control characters become their ASCII name in
// angle brackets (<NUL>, <HT>, <LF>, <CR>, <GS>, ...); DEL and bytes 0x80..0xFF become <0xNN>
// (upper-case hex). A literal '<' in the input is kept, so "<GS>" in the output may be either;
// the message it goes into quotes the whole text, which is enough for a person to act on.
std::string printable(std::string_view bytes);

// As printable() over at most max_bytes input bytes; when the input is longer the result ends
// in "...(+N bytes)". Use it to quote untrusted input in messages without unbounded growth.
std::string printable_clipped(std::string_view bytes, std::size_t max_bytes = 64);

}  // namespace stampline
