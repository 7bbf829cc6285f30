#include "shared/identity.h"

#include <string>

#include "shared/utf8_text.h"

namespace stampline {

namespace {

struct Rule {
    std::size_t max_len;
    bool dash_underscore;  // '-' and '_' allowed too
    const char* allowed;   // for the message
};

Rule rule_of(IdentityKind kind) {
    switch (kind) {
        case IdentityKind::Serial:
        case IdentityKind::Order: return {20, false, "A-Z, 0-9"};
        case IdentityKind::ProductType: return {16, false, "A-Z, 0-9"};
        case IdentityKind::Stamp: return {12, false, "A-Z, 0-9"};
        case IdentityKind::Code: return {32, true, "A-Z, 0-9, '-', '_'"};
    }
    return {0, false, ""};
}

bool allowed(char c, const Rule& rule) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (rule.dash_underscore && (c == '-' || c == '_'));
}

// The character of text at byte i as a person may see it: itself when printable ASCII, else
// "U+XXXX" (or the byte when text is not UTF-8 there).
std::string shown_char(std::string_view text, std::size_t i) {
    const std::string one = visible_text(text.substr(i, code_point_length(text, i)));
    if (one.size() == 1) return "'" + one + "'";
    if (one.front() == '<' && one.back() == '>' && one.find('<', 1) == std::string::npos)
        return one.substr(1, one.size() - 2);  // "U+202E" or "0xFF"
    return "'" + one + "'";                    // a printable non-ASCII letter, e.g. 'Ж'
}

}  // namespace

Status check_identity(IdentityKind kind, std::string_view field, std::string_view value) {
    const Rule rule = rule_of(kind);
    const std::string name(field);
    if (value.empty()) return invalid(name + " is empty");
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (!allowed(value[i], rule)) {
            return invalid(name + " '" + visible_text(value.substr(0, 64)) + "' contains " +
                           shown_char(value, i) + " (allowed: " + rule.allowed + ")");
        }
    }
    if (value.size() > rule.max_len)
        return invalid(name + " '" + std::string(value.substr(0, 64)) + "' is " +
                       std::to_string(value.size()) + " characters long (at most " +
                       std::to_string(rule.max_len) + ")");
    return Status::ok();
}

}  // namespace stampline
