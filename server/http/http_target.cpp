#include "server/http/http_target.h"

#include "shared/sha256.h"

namespace stampline::server {

namespace {

void add_params(std::string_view text, HttpParams& params) {
    while (!text.empty()) {
        const std::size_t amp = text.find('&');
        const std::string_view pair = text.substr(0, amp);
        text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        std::string key = percent_decode(pair.substr(0, eq), true);
        if (key.empty()) continue;
        std::string value = eq == std::string_view::npos
                                ? std::string{}
                                : percent_decode(pair.substr(eq + 1), true);
        params.emplace(std::move(key), std::move(value));
    }
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 2 < text.size()) {
            const int hi = hex_digit_value(text[i + 1]), lo = hex_digit_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
    return out;
}

void parse_target(HttpRequest& req) {
    const std::string_view target = req.target;
    const std::size_t q = target.find('?');
    req.path = percent_decode(target.substr(0, q), false);
    if (q != std::string_view::npos) add_params(target.substr(q + 1), req.params);
}

void add_form_params(HttpRequest& req) {
    const std::string type = req.get_header_value("Content-Type");
    if (type.rfind("application/x-www-form-urlencoded", 0) != 0) return;
    add_params(req.body, req.params);
}

}  // namespace stampline::server
