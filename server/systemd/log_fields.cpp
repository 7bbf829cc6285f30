#include "server/systemd/log_fields.h"

#include <algorithm>
#include <cctype>

namespace stampline::server::systemd {

namespace {

bool key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::vector<std::pair<std::string, std::string>> log_fields(std::string_view line) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t i = 0;
    while (i < line.size()) {
        const std::size_t start = i;
        while (i < line.size() && key_char(line[i])) ++i;
        const bool is_key = i > start && i < line.size() && line[i] == '=' &&
                            (start == 0 || line[start - 1] == ' ');
        if (!is_key) {
            while (i < line.size() && line[i] != ' ') {
                if (line[i] == '"') {  // skip a quoted run, spaces and all
                    const std::size_t close = line.find('"', i + 1);
                    i = close == std::string_view::npos ? line.size() : close;
                }
                ++i;
            }
            ++i;
            continue;
        }
        std::string key;
        for (std::size_t k = start; k < i; ++k)
            key.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(line[k]))));
        ++i;  // '='
        std::string value;
        if (i < line.size() && line[i] == '"') {
            const std::size_t close = line.find('"', i + 1);
            const std::size_t end = close == std::string_view::npos ? line.size() : close;
            value = std::string(line.substr(i + 1, end - i - 1));
            i = end + 1;
        } else {
            const std::size_t end = std::min(line.find(' ', i), line.size());
            value = std::string(line.substr(i, end - i));
            i = end;
        }
        if (key.front() != '_') out.emplace_back(std::move(key), std::move(value));
    }
    return out;
}

}  // namespace stampline::server::systemd
