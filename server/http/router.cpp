#include "server/http/router.h"

#include <spdlog/spdlog.h>

#include "server/http/httplib_adapter.h"
#include "server/http/json_errors.h"
#include "server/http/request_scope.h"

namespace stampline::server {

Router::Handler Router::guarded(std::string label, Handler handler) {
    return [label = std::move(label), handler = std::move(handler)](const HttpRequest& req,
                                                                    HttpResponse& res) {
        current_request().route = label;
        try {
            handler(req, res);
        } catch (const std::exception& ex) {
            spdlog::error("request_id={} route=\"{}\" unhandled exception: {}",
                          current_request().id, label, ex.what());
            send_error(
                res,
                {500, "internal",
                 "internal error; see the server log for request " + current_request().id, ""});
        }
    };
}

namespace {

// The engine's handler for one of ours: the request and response converted at the boundary.
httplib::Server::Handler on_engine(Router::Handler handler) {
    return [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
        HttpResponse out;
        handler(from_httplib(req), out);
        to_httplib(std::move(out), res);
    };
}

}  // namespace

void Router::get(const std::string& pattern, std::string label, Handler handler) {
    server_.Get(pattern, on_engine(guarded("GET " + label, std::move(handler))));
}
void Router::post(const std::string& pattern, std::string label, Handler handler) {
    server_.Post(pattern, on_engine(guarded("POST " + label, std::move(handler))));
}
void Router::put(const std::string& pattern, std::string label, Handler handler) {
    server_.Put(pattern, on_engine(guarded("PUT " + label, std::move(handler))));
}
void Router::del(const std::string& pattern, std::string label, Handler handler) {
    server_.Delete(pattern, on_engine(guarded("DELETE " + label, std::move(handler))));
}

}  // namespace stampline::server
