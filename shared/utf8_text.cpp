#include "shared/utf8_text.h"

#include <cstdint>
#include <cstdio>

namespace stampline {

namespace {

// One code point decoded from text at i: its value and length, or the offset of the first byte
// that makes it invalid (RFC 3629: no overlong forms, surrogates or code points above U+10FFFF).
struct Decoded {
    std::uint32_t cp = 0;
    std::size_t len = 0;  // 0 when invalid
    std::size_t bad = 0;  // when invalid: the offending byte's index in text
};

Decoded decode(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b = byte(i);
    Decoded d;
    unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
    if (b < 0x80) {
        return {b, 1, 0};
    } else if (b >= 0xC2 && b <= 0xDF) {
        d.cp = b & 0x1F;
        d.len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        d.cp = b & 0x0F;
        d.len = 3;
        if (b == 0xE0) lo = 0xA0;  // no overlong forms
        if (b == 0xED) hi = 0x9F;  // no surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
        d.cp = b & 0x07;
        d.len = 4;
        if (b == 0xF0) lo = 0x90;  // no overlong forms
        if (b == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
        return {0, 0, i};
    }
    if (i + d.len > text.size()) return {0, 0, i};
    for (std::size_t k = 1; k < d.len; ++k) {
        const unsigned char c = byte(i + k);
        const unsigned char min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
        if (c < min || c > max) return {0, 0, i + k};
        d.cp = (d.cp << 6) | (c & 0x3F);
    }
    return d;
}

bool is_control(std::uint32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

std::string code_point_name(std::uint32_t cp) {
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
    return code;
}

}  // namespace

std::optional<std::string> text_problem(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const Decoded d = decode(text, i);
        if (d.len == 0) return "is not valid UTF-8 (byte " + std::to_string(d.bad) + ")";
        if (is_control(d.cp)) {
            return "contains the control character " + code_point_name(d.cp) + " (byte " +
                   std::to_string(i) + ")";
        }
        i += d.len;
    }
    return std::nullopt;
}

std::size_t code_point_length(std::string_view text, std::size_t i) {
    const Decoded d = decode(text, i);
    return d.len == 0 ? 1 : d.len;
}

bool is_format_character(std::uint32_t cp) {
    return cp == 0x00AD || cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF ||
           (cp >= 0xFFF9 && cp <= 0xFFFB) || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F);
}

std::string visible_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const Decoded d = decode(text, i);
        if (d.len == 0) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "<0x%02X>", static_cast<unsigned char>(text[i]));
            out += hex;
            ++i;
            continue;
        }
        if (is_control(d.cp) || is_format_character(d.cp))
            out += "<" + code_point_name(d.cp) + ">";
        else
            out.append(text.substr(i, d.len));
        i += d.len;
    }
    return out;
}

}  // namespace stampline
