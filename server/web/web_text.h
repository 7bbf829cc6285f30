// The text of the web pages in Russian and English, from one table (web_text.cpp). A key
// missing from the table shows as the key itself; a test checks every key the pages use.
#pragma once

#include <string>
#include <string_view>

namespace stampline::server::web {

enum class WebLang { Ru, En };

// The text for key in lang; the key itself when the table has none.
std::string wt(WebLang lang, std::string_view key);
// True when the table has the key with both languages filled.
bool has_web_text(std::string_view key);
// Every key of the table, for the completeness test.
std::size_t web_text_count();
std::string_view web_text_key(std::size_t i);

const char* web_lang_code(WebLang lang);  // "ru" | "en"
bool parse_web_lang(std::string_view code, WebLang* out);

}  // namespace stampline::server::web
