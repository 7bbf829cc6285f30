#include "server/http/api_server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <stop_token>
#include <thread>

#include "server/http/api_context.h"
#include "server/http/httplib_adapter.h"
#include "server/http/json_errors.h"
#include "server/http/metrics.h"
#include "server/http/request_scope.h"
#include "server/http/router.h"
#include "server/http/routes.h"

namespace stampline::server {

struct ApiServer::Impl {
    Impl(Store& store, const Plant& plant, const Clock& clock, RandomSource& random,
         UuidV7Generator& ids, ApiOptions opts)
        : options(std::move(opts)),
          sessions(clock, random),
          unit_views(store, plant),
          month_figures(unit_views, plant, clock, options.analytics_cache_months),
          unit_states(options.unit_state_capacity),
          ctx{store,   plant,    clock,      random,        ids,         options,
              metrics, sessions, unit_views, month_figures, unit_states, terminal_clocks} {}

    void configure();

    ApiOptions options;
    Metrics metrics;
    web::WebSessions sessions;
    analytics::UnitViews unit_views;
    analytics::MonthFiguresCache month_figures;
    UnitStateCache unit_states;
    TerminalClocks terminal_clocks;
    ApiContext ctx;
    httplib::Server http;
    std::atomic<bool> stop_requested{false};
};

namespace {

// Fills the body of errors that cpp-httplib produces itself (no route, body over the limit,
// malformed request line) in the API's JSON error shape.
httplib::Server::HandlerResponse fill_error(const ApiOptions& options, const httplib::Request& req,
                                            httplib::Response& engine_res) {
    if (!engine_res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    HttpResponse res;
    res.status = engine_res.status;
    switch (res.status) {
        case 404:
            send_error(res, {404, "not_found", "no endpoint " + req.method + " " + req.path, ""});
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
        default:
            send_error(
                res,
                {res.status, "bad_request",
                 "the request could not be handled (HTTP " + std::to_string(res.status) + ")", ""});
            break;
    }
    to_httplib(std::move(res), engine_res);
    return httplib::Server::HandlerResponse::Handled;
}

}  // namespace

void ApiServer::Impl::configure() {
    http.new_task_queue = [n = options.threads] {
        return new httplib::ThreadPool(static_cast<size_t>(n));
    };
    http.set_tcp_nodelay(true);
    // SO_REUSEADDR only: cpp-httplib's default also sets SO_REUSEPORT, which would let a second
    // server bind a port that is already in use instead of failing.
    http.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof yes);
    });
    http.set_keep_alive_max_count(options.keep_alive_max_requests);
    http.set_keep_alive_timeout(options.keep_alive_timeout_s);
    http.set_payload_max_length(options.max_body_bytes);
    http.set_read_timeout(10);
    http.set_write_timeout(10);

    http.set_pre_routing_handler([this](const httplib::Request&, httplib::Response& res) {
        RequestScope& scope = current_request();
        scope.open = true;
        scope.id = to_string(ctx.ids.next());
        scope.route = "unmatched";
        scope.token.clear();
        scope.start = std::chrono::steady_clock::now();
        res.set_header("X-Request-Id", scope.id);
        return httplib::Server::HandlerResponse::Unhandled;
    });
    // The server's clock on every answer, once it is made (after the body was read and the
    // batch stored): how a terminal measures its own offset against the middle of the exchange.
    http.set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
        res.set_header("X-Server-Time", format_utc(ctx.clock.now()));
    });
    http.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
            return fill_error(options, req, res);
        }));
    http.set_exception_handler([](const httplib::Request&, httplib::Response& engine_res,
                                  std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& ex) {
            what = ex.what();
        } catch (...) {
        }
        spdlog::error("request_id={} unhandled exception: {}", current_request().id, what);
        HttpResponse res;
        send_error(res,
                   {500, "internal",
                    "internal error; see the server log for request " + current_request().id, ""});
        to_httplib(std::move(res), engine_res);
    });
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        RequestScope& scope = current_request();
        double seconds = 0;
        if (scope.open)
            seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - scope.start)
                          .count();
        const std::string route = scope.open ? scope.route : "rejected";
        metrics.record_request(route, res.status, seconds);
        const auto level = res.status >= 500   ? spdlog::level::err
                           : res.status >= 400 ? spdlog::level::warn
                                               : spdlog::level::info;
        spdlog::log(level,
                    "request_id={} method={} path=\"{}\" route=\"{}\" status={} ms={:.3f} "
                    "token={} peer={} bytes_in={} bytes_out={}",
                    scope.open ? scope.id : "-", req.method, req.path, route, res.status,
                    seconds * 1000, scope.token.empty() ? "-" : scope.token, req.remote_addr,
                    req.body.size(), res.body.size());
        scope = RequestScope{};
    });

    Router router(http);
    add_health_routes(router, ctx);
    add_events_routes(router, ctx);
    add_units_routes(router, ctx);
    add_sheets_routes(router, ctx);
    add_stamps_routes(router, ctx);
    add_tokens_routes(router, ctx);
    add_quarantine_routes(router, ctx);
    add_reference_routes(router, ctx);
    add_analytics_routes(router, ctx);
    add_review_pack_routes(router, ctx);
    add_corrective_actions_routes(router, ctx);
    add_complaints_routes(router, ctx);
    add_suspects_routes(router, ctx);
    add_web_complaint_pages(router, ctx);
    add_web_login_routes(router, ctx);
    add_web_unit_pages(router, ctx);
    add_web_analytics_pages(router, ctx);
    add_web_office_pages(router, ctx);
    add_audits_routes(router, ctx);
}

