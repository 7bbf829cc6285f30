#include "server/http/router.h"

namespace stampline::server {

void Router::add(const char* method, const std::string& pattern, const std::string& label,
                 Handler handler) {
    routes_.push_back(
        {method, std::regex(pattern), std::string(method) + " " + label, std::move(handler)});
}

void Router::get(const std::string& pattern, const std::string& label, Handler handler) {
    add("GET", pattern, label, std::move(handler));
}
void Router::post(const std::string& pattern, const std::string& label, Handler handler) {
    add("POST", pattern, label, std::move(handler));
}
void Router::put(const std::string& pattern, const std::string& label, Handler handler) {
    add("PUT", pattern, label, std::move(handler));
}
void Router::del(const std::string& pattern, const std::string& label, Handler handler) {
    add("DELETE", pattern, label, std::move(handler));
}

const Router::Route* Router::find(HttpRequest& req) const {
    const std::string& method = req.method == "HEAD" ? std::string("GET") : req.method;
    for (const Route& route : routes_) {
        if (route.method != method) continue;
        std::smatch m;
        if (!std::regex_match(req.path, m, route.pattern)) continue;
        req.matches.clear();
        for (const auto& group : m) req.matches.push_back({group.str()});
        return &route;
    }
    return nullptr;
}

}  // namespace stampline::server
