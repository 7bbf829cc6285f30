#include "shared/utf8_text.h"

#include <cstdint>
#include <cstdio>

namespace stampline {

std::optional<std::string> text_problem(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    std::size_t i = 0;
    while (i < text.size()) {
        const unsigned char b = byte(i);
        std::uint32_t cp = 0;
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
        if (b < 0x80) {
            cp = b;
            len = 1;
        } else if (b >= 0xC2 && b <= 0xDF) {
            cp = b & 0x1F;
            len = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            cp = b & 0x0F;
            len = 3;
            if (b == 0xE0) lo = 0xA0;  // no overlong forms
            if (b == 0xED) hi = 0x9F;  // no surrogates
        } else if (b >= 0xF0 && b <= 0xF4) {
            cp = b & 0x07;
            len = 4;
            if (b == 0xF0) lo = 0x90;  // no overlong forms
            if (b == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
        } else {
            return "is not valid UTF-8 (byte " + std::to_string(i) + ")";
        }
        if (i + len > text.size()) return "is not valid UTF-8 (byte " + std::to_string(i) + ")";
        for (std::size_t k = 1; k < len; ++k) {
            const unsigned char c = byte(i + k);
            const unsigned char min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
            if (c < min || c > max) {
                return "is not valid UTF-8 (byte " + std::to_string(i + k) + ")";
            }
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            char code[8];
            std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
            return "contains the control character " + std::string(code) + " (byte " +
                   std::to_string(i) + ")";
        }
        i += len;
    }
    return std::nullopt;
}

}  // namespace stampline
