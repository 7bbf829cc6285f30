#include "server/web/web_text.h"

#include <algorithm>
#include <array>

namespace stampline::server::web {

namespace {

struct Entry {
    const char* key;
    const char* ru;
    const char* en;
};

// Sorted by key (checked by a test), so that lookups can bisect.
constexpr Entry kText[] = {
#include "server/web/web_text_table.inc"
};

}  // namespace

std::string wt(WebLang lang, std::string_view key) {
    const auto* it = std::lower_bound(
        std::begin(kText), std::end(kText), key,
        [](const Entry& e, std::string_view k) { return std::string_view(e.key) < k; });
    if (it == std::end(kText) || it->key != key) return std::string(key);
    return lang == WebLang::Ru ? it->ru : it->en;
}

bool has_web_text(std::string_view key) {
    for (const Entry& e : kText)
        if (e.key == key) return *e.ru != '\0' && *e.en != '\0';
    return false;
}

std::size_t web_text_count() {
    return std::size(kText);
}
std::string_view web_text_key(std::size_t i) {
    return kText[i].key;
}

const char* web_lang_code(WebLang lang) {
    return lang == WebLang::Ru ? "ru" : "en";
}

bool parse_web_lang(std::string_view code, WebLang* out) {
    if (code == "ru") {
        *out = WebLang::Ru;
    } else if (code == "en") {
        *out = WebLang::En;
    } else {
        return false;
    }
    return true;
}

}  // namespace stampline::server::web
