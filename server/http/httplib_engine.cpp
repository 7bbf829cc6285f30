// The HTTP engine on cpp-httplib: a worker thread per open connection (ApiOptions::threads).
#include <httplib.h>

#include "server/http/http_engine.h"

namespace stampline::server {

namespace {

HttpRequest from_httplib(const httplib::Request& req) {
    HttpRequest r;
    r.method = req.method;
    r.target = req.target;
    r.path = req.path;
    r.params = req.params;
    for (const auto& [name, value] : req.headers) r.headers.emplace(name, value);
    r.body = req.body;
    r.remote_addr = req.remote_addr;
    return r;
}

void to_httplib(HttpResponse&& res, httplib::Response& out) {
    out.status = res.status;
    for (auto& [name, value] : res.headers) {
        out.headers.erase(name);
        out.headers.emplace(name, std::move(value));
    }
    out.body = std::move(res.body);
}

class HttplibEngine final : public HttpEngine {
public:
    HttplibEngine(const ApiOptions& options, HttpService& service)
        : options_(options), service_(service) {
        configure();
    }

    Result<int> bind() override {
        const ApiOptions& o = options_;
        int port = o.port;
        if (port == 0) {
            port = http_.bind_to_any_port(o.host);
            if (port < 0) port = 0;
        } else if (!http_.bind_to_port(o.host, port)) {
            port = 0;
        }
        if (port == 0)
            return Status(Code::Unavailable,
                          "cannot listen on " + o.host + ":" + std::to_string(o.port) +
                              " (address in use, not an address of this machine, or not "
                              "permitted)");
        return port;
    }
    void run() override { http_.listen_after_bind(); }
    void stop() override { http_.stop(); }

private:
    void configure();

    const ApiOptions& options_;
    HttpService& service_;
    httplib::Server http_;
};

void HttplibEngine::configure() {
    http_.new_task_queue = [n = options_.threads] {
        return new httplib::ThreadPool(static_cast<size_t>(n));
    };
    http_.set_tcp_nodelay(true);
    // SO_REUSEADDR only: cpp-httplib's default also sets SO_REUSEPORT, which would let a second
    // server bind a port that is already in use instead of failing.
    http_.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof yes);
    });
    http_.set_keep_alive_max_count(options_.keep_alive_max_requests);
    http_.set_keep_alive_timeout(options_.keep_alive_timeout_s);
    http_.set_payload_max_length(options_.max_body_bytes);
    http_.set_read_timeout(10);
    http_.set_write_timeout(10);

    // Every request of a method httplib knows goes to the service, which routes it.
    const httplib::Server::Handler handle = [this](const httplib::Request& req,
                                                   httplib::Response& res) {
        HttpRequest r = from_httplib(req);
        to_httplib(service_.handle(r), res);
    };
    http_.Get(".*", handle);  // and HEAD
    http_.Post(".*", handle);
    http_.Put(".*", handle);
    http_.Delete(".*", handle);
    http_.Patch(".*", handle);
    http_.Options(".*", handle);
    // What httplib refused itself (malformed request line, body over the limit, unknown
    // method). It is also called for the service's own error answers, which have a body.
    http_.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
            HttpRequest r;
            r.method = req.method;
            r.path = req.path;
            r.remote_addr = req.remote_addr;
            to_httplib(service_.refuse(res.status, r), res);
            return httplib::Server::HandlerResponse::Handled;
        }));
}

}  // namespace

std::unique_ptr<HttpEngine> make_httplib_engine(const ApiOptions& options, HttpService& service) {
    return std::make_unique<HttplibEngine>(options, service);
}

}  // namespace stampline::server
