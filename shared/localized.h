// Text in the plant's two languages.
#pragma once

#include <string>
#include <string_view>

namespace stampline {

struct LocalText {
    std::string ru;
    std::string en;
    // The text in `lang` ("ru" or "en"); falls back to the other language when empty.
    const std::string& in(std::string_view lang) const {
        if (lang == "en") return en.empty() ? ru : en;
        return ru.empty() ? en : ru;
    }
};

}  // namespace stampline
