// One HTTP/1.1 request read off the wire into the server's own HttpRequest (http_types.h), on
// Boost.Beast's incremental parser, with the limits and framing rules the stock parser lacks:
// - header: bytes (request line included) and field count (431); request target length (414);
// - framing (RFC 9112 6.1, 6.3): Transfer-Encoding together with Content-Length, more than one
//   Transfer-Encoding field, or any on HTTP/1.0 -> 400; a coding other than exactly "chunked"
//   -> 501; differing Content-Length values -> 400 (Beast); no Host on HTTP/1.1 -> 400;
// - body: over max_body_bytes by Content-Length or as it arrives (chunked) -> 413;
// - Expect: "100-continue" is noted, any other expectation -> 417.
// Every refusal closes the connection: after one, the next request's start is not known.
#pragma once

#include <boost/beast/http/basic_parser.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "server/http/http_types.h"

namespace stampline::server::engine {

struct RequestLimits {
    std::size_t max_header_bytes = 16384;
    std::size_t max_header_fields = 100;
    std::size_t max_target_bytes = 8192;
    std::size_t max_body_bytes = 1 << 20;
};

class RequestParser final : public boost::beast::http::basic_parser<true> {
public:
    explicit RequestParser(const RequestLimits& limits);

    // The status to refuse the request with after the parser (or the read feeding it) failed
    // with `ec`: ours when one of the rules above failed it, else Beast's error mapped.
    int refusal_status(const boost::beast::error_code& ec) const;

    // What was read so far: after is_done(), the whole request (path, query and form
    // parameters, headers, body).
    HttpRequest& request() { return req_; }
    int http_version() const { return version_; }  // 10 or 11
    bool expects_continue() const { return expects_continue_; }
    // The body length the client announced (Content-Length), even when it was refused.
    std::optional<std::uint64_t> announced_length() const { return announced_length_; }

private:
    void refuse(int status, boost::beast::error_code& ec);

    void on_request_impl(boost::beast::http::verb method, boost::beast::string_view method_str,
                         boost::beast::string_view target, int version,
                         boost::beast::error_code& ec) override;
    void on_response_impl(int code, boost::beast::string_view reason, int version,
                          boost::beast::error_code& ec) override;
    void on_field_impl(boost::beast::http::field name, boost::beast::string_view name_string,
                       boost::beast::string_view value, boost::beast::error_code& ec) override;
    void on_header_impl(boost::beast::error_code& ec) override;
    void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                           boost::beast::error_code& ec) override;
    std::size_t on_body_impl(boost::beast::string_view body, boost::beast::error_code& ec) override;
    void on_chunk_header_impl(std::uint64_t size, boost::beast::string_view extensions,
                              boost::beast::error_code& ec) override;
    std::size_t on_chunk_body_impl(std::uint64_t remain, boost::beast::string_view body,
                                   boost::beast::error_code& ec) override;
    void on_finish_impl(boost::beast::error_code& ec) override;

    RequestLimits limits_;
    HttpRequest req_;
    int version_ = 11;
    std::size_t header_bytes_ = 0;
    std::size_t fields_ = 0;
    int transfer_encodings_ = 0;
    std::string transfer_encoding_;
    bool content_length_ = false;
    std::optional<std::uint64_t> announced_length_;
    bool host_ = false;
    std::string expect_;
    bool expects_continue_ = false;
    int refusal_ = 0;  // our own refusal's status, 0 when none
};

}  // namespace stampline::server::engine
