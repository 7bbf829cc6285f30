// A request's target and form body read into HttpRequest's path and parameters, the way the
// routes were written to expect (cpp-httplib's reading): the path percent-decoded ('+' stays),
// query and form parameters percent-decoded with '+' as a space, in the order sent.
#pragma once
#include <string>
#include <string_view>

#include "server/http/http_types.h"

namespace stampline::server {

// "%41+b" -> "A+b", or "A b" with plus_is_space. A '%' not followed by two hex digits is kept.
std::string percent_decode(std::string_view text, bool plus_is_space);

// Sets req.path and adds the query's parameters ("a=1&b&a=2") to req.params, from req.target.
void parse_target(HttpRequest& req);

// For a body of Content-Type application/x-www-form-urlencoded: its parameters added to
// req.params. Other bodies are left alone.
void add_form_params(HttpRequest& req);

}  // namespace stampline::server
