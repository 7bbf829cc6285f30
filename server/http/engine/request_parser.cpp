#include "server/http/engine/request_parser.h"

#include <boost/beast/http/error.hpp>
#include <cctype>
#include <charconv>

#include "server/http/http_target.h"

namespace stampline::server::engine {

namespace http = boost::beast::http;
using boost::beast::error_code;

namespace {

bool equals_lower(std::string_view text, std::string_view lower) {
    if (text.size() != lower.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != lower[i]) return false;
    return true;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

RequestParser::RequestParser(const RequestLimits& limits) : limits_(limits) {
    // Beast's header limit is on the bytes it holds before the header is whole (it parses the
    // fields only then); ours counts the fields and their bytes as they are parsed.
    header_limit(static_cast<std::uint32_t>(limits.max_header_bytes + 1));
    body_limit(static_cast<std::uint64_t>(limits.max_body_bytes));
}

void RequestParser::refuse(int status, error_code& ec) {
    refusal_ = status;
    ec = http::error::bad_value;
}

int RequestParser::refusal_status(const error_code& ec) const {
    if (refusal_ != 0) return refusal_;
    // Beast parses a header only once it has all of it, so a request line longer than the
    // whole header's limit is refused as a header too large.
    if (ec == http::error::header_limit) return 431;
    if (ec == http::error::buffer_overflow) return is_header_done() ? 413 : 431;
    if (ec == http::error::body_limit) return 413;
    return 400;
}

void RequestParser::on_request_impl(http::verb, boost::beast::string_view method_str,
                                    boost::beast::string_view target, int version, error_code& ec) {
    if (target.size() > limits_.max_target_bytes) return refuse(414, ec);
    version_ = version;
    req_.method = std::string(method_str);
    req_.target = std::string(target);
    header_bytes_ = method_str.size() + target.size() + 11;  // "M T HTTP/1.1\r\n"
}

void RequestParser::on_response_impl(int, boost::beast::string_view, int, error_code& ec) {
    ec = http::error::bad_method;  // never called for a request parser
}

void RequestParser::on_field_impl(http::field name, boost::beast::string_view name_string,
                                  boost::beast::string_view value, error_code& ec) {
    header_bytes_ += name_string.size() + value.size() + 4;  // "N: V\r\n"
    if (++fields_ > limits_.max_header_fields || header_bytes_ > limits_.max_header_bytes)
        return refuse(431, ec);
    switch (name) {
        case http::field::transfer_encoding:
            ++transfer_encodings_;
            transfer_encoding_ = std::string(value);
            break;
        case http::field::content_length: {
            content_length_ = true;
            const std::string_view digits = trimmed(value);
            std::uint64_t n = 0;
            if (std::from_chars(digits.data(), digits.data() + digits.size(), n).ec == std::errc{})
                announced_length_ = n;
            break;
        }
        case http::field::host: host_ = true; break;
        case http::field::expect: expect_ = std::string(value); break;
        default: break;
    }
    req_.headers.emplace(std::string(name_string), std::string(value));
}

void RequestParser::on_header_impl(error_code& ec) {
    if (transfer_encodings_ > 0) {
        if (version_ < 11 || transfer_encodings_ > 1 || content_length_) return refuse(400, ec);
        if (!equals_lower(trimmed(transfer_encoding_), "chunked")) return refuse(501, ec);
    }
    if (version_ >= 11 && !host_) return refuse(400, ec);
    if (!expect_.empty()) {
        if (!equals_lower(trimmed(expect_), "100-continue")) return refuse(417, ec);
        expects_continue_ = version_ >= 11;
    }
    server::parse_target(req_);
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                      error_code& ec) {
    if (content_length) {
        if (*content_length > limits_.max_body_bytes) return refuse(413, ec);
        req_.body.reserve(static_cast<std::size_t>(*content_length));
    }
}

std::size_t RequestParser::on_body_impl(boost::beast::string_view body, error_code& ec) {
    if (req_.body.size() + body.size() > limits_.max_body_bytes) {
        refuse(413, ec);
        return 0;
    }
    req_.body.append(body);
    return body.size();
}

void RequestParser::on_chunk_header_impl(std::uint64_t size, boost::beast::string_view,
                                         error_code& ec) {
    if (size > limits_.max_body_bytes - req_.body.size()) refuse(413, ec);
}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                              error_code& ec) {
    return on_body_impl(body, ec);
}

void RequestParser::on_finish_impl(error_code&) {
    add_form_params(req_);
}

}  // namespace stampline::server::engine
