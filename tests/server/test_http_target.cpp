// A request target and a form body read into path and parameters (server/http/http_target.h)
// as the routes expect: the path decoded without turning '+' into a space, parameters with it.
#include <doctest/doctest.h>

#include "server/http/http_target.h"

namespace stampline::server {

TEST_CASE("percent-decoding turns %XX into its byte, '+' into a space only for parameters") {
    CHECK(percent_decode("%D0%9A%D0%A1%D0%9E+1", false) == "КСО+1");
    CHECK(percent_decode("%D0%9A%D0%A1%D0%9E+1", true) == "КСО 1");
    CHECK(percent_decode("100%", false) == "100%");
    CHECK(percent_decode("%zz%4", false) == "%zz%4");
}

TEST_CASE("a target's path and its repeated, empty and valueless parameters are kept in order") {
    HttpRequest req;
    req.target = "/api/v1/units/A%20B/trail?x=1&&flag&x=2&=skipped&y=";
    parse_target(req);
    CHECK(req.path == "/api/v1/units/A B/trail");
    CHECK(req.get_param_value_count("x") == 2);
    CHECK(req.get_param_value("x", 1) == "2");
    CHECK(req.has_param("flag"));
    CHECK(req.get_param_value("flag").empty());
    CHECK(req.has_param("y"));
    CHECK(req.params.size() == 4);
}

TEST_CASE("only a form-encoded body adds parameters") {
    HttpRequest json;
    json.headers.emplace("Content-Type", "application/json");
    json.body = "a=1";
    add_form_params(json);
    CHECK(json.params.empty());
    HttpRequest form;
    form.headers.emplace("content-type", "application/x-www-form-urlencoded; charset=UTF-8");
    form.body = "a=1&b=%2F";
    add_form_params(form);
    CHECK(form.get_param_value("b") == "/");
}

}  // namespace stampline::server
