#include "server/http/http_types.h"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace stampline::server {

namespace {

template <typename Map>
std::string nth_value(const Map& map, const std::string& key, std::size_t id) {
    const auto [first, last] = map.equal_range(key);
    if (static_cast<std::size_t>(std::distance(first, last)) <= id) return "";
    return std::next(first, static_cast<std::ptrdiff_t>(id))->second;
}

}  // namespace

bool HeaderNameLess::operator()(const std::string& a, const std::string& b) const {
    return std::lexicographical_compare(
        a.begin(), a.end(), b.begin(), b.end(),
        [](unsigned char x, unsigned char y) { return std::tolower(x) < std::tolower(y); });
}

bool HttpRequest::has_param(const std::string& key) const {
    return params.count(key) > 0;
}

std::string HttpRequest::get_param_value(const std::string& key, std::size_t id) const {
    return nth_value(params, key, id);
}

std::size_t HttpRequest::get_param_value_count(const std::string& key) const {
    return params.count(key);
}

bool HttpRequest::has_header(const std::string& key) const {
    return headers.count(key) > 0;
}

std::string HttpRequest::get_header_value(const std::string& key, std::size_t id) const {
    return nth_value(headers, key, id);
}

void HttpResponse::set_header(const std::string& key, const std::string& value) {
    headers.erase(key);
    headers.emplace(key, value);
}

void HttpResponse::set_content(std::string content, const std::string& content_type) {
    body = std::move(content);
    set_header("Content-Type", content_type);
}

std::string HttpResponse::get_header_value(const std::string& key) const {
    return nth_value(headers, key, 0);
}

}  // namespace stampline::server
