// Registers route handlers on the cpp-httplib server under a route template used for metrics
// and logs ("GET /api/v1/units/{serial}/trail"). Every handler runs inside a guard that turns an
// escaping exception into a 500 JSON error.
#pragma once

#include <httplib.h>

#include <functional>
#include <string>

namespace stampline::server {

class Router {
public:
    using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

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
