// What the server knows about the request being handled on the current thread: opened when
// HttpService takes the request, filled in by the router and the auth check, closed by the
// access log. A request runs from routing to logging on one worker thread, so a thread-local
// is enough to carry it between those steps.
#pragma once

#include <chrono>
#include <string>

namespace stampline::server {

struct RequestScope {
    bool open = false;                // false for requests rejected before routing
    std::string id;                   // request id, also sent as X-Request-Id
    std::string route = "unmatched";  // route template for metrics, e.g. "GET /api/v1/stamps"
    std::string token;                // id of the authenticated token, "" when none
    std::chrono::steady_clock::time_point start;
};

// The scope of the calling thread's request.
RequestScope& current_request();

}  // namespace stampline::server
