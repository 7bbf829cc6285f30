// Registers route handlers on the HTTP engine under a route template used for metrics and logs
// ("GET /api/v1/units/{serial}/trail"). Handlers see the server's own request and response
// (http_types.h); router.cpp adapts them to the engine. Every handler runs inside a guard that
// turns an escaping exception into a 500 JSON error.
#pragma once

#include <functional>
#include <string>

#include "server/http/http_types.h"

namespace httplib {
class Server;
}

namespace stampline::server {

class Router {
public:
    using Handler = std::function<void(const HttpRequest&, HttpResponse&)>;

    explicit Router(httplib::Server& server) : server_(server) {}

    // `pattern` is a regex over the decoded path; `label` the template for metrics and logs.
    void get(const std::string& pattern, std::string label, Handler handler);
    void post(const std::string& pattern, std::string label, Handler handler);
    void put(const std::string& pattern, std::string label, Handler handler);
    void del(const std::string& pattern, std::string label, Handler handler);

private:
    static Handler guarded(std::string label, Handler handler);
    httplib::Server& server_;
};

}  // namespace stampline::server