ApiServer::ApiServer(Store& store, const Plant& plant, const Clock& clock, RandomSource& random,
                     UuidV7Generator& ids, ApiOptions options)
    : impl_(std::make_unique<Impl>(store, plant, clock, random, ids, std::move(options))) {
    impl_->configure();
}

ApiServer::~ApiServer() = default;

Result<int> ApiServer::bind() {
    const ApiOptions& o = impl_->options;
    if (o.port < 0 || o.port > 65535)
        return Status(Code::InvalidArgument, "port " + std::to_string(o.port) + " is out of range");
    int port = o.port;
    if (port == 0) {
        port = impl_->http.bind_to_any_port(o.host);
        if (port < 0) port = 0;
    } else if (!impl_->http.bind_to_port(o.host, port)) {
        port = 0;
    }
    if (port == 0)
        return Status(Code::Unavailable,
                      "cannot listen on " + o.host + ":" + std::to_string(o.port) +
                          " (address in use, not an address of this machine, or not permitted)");
    return port;
}

void ApiServer::run(const std::function<void()>& on_ready) {
    if (impl_->stop_requested) return;
    // On return: asked to stop, then joined (within one chunk of events).
    std::jthread warm([this, &on_ready](std::stop_token stop) {
        const auto start = std::chrono::steady_clock::now();
        const Timestamp since{impl_->ctx.clock.now().ms -
                              std::int64_t{impl_->options.unit_state_warm_days} * 86'400'000};
        if (Status s = impl_->unit_states.warm(impl_->ctx.store, impl_->ctx.plant, since, stop);
            !s) {
            if (!stop.stop_requested())
                spdlog::warn("unit states: not read at start: {}", s.message());
        } else if (!stop.stop_requested()) {
            spdlog::info(
                "unit states: {} units in work (acted in the last {} days) read in {:.1f} s",
                impl_->unit_states.size(), impl_->options.unit_state_warm_days,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            if (on_ready) on_ready();
        }
    });
    impl_->http.listen_after_bind();
}

void ApiServer::stop() {
    impl_->stop_requested = true;
    impl_->http.stop();
}

}  // namespace stampline::server
