#include "shared/payload_fields.h"

#include "shared/check_char.h"
#include "shared/printable.h"

namespace stampline::native_payload {

namespace {

bool is_field_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

std::string quote(std::string_view text) {
    return "'" + printable_clipped(text, 96) + "'";
}

std::vector<std::string_view> split(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t sep = text.find(kSeparator, start);
        if (sep == std::string_view::npos) {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, sep - start));
        start = sep + 1;
    }
}

// The first character of value outside 0-9/A-Z, or npos: the identity rule (identity.h) of the
// fields a payload carries, checked on the scanned text before its check character.
std::size_t first_bad_char(std::string_view value) {
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (!is_field_char(value[i])) return i;
    }
    return std::string_view::npos;
}

std::string bad_char_message(std::string_view name, std::string_view value, std::size_t at) {
    return std::string(name) + " " + quote(value) + " contains " + quote(value.substr(at, 1)) +
           " (allowed: A-Z, 0-9)";
}

}  // namespace

std::string to_upper_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

Result<std::vector<std::string>> open(const Frame& frame, std::string_view raw) {
    const std::string text = to_upper_ascii(raw);
    const std::string what = std::string(frame.kind) + " " + quote(raw);
    const std::string expected_start = std::string(frame.prefix) + std::string(frame.format) + "-";
    if (text.empty()) return invalid(std::string(frame.kind) + " is empty");
    if (!text.starts_with(frame.prefix)) {
        return invalid(what + " does not start with '" + expected_start + "'");
    }

    const std::vector<std::string_view> parts = split(text);
    const std::string_view format = std::string_view(parts[0]).substr(frame.prefix.size());
    const bool numeric_format =
        !format.empty() && format.find_first_not_of("0123456789") == std::string_view::npos;
    if (!numeric_format) return invalid(what + " does not start with '" + expected_start + "'");
    if (format != frame.format) {
        return invalid("unsupported " + std::string(frame.kind) + " version " +
                       printable_clipped(format, 8) + " in " + quote(raw) +
                       ": this software reads version " + std::string(frame.format));
    }

    const std::size_t expected_fields = frame.field_names.size() + 1;  // + check character
    const std::size_t fields = parts.size() - 1;
    if (fields != expected_fields) {
        return invalid(what + " has " + std::to_string(fields) + " field" +
                       (fields == 1 ? "" : "s") + ", expected " + std::to_string(expected_fields) +
                       " (" + std::string(frame.field_list) + ")");
    }
    for (std::size_t i = 0; i < frame.field_names.size(); ++i) {
        const std::size_t bad = first_bad_char(parts[i + 1]);
        if (bad != std::string_view::npos) {
            return invalid(what + ": " + bad_char_message(frame.field_names[i], parts[i + 1], bad));
        }
    }

    const std::string_view check = parts.back();
    if (check.size() != 1) {
        return invalid(what + ": check character field " + quote(check) + " has " +
                       std::to_string(check.size()) + " characters, expected 1");
    }
    // Every character before the final '-' is now 0-9, A-Z or '-', so the check exists.
    const std::string_view checked = std::string_view(text).substr(0, text.size() - 2);
    const char expected = mod37_2_check(checked).value_or('?');
    if (check[0] != expected) {
        return invalid(what + ": check character " + quote(check) + " does not match (expected '" +
                       std::string(1, expected) + "'): the code was misread or altered");
    }

    std::vector<std::string> out;
    for (std::size_t i = 1; i + 1 < parts.size(); ++i) out.emplace_back(parts[i]);
    return out;
}

std::string seal(const Frame& frame, std::span<const std::string> fields) {
    std::string text = std::string(frame.prefix) + std::string(frame.format);
    for (const std::string& field : fields) {
        text += kSeparator;
        text += field;
    }
    const char check = mod37_2_check(text).value_or('?');
    text += kSeparator;
    text += check;
    return text;
}

Status check_counter(std::string_view name, int value, int max) {
    if (value < 1 || value > max) {
        return invalid(std::string(name) + " " + std::to_string(value) + " is out of range 1.." +
                       std::to_string(max));
    }
    return Status::ok();
}

Result<int> parse_counter(std::string_view name, std::string_view text, int max) {
    const std::string label = std::string(name) + " " + quote(text);
    if (text.empty()) return invalid(std::string(name) + " is empty");
    if (text.find_first_not_of("0123456789") != std::string_view::npos) {
        return invalid(label + " is not a number (1.." + std::to_string(max) + ")");
    }
    if (text[0] == '0') {
        return invalid(label + (text.size() == 1 ? " is out of range 1.." + std::to_string(max)
                                                 : std::string(" has a leading zero")));
    }
    const std::string max_text = std::to_string(max);
    int value = 0;
    if (text.size() <= max_text.size()) {
        for (char c : text) value = value * 10 + (c - '0');
    }
    if (value < 1 || value > max) {
        return invalid(label + " is out of range 1.." + max_text);
    }
    return value;
}

}  // namespace stampline::native_payload
