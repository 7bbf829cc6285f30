#include "server/http/http_service.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>

#include "server/http/json_errors.h"
#include "server/http/metrics.h"
#include "server/http/request_scope.h"

namespace stampline::server {

namespace {

RequestScope& open_scope(UuidV7Generator& ids) {
    RequestScope& scope = current_request();
    scope = RequestScope{};
    scope.open = true;
    scope.id = to_string(ids.next());
    scope.start = std::chrono::steady_clock::now();
    return scope;
}

// The API's JSON error for a status that has no body of its own.
void fill_error(const ApiOptions& options, const HttpRequest& req, HttpResponse& res) {
    switch (res.status) {
        case 404:
            send_error(res, {404, "not_found", "no endpoint " + req.method + " " + req.path, ""});
            break;
        case 408:
            send_error(res, {408, "bad_request", "the request was not received in time", ""});
            break;
        case 413:
            send_error(res, {413, "body_too_large",
                             "the request body is larger than " +
                                 std::to_string(options.max_body_bytes) + " bytes",
                             ""});
            break;
        case 414:
            send_error(res, {414, "bad_request", "the request target is too long", ""});
            break;
        case 431:
            send_error(res, {431, "bad_request", "the request's header is too large", ""});
            break;
        case 503:
            send_error(res, {503, "unavailable",
                             "the server is receiving too many request bodies at once; send it "
                             "again in a moment",
                             ""});
            break;
        default:
            send_error(
                res,
                {res.status, "bad_request",
                 "the request could not be handled (HTTP " + std::to_string(res.status) + ")", ""});
            break;
    }
}

void run_route(const Router::Route& route, const HttpRequest& req, HttpResponse& res,
               const RequestScope& scope) {
    std::string what;
    try {
        route.handler(req, res);
        return;
    } catch (const std::exception& ex) {
        what = ex.what();
    } catch (...) {
        what = "unknown exception";
    }
    spdlog::error("request_id={} route=\"{}\" unhandled exception: {}", scope.id, route.label,
                  what);
    res = HttpResponse{};
    send_error(res,
               {500, "internal", "internal error; see the server log for request " + scope.id, ""});
}

}  // namespace

HttpResponse HttpService::handle(HttpRequest& req) {
    RequestScope& scope = open_scope(ctx_.ids);
    HttpResponse res;
    if (const Router::Route* route = router_.find(req)) {
        scope.route = route->label;
        run_route(*route, req, res, scope);
    } else {
        res.status = 404;
    }
    if (res.status == -1) res.status = 200;
    finish(req, res);
    return res;
}

HttpResponse HttpService::refuse(int status, const HttpRequest& req) {
    RequestScope& scope = open_scope(ctx_.ids);
    scope.route = "rejected";
    HttpResponse res;
    res.status = status;
    finish(req, res);
    return res;
}

void HttpService::finish(const HttpRequest& req, HttpResponse& res) {
    RequestScope& scope = current_request();
    if (res.status >= 400 && res.body.empty()) fill_error(ctx_.options, req, res);
    res.set_header("X-Request-Id", scope.id);
    res.set_header("X-Server-Time", format_utc(ctx_.clock.now()));
    if (ctx_.options.tls()) {
        res.set_header("Strict-Transport-Security", "max-age=31536000");
        const auto [first, last] = res.headers.equal_range("Set-Cookie");
        for (auto it = first; it != last; ++it) it->second += "; Secure";
    }

    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - scope.start).count();
    ctx_.metrics.record_request(scope.route, res.status, seconds);
    const auto level = res.status >= 500   ? spdlog::level::err
                       : res.status >= 400 ? spdlog::level::warn
                                           : spdlog::level::info;
    spdlog::log(level,
                "request_id={} method={} path=\"{}\" route=\"{}\" status={} ms={:.3f} token={} "
                "peer={} bytes_in={} bytes_out={}",
                scope.id, req.method.empty() ? "-" : req.method, req.path, scope.route, res.status,
                seconds * 1000, scope.token.empty() ? "-" : scope.token, req.remote_addr,
                req.body.size(), res.body.size());
    scope = RequestScope{};
}

}  // namespace stampline::server
