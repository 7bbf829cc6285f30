#include "server/http/httplib_adapter.h"

namespace stampline::server {

HttpRequest from_httplib(const httplib::Request& req) {
    HttpRequest r;
    r.method = req.method;
    r.target = req.target;
    r.path = req.path;
    r.params = req.params;
    for (const auto& [name, value] : req.headers) r.headers.emplace(name, value);
    r.body = req.body;
    r.remote_addr = req.remote_addr;
    r.matches.reserve(req.matches.size());
    for (const auto& m : req.matches) r.matches.push_back({m.str()});
    return r;
}

void to_httplib(HttpResponse&& res, httplib::Response& out) {
    if (res.status != -1) out.status = res.status;
    for (auto& [name, value] : res.headers) {
        out.headers.erase(name);
        out.headers.emplace(name, std::move(value));
    }
    out.body = std::move(res.body);
}

}  // namespace stampline::server
