// The server's own HTTP request and response (server/http/http_types.h), as the routes use them:
// header names without regard to case, the n-th value of a repeated parameter, set_header
// replacing rather than adding.
#include "server/http/http_types.h"

#include <doctest/doctest.h>

namespace stampline::server {

TEST_CASE("request headers are found whatever the case of their names") {
    HttpRequest req;
    req.headers.emplace("Content-Type", "application/json");
    req.headers.emplace("x-terminal-time", "2026-12-06T10:00:00.000Z");
    CHECK(req.has_header("content-type"));
    CHECK(req.get_header_value("CONTENT-TYPE") == "application/json");
    CHECK(req.get_header_value("X-Terminal-Time") == "2026-12-06T10:00:00.000Z");
    CHECK_FALSE(req.has_header("Authorization"));
    CHECK(req.get_header_value("Authorization").empty());
}

TEST_CASE("a repeated parameter gives each value by its index, and nothing past the last") {
    HttpRequest req;
    req.params.emplace("stage", "ASSEMBLY");
    req.params.emplace("stage", "WIRING");
    CHECK(req.has_param("stage"));
    CHECK(req.get_param_value_count("stage") == 2);
    CHECK(req.get_param_value("stage") == "ASSEMBLY");
    CHECK(req.get_param_value("stage", 1) == "WIRING");
    CHECK(req.get_param_value("stage", 2).empty());
    CHECK_FALSE(req.has_param("Stage"));  // parameters, unlike headers, are case-sensitive
}

TEST_CASE("set_header replaces a header's value and set_content sets the body and its type") {
    HttpResponse res;
    res.set_header("Cache-Control", "no-store");
    res.set_header("cache-control", "max-age=60");
    CHECK(res.headers.size() == 1);
    CHECK(res.get_header_value("Cache-Control") == "max-age=60");
    res.set_content("{}", "application/json");
    CHECK(res.body == "{}");
    CHECK(res.get_header_value("content-type") == "application/json");
    CHECK(res.status == -1);
}

}  // namespace stampline::server
