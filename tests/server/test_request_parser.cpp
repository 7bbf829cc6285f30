// The Beast engine's request parser (server/http/engine/request_parser.h) fed bytes as a socket
// would: whole, split anywhere, or trickled. Each framing case answers as RFC 9112 says, and each
// limit refuses with its status before the request goes further.
#include <doctest/doctest.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <string>

#include "server/http/engine/request_parser.h"

namespace stampline::server::engine {

namespace {

namespace http = boost::beast::http;

struct Parsed {
    bool done = false;
    int status = 0;  // the refusal's, 0 when none
    std::size_t used = 0;
    HttpRequest req;
    bool keep_alive = false;
    bool continue_expected = false;
};

// Feeds `wire` in pieces of `piece` bytes, as reads would deliver it.
Parsed parse(std::string_view wire, std::size_t piece = 1 << 20, RequestLimits limits = {}) {
    RequestParser p(limits);
    p.eager(true);
    Parsed out;
    std::string pending;
    std::size_t offered = 0;
    while (!p.is_done()) {
        if (offered < wire.size()) {
            const std::size_t n = std::min(piece, wire.size() - offered);
            pending.append(wire.substr(offered, n));
            offered += n;
        }
        boost::beast::error_code ec;
        const std::size_t used = p.put(boost::asio::buffer(pending), ec);
        pending.erase(0, used);
        out.used += used;
        if (ec == http::error::need_more || (!ec && used == 0)) {
            if (offered == wire.size()) break;  // the client stopped here
            continue;
        }
        if (ec) {
            out.status = p.refusal_status(ec);
            return out;
        }
        if (p.is_header_done()) out.continue_expected = p.expects_continue();
    }
    out.done = p.is_done();
    if (out.done) out.keep_alive = p.keep_alive();
    out.req = p.request();
    return out;
}

std::string fields(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += "X-F" + std::to_string(i) + ": v\r\n";
    return out;
}

}  // namespace

TEST_CASE("a GET's decoded path, query parameters and headers are read, and it keeps alive") {
    const Parsed p = parse(
        "GET /api/v1/units/26%2F11/trail?stage=WIRING&stage=TEST&q=a+b%21 HTTP/1.1\r\n"
        "Host: srv\r\nAuthorization: Bearer t\r\n\r\n");
    REQUIRE(p.done);
    CHECK(p.req.method == "GET");
    CHECK(p.req.target == "/api/v1/units/26%2F11/trail?stage=WIRING&stage=TEST&q=a+b%21");
    CHECK(p.req.path == "/api/v1/units/26/11/trail");
    CHECK(p.req.get_param_value_count("stage") == 2);
    CHECK(p.req.get_param_value("stage", 1) == "TEST");
    CHECK(p.req.get_param_value("q") == "a b!");
    CHECK(p.req.get_header_value("authorization") == "Bearer t");
    CHECK(p.keep_alive);
}

TEST_CASE("a body by Content-Length and a chunked body read the same, split at any byte") {
    const std::string by_length =
        "POST /api/v1/events HTTP/1.1\r\nHost: s\r\nContent-Length: 11\r\n\r\nhello world";
    const std::string chunked =
        "POST /api/v1/events HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
    for (const std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
        CAPTURE(piece);
        const Parsed a = parse(by_length, piece), b = parse(chunked, piece);
        REQUIRE(a.done);
        REQUIRE(b.done);
        CHECK(a.req.body == "hello world");
        CHECK(b.req.body == "hello world");
    }
}

TEST_CASE("a form body's parameters join the query's") {
    const std::string body = "token=slt_1&next=%2Fweb%2Funits";
    const Parsed p = parse(
        "POST /web/login?lang=ru HTTP/1.1\r\nHost: s\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body);
    REQUIRE(p.done);
    CHECK(p.req.get_param_value("lang") == "ru");
    CHECK(p.req.get_param_value("token") == "slt_1");
    CHECK(p.req.get_param_value("next") == "/web/units");
}

TEST_CASE("Content-Length with Transfer-Encoding is refused with 400, in either order") {
    CHECK(parse("POST / HTTP/1.1\r\nHost: s\r\nContent-Length: 5\r\n"
                "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
              .status == 400);
    CHECK(parse("POST / HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked\r\n"
                "Content-Length: 5\r\n\r\n0\r\n\r\n")
              .status == 400);
    // With a coding Beast would otherwise take as "no body" and read as the next request.
    CHECK(parse("POST / HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: gzip\r\n"
                "Content-Length: 5\r\n\r\nhello")
              .status == 400);
}

TEST_CASE("differing Content-Length values are refused with 400, the same one twice is read") {
    CHECK(parse("POST / HTTP/1.1\r\nHost: s\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
                "hello!")
              .status == 400);
    CHECK(parse("POST / HTTP/1.1\r\nHost: s\r\nContent-Length: 5, 6\r\n\r\nhello!").status == 400);
    const Parsed same =
        parse("POST / HTTP/1.1\r\nHost: s\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello");
    REQUIRE(same.done);
    CHECK(same.req.body == "hello");
}

TEST_CASE("a transfer coding other than chunked is refused, and any on HTTP/1.0") {
    CHECK(parse("POST / HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: gzip\r\n\r\nxx").status == 501);
    CHECK(parse("POST / HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked, gzip\r\n\r\n").status ==
          501);
    CHECK(parse("POST / HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked\r\n"
                "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
              .status == 400);
    CHECK(parse("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").status == 400);
    const Parsed upper =
        parse("POST / HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n");
    CHECK(upper.done);
}

TEST_CASE(
    "HTTP/1.1 without Host is refused with 400, while HTTP/1.0 needs none and closes unless "
    "asked") {
    CHECK(parse("GET / HTTP/1.1\r\n\r\n").status == 400);
    const Parsed closes = parse("GET /healthz HTTP/1.0\r\n\r\n");
    REQUIRE(closes.done);
    CHECK_FALSE(closes.keep_alive);
    const Parsed keeps = parse("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    REQUIRE(keeps.done);
    CHECK(keeps.keep_alive);
}

TEST_CASE(
    "a header over the field count or size is refused with 431, even trickled a field at a "
    "time") {
    const std::string start = "GET / HTTP/1.1\r\nHost: s\r\n";
    CHECK(parse(start + fields(99) + "\r\n").done);
    CHECK(parse(start + fields(100) + "\r\n").status == 431);
    // One field per read, as a slow client sends it.
    CHECK(parse(start + fields(5000) + "\r\n", 9).status == 431);
    RequestLimits small;
    small.max_header_bytes = 1024;
    small.max_header_fields = 1000;
    CHECK(parse(start + fields(200) + "\r\n", 9, small).status == 431);
    CHECK(parse(start + "X-Big: " + std::string(2000, 'a') + "\r\n\r\n", 1 << 20, small).status ==
          431);
}

TEST_CASE("a request target over the limit is refused with 414") {
    RequestLimits limits;
    limits.max_target_bytes = 100;
    CHECK(parse("GET /" + std::string(99, 'a') + " HTTP/1.1\r\nHost: s\r\n\r\n", 1 << 20, limits)
              .done);
    CHECK(parse("GET /" + std::string(100, 'a') + " HTTP/1.1\r\nHost: s\r\n\r\n", 1 << 20, limits)
              .status == 414);
}

TEST_CASE("a body over the limit is refused with 413, by its Content-Length or as chunks arrive") {
    RequestLimits limits;
    limits.max_body_bytes = 10;
    CHECK(
        parse("POST / HTTP/1.1\r\nHost: s\r\nContent-Length: 11\r\n\r\n", 1 << 20, limits).status ==
        413);
    CHECK(parse("POST / HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked\r\n\r\n"
                "6\r\nhello \r\n6\r\nworld!\r\n0\r\n\r\n",
                1 << 20, limits)
              .status == 413);
    CHECK(
        parse("POST / HTTP/1.1\r\nHost: s\r\nContent-Length: 10\r\n\r\n0123456789", 1 << 20, limits)
            .done);
}

TEST_CASE("Expect 100-continue is noted on HTTP/1.1, another expectation is refused with 417") {
    CHECK(parse("POST / HTTP/1.1\r\nHost: s\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
              .continue_expected);
    CHECK(parse("POST / HTTP/1.1\r\nHost: s\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok")
              .done);
    CHECK(parse("POST / HTTP/1.1\r\nHost: s\r\nExpect: something\r\nContent-Length: 2\r\n\r\nok")
              .status == 417);
}

TEST_CASE("of two pipelined requests the parser takes the first and leaves the second's bytes") {
    const std::string first = "POST /a HTTP/1.1\r\nHost: s\r\nContent-Length: 2\r\n\r\nok";
    const std::string second = "GET /b HTTP/1.1\r\nHost: s\r\n\r\n";
    const Parsed p = parse(first + second);
    REQUIRE(p.done);
    CHECK(p.req.path == "/a");
    CHECK(p.used == first.size());
    CHECK(parse(second).req.path == "/b");
}

TEST_CASE("a malformed request line or field is refused with 400") {
    CHECK(parse("GET / HTTP/1.1\r\nHost: s\r\nBad Name: v\r\n\r\n").status == 400);
    CHECK(parse("GET / HTTP/2.0\r\nHost: s\r\n\r\n").status == 400);
    CHECK(parse("GET / HTTP/1.1\nHost: s\n\n").status == 400);
}

}  // namespace stampline::server::engine
