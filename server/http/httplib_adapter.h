// cpp-httplib's request and response to and from the server's own (http_types.h). Only the files
// that speak to the engine (router.cpp, api_server.cpp) include this; issue 14 replaces them.
#pragma once
#include <httplib.h>

#include "server/http/http_types.h"

namespace stampline::server {

HttpRequest from_httplib(const httplib::Request& req);
// Copies status (when set), headers and body onto the engine's response.
void to_httplib(HttpResponse&& res, httplib::Response& out);

}  // namespace stampline::server
