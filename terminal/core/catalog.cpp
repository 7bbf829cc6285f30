#include "terminal/core/catalog.h"

#include <map>

#include "terminal/core/catalog_tables.h"

namespace stampline::terminal {

namespace {

const std::map<std::string_view, const CatalogEntry*>& index() {
    static const auto built = [] {
        std::map<std::string_view, const CatalogEntry*> m;
        for (const auto table : {core_catalog(), screen_catalog(), next_steps_catalog()})
            for (const CatalogEntry& e : table) m.emplace(e.key, &e);
        return m;
    }();
    return built;
}

}  // namespace

std::string_view tr(Language lang, std::string_view key) {
    const auto it = index().find(key);
    if (it == index().end()) return key;
    return lang == Language::En ? it->second->en : it->second->ru;
}

std::string tr(Language lang, const Message& message) {
    const std::string_view text = tr(lang, message.key);
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}' && text[i + 1] >= '0' &&
            text[i + 1] <= '9') {
            const std::size_t arg = static_cast<std::size_t>(text[i + 1] - '0');
            if (arg < message.args.size()) out += message.args[arg];
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string_view next_step(Language lang, std::string_view key) {
    const std::string next = std::string(key) + ".next";
    const auto it = index().find(next);
    if (it == index().end()) return {};
    return lang == Language::En ? it->second->en : it->second->ru;
}

bool has_message(std::string_view key) {
    const auto it = index().find(key);
    return it != index().end() && *it->second->ru && *it->second->en;
}

const char* language_code(Language lang) {
    return lang == Language::En ? "en" : "ru";
}

bool parse_language(std::string_view code, Language* out) {
    if (code == "ru")
        *out = Language::Ru;
    else if (code == "en")
        *out = Language::En;
    else
        return false;
    return true;
}

}  // namespace stampline::terminal
