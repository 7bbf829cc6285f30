// What an HTTP engine hands each request to, and how it reports a request it refused itself.
// Engine-neutral: the engine parses and frames, this routes, guards, logs and counts.
//
// Both calls may be made from any thread, several at once. Each runs a request from start to
// log line on the calling thread (RequestScope is thread-local).
#pragma once

#include <string>

#include "server/http/api_context.h"
#include "server/http/http_types.h"
#include "server/http/router.h"

namespace stampline::server {

class HttpService {
public:
    HttpService(const Router& router, ApiContext& ctx) : router_(router), ctx_(ctx) {}

    // The routed answer, with X-Request-Id and X-Server-Time (the server's clock once the
    // answer is made: how a terminal measures its offset). No route: 404; an exception
    // escaping a route: 500 naming the request id, never its text. An error status with no
    // body gets the API's JSON error shape. The body stays on a HEAD answer; the engine drops it.
    HttpResponse handle(HttpRequest& req);

    // The answer to a request the engine refused before routing (malformed, too large, framing
    // it cannot trust) or could not take (503: too many bodies at once): status 400, 408, 413,
    // 414, 431 or 503 with a JSON error. `req` holds what
    // was read of it (possibly nothing).
    HttpResponse refuse(int status, const HttpRequest& req);

    // Where the engine counts its connections.
    Metrics& metrics() { return ctx_.metrics; }

private:
    void finish(const HttpRequest& req, HttpResponse& res);
    const Router& router_;
    ApiContext& ctx_;
};

}  // namespace stampline::server
