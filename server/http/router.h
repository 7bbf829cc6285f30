// The server's route table: a handler per method and path pattern, under a route template used
// for metrics and logs ("GET /api/v1/units/{serial}/trail"). Handlers see the server's own
// request and response (http_types.h); no HTTP engine's type appears here. The HTTP service
// (http_service.h) looks routes up and guards them.
#pragma once

#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "server/http/http_types.h"

namespace stampline::server {

class Router {
public:
    using Handler = std::function<void(const HttpRequest&, HttpResponse&)>;

    struct Route {
        std::string method;
        std::regex pattern;  // over the whole decoded path
        std::string label;   // "GET /api/v1/units/{serial}/trail"
        Handler handler;
    };

    // `pattern` is a regex over the decoded path; `label` the template for metrics and logs.
    void get(const std::string& pattern, const std::string& label, Handler handler);
    void post(const std::string& pattern, const std::string& label, Handler handler);
    void put(const std::string& pattern, const std::string& label, Handler handler);
    void del(const std::string& pattern, const std::string& label, Handler handler);

    // The first route added for req's method (HEAD: GET's) whose pattern matches its whole
    // path, with req.matches set to the capture groups; nullptr when none does.
    const Route* find(HttpRequest& req) const;

private:
    void add(const char* method, const std::string& pattern, const std::string& label,
             Handler handler);
    std::vector<Route> routes_;
};

}  // namespace stampline::server
