// The event-driven HTTP engine on Boost.Beast and Asio: one socket thread holds every open
// connection, each with deadlines of its own; requests are handled on a pool of workers, so a
// slow commit never holds up the sockets. Per connection, strictly in turn: wait for a request
// (keep-alive deadline), read its header (header deadline from its first byte), its body
// (deadline by size), hand it to a worker, write the answer (deadline by size). Pipelined
// requests are therefore answered in order. A request refused by the parser is answered and
// the connection closed after the client's remaining input is drained for a moment, so the
// answer is not lost to a reset. With TLS on, a connection starts with its handshake (header
// deadline) and keeps the certificate it was made with when a new one is loaded.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <list>
#include <memory>
#include <mutex>
#include <optional>

#include "server/http/engine/connection_caps.h"
#include "server/http/engine/request_parser.h"
#include "server/http/engine/tls_context.h"
#include "server/http/http_engine.h"

namespace stampline::server {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using TlsContext = std::shared_ptr<net::ssl::context>;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using beast::error_code;
using engine::ConnectionCaps;
using engine::RequestParser;
using std::chrono::seconds;

constexpr std::size_t kFirstRead = 4096;
constexpr std::size_t kDrainBytes = 64 * 1024;
constexpr auto kDrainTime = std::chrono::seconds(2);
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// Time for `bytes` at the slowest rate a client is allowed, on top of the base.
std::chrono::steady_clock::duration transfer_time(int base_s, std::size_t bytes,
                                                  std::size_t min_rate) {
    return seconds(base_s) + seconds(bytes / std::max<std::size_t>(min_rate, 1));
}

bool closed_by_peer(const error_code& ec) {
    return ec == http::error::end_of_stream || ec == net::error::eof ||
           ec == net::error::connection_reset || ec == net::error::operation_aborted ||
           ec == beast::error::timeout || ec == net::error::broken_pipe;
}

// A connection's stream, plain or TLS over the same deadline-keeping TCP stream.
template <class Stream>
Stream open_stream(tcp::socket socket, net::ssl::context* tls);
template <>
PlainStream open_stream(tcp::socket socket, net::ssl::context*) {
    return PlainStream(std::move(socket));
}
template <>
TlsStream open_stream(tcp::socket socket, net::ssl::context* tls) {
    return TlsStream(PlainStream(std::move(socket)), *tls);
}

class BeastEngine;

// What the engine holds of an open connection, whatever its stream.
class OpenSession {
public:
    virtual ~OpenSession() = default;
    // On stop: a connection waiting for its next request is closed; one in the middle of a
    // request is closed after its answer.
    virtual void stop_if_idle() = 0;
};

template <class Stream>
class Session final : public OpenSession, public std::enable_shared_from_this<Session<Stream>> {
public:
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

    Session(BeastEngine& engine, tcp::socket socket, TlsContext tls, ConnectionCaps::Ticket ticket,
            std::string peer);
    ~Session() override;
    void start();
    void stop_if_idle() override {
        if (!busy_) close();
    }

private:
    using std::enable_shared_from_this<Session>::shared_from_this;
    PlainStream& tcp() { return beast::get_lowest_layer(stream_); }
    void wait_request();
    void read_header();
    void on_header(const error_code& ec);
    void read_body();
    void on_body(const error_code& ec);
    void on_read_error(const error_code& ec);
    void hand_to_worker();
    void write(HttpResponse res, bool close_after);
    void refuse(int status);
    void release_body();
    void linger_close();
    void drain(std::uint64_t drained);
    void close();

    BeastEngine& engine_;
    TlsContext tls_;  // the certificate this connection was made with (null: plain HTTP)
    Stream stream_;
    beast::flat_buffer buffer_;
    std::optional<RequestParser> parser_;
    ConnectionCaps::Ticket ticket_;
    std::string peer_;
    std::list<OpenSession*>::iterator registered_;
    http::response<http::string_body> res_;
    std::array<char, 16384> discard_{};
    std::uint64_t drain_budget_ = 0;  // bytes read and dropped after a refusal
    std::size_t body_reserved_ = 0;   // of the engine's bytes in flight, for this request's body
    unsigned served_ = 0;
    int version_ = 11;
    bool head_ = false;
    bool keep_alive_ = false;
    bool busy_ = false;  // from a request's first byte to its answer written
    bool closed_ = false;
};

class BeastEngine final : public HttpEngine {
public:
    BeastEngine(const ApiOptions& options, HttpService& service)
        : options_(options),
          service_(service),
          caps_(options.max_connections, options.max_connections_per_address),
          limits_{options.max_header_bytes, options.max_header_fields, options.max_target_bytes,
                  options.max_body_bytes} {}

    Result<int> bind() override;
    Status reload_tls() override;
    void run() override;
    void stop() override;

    const ApiOptions& options() const { return options_; }
    HttpService& service() { return service_; }
    const engine::RequestLimits& limits() const { return limits_; }
    net::io_context& io() { return io_; }
    net::thread_pool& workers() { return *workers_; }
    bool stopping() const { return stopping_; }
    std::list<OpenSession*>::iterator add(OpenSession* s) {
        return sessions_.insert(sessions_.end(), s);
    }
    void remove(std::list<OpenSession*>::iterator it) { sessions_.erase(it); }
    // Room for a body of n bytes among those in flight (max_body_bytes_in_flight), taken; or
    // false. Thread-safe.
    bool reserve_body(std::size_t n) {
        std::size_t held = body_bytes_.load();
        do {
            if (held + n > options_.max_body_bytes_in_flight) return false;
        } while (!body_bytes_.compare_exchange_weak(held, held + n));
        return true;
    }
    void release_body(std::size_t n) { body_bytes_ -= n; }

private:
    void accept();
    void on_accept(const error_code& ec, tcp::socket socket);
    TlsContext tls_context() {
        std::lock_guard lock(tls_mutex_);
        return tls_;
    }

    const ApiOptions& options_;
    HttpService& service_;
    ConnectionCaps caps_;
    engine::RequestLimits limits_;
    // The open sessions, touched on the socket thread only; declared before the socket thread's
    // context and the workers, whose pending handlers may hold sessions when they are destroyed.
    std::list<OpenSession*> sessions_;
    net::io_context io_{1};
    tcp::acceptor acceptor_{io_};
    net::steady_timer accept_pause_{io_};
    std::unique_ptr<net::thread_pool> workers_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> body_bytes_{0};
    bool full_logged_ = false;
    std::mutex tls_mutex_;
    TlsContext tls_;  // for new connections; null: plain HTTP
};

// --- Session -------------------------------------------------------------------------------

template <class Stream>
Session<Stream>::Session(BeastEngine& engine, tcp::socket socket, TlsContext tls,
                         ConnectionCaps::Ticket ticket, std::string peer)
    : engine_(engine),
      tls_(std::move(tls)),
      stream_(open_stream<Stream>(std::move(socket), tls_.get())),
      buffer_(engine.limits().max_header_bytes + kFirstRead),
      ticket_(std::move(ticket)),
      peer_(std::move(peer)),
      registered_(engine.add(this)) {
    engine_.service().metrics().connection_opened();
}

template <class Stream>
Session<Stream>::~Session() {
    release_body();
    engine_.remove(registered_);
    engine_.service().metrics().connection_closed();
}

template <class Stream>
void Session<Stream>::start() {
    if constexpr (kTls) {  // not busy_: a stop closes a connection still in its handshake
        tcp().expires_after(seconds(engine_.options().header_timeout_s));
        stream_.async_handshake(net::ssl::stream_base::server,
                                [self = shared_from_this()](const error_code& ec) {
                                    if (ec) return self->close();
                                    self->wait_request();
                                });
    } else {
        wait_request();
    }
}

template <class Stream>
void Session<Stream>::wait_request() {
    busy_ = false;
    if (engine_.stopping()) return close();
    parser_.emplace(engine_.limits());
    if (buffer_.size() > 0) return read_header();  // pipelined: the next request is here
    buffer_.shrink_to_fit();
    tcp().expires_after(seconds(engine_.options().keep_alive_timeout_s));
    stream_.async_read_some(buffer_.prepare(kFirstRead),
                            [self = shared_from_this()](const error_code& ec, std::size_t n) {
                                self->buffer_.commit(n);
                                if (ec) return self->close();
                                self->read_header();
                            });
}

template <class Stream>
void Session<Stream>::read_header() {
    busy_ = true;
    tcp().expires_after(seconds(engine_.options().header_timeout_s));
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_header(ec); });
}

template <class Stream>
void Session<Stream>::on_header(const error_code& ec) {
    if (ec) return on_read_error(ec);
    version_ = parser_->http_version();
    if (parser_->is_done()) return hand_to_worker();
    const auto length = parser_->content_length();
    body_reserved_ = length ? static_cast<std::size_t>(*length) : engine_.options().max_body_bytes;
    if (!engine_.reserve_body(body_reserved_)) {
        body_reserved_ = 0;
        return refuse(503);
    }
    if (!parser_->expects_continue()) return read_body();
    tcp().expires_after(seconds(engine_.options().body_timeout_s));
    net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                     [self = shared_from_this()](const error_code& ec, std::size_t) {
                         if (ec) return self->close();
                         self->read_body();
                     });
}

template <class Stream>
void Session<Stream>::read_body() {
    const ApiOptions& o = engine_.options();
    const auto length = parser_->content_length();
    tcp().expires_after(
        transfer_time(o.body_timeout_s, length ? *length : o.max_body_bytes, o.body_min_rate));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_body(ec); });
}

template <class Stream>
void Session<Stream>::on_body(const error_code& ec) {
    if (ec) return on_read_error(ec);
    hand_to_worker();
}

// A read of a request that failed: the client went away (or was too slow), or the parser
// refused what it sent.
template <class Stream>
void Session<Stream>::on_read_error(const error_code& ec) {
    if (closed_by_peer(ec)) return close();
    refuse(parser_->refusal_status(ec));
}

template <class Stream>
void Session<Stream>::hand_to_worker() {
    tcp().expires_never();
    keep_alive_ = parser_->keep_alive();
    HttpRequest req = std::move(parser_->request());
    req.remote_addr = peer_;
    req.tls = kTls;
    head_ = req.method == "HEAD";
    // The guard keeps the socket thread running while no socket has anything pending.
    net::post(engine_.workers(), [self = shared_from_this(), req = std::move(req),
                                  work = net::make_work_guard(engine_.io())]() mutable {
        HttpResponse res = self->engine_.service().handle(req);
        net::io_context& io = self->engine_.io();
        net::post(io, [self = std::move(self), res = std::move(res)]() mutable {
            self->write(std::move(res), false);
        });
    });
}

template <class Stream>
void Session<Stream>::write(HttpResponse res, bool close_after) {
    release_body();  // the request's body is gone with it, handled or refused
    if (closed_) return;
    const ApiOptions& o = engine_.options();
    res_ = {};
    res_.version(version_);
    res_.result(static_cast<unsigned>(res.status));
    for (auto& [name, value] : res.headers) res_.insert(name, value);
    const bool keep =
        keep_alive_ && !close_after && !engine_.stopping() && ++served_ < o.keep_alive_max_requests;
    const std::size_t size = res.body.size();
    if (head_) {
        res_.content_length(size);
    } else {
        res_.body() = std::move(res.body);
        res_.prepare_payload();
    }
    res_.keep_alive(keep);
    tcp().expires_after(transfer_time(o.body_timeout_s, size, o.body_min_rate));
    http::async_write(
        stream_, res_,
        [self = shared_from_this(), keep, close_after](const error_code& ec, std::size_t) {
            if (ec) return self->close();
            if (close_after) return self->linger_close();
            if (!keep) return self->close();
            self->wait_request();
        });
}

template <class Stream>
void Session<Stream>::refuse(int status) {
    // A client that writes its whole body before reading (most libraries do) gets the answer
    // only if that body is read: up to 8 times the body limit when it announced its length.
    drain_budget_ = kDrainBytes;
    if (parser_)
        if (const auto length = parser_->announced_length())
            drain_budget_ = std::clamp<std::uint64_t>(*length, kDrainBytes,
                                                      8 * engine_.options().max_body_bytes);
    HttpRequest partial = parser_ ? parser_->request() : HttpRequest{};
    partial.remote_addr = peer_;
    partial.tls = kTls;
    partial.body.clear();
    head_ = false;
    write(engine_.service().refuse(status, partial), true);
}

template <class Stream>
void Session<Stream>::release_body() {
    engine_.release_body(body_reserved_);
    body_reserved_ = 0;
}

// After a refusal the client may still be sending: its input is read and dropped (the budget
// refuse() set, in the time that takes at the slowest allowed rate) after our side is shut, so
// that the kernel does not reset the connection before the client has read the answer.
template <class Stream>
void Session<Stream>::linger_close() {
    const ApiOptions& o = engine_.options();
    error_code ignored;
    tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
    tcp().expires_after(std::max<std::chrono::steady_clock::duration>(
        kDrainTime, transfer_time(0, static_cast<std::size_t>(drain_budget_), o.body_min_rate)));
    drain(buffer_.size());
}

template <class Stream>
void Session<Stream>::drain(std::uint64_t drained) {
    if (drained >= drain_budget_) return close();
    stream_.async_read_some(net::buffer(discard_), [self = shared_from_this(), drained](
                                                       const error_code& ec, std::size_t n) {
        if (ec) return self->close();
        self->drain(drained + n);
    });
}

template <class Stream>
void Session<Stream>::close() {
    if (closed_) return;
    closed_ = true;
    error_code ignored;
    tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp().close();
}

// --- BeastEngine ---------------------------------------------------------------------------

Result<int> BeastEngine::bind() {
    if (options_.tls())
        if (Status loaded = reload_tls(); !loaded) return loaded;
    const auto fail = [&](const std::string& why) {
        return Status(Code::Unavailable, "cannot listen on " + options_.host + ":" +
                                             std::to_string(options_.port) + " (" + why + ")");
    };
    error_code ec;
    tcp::resolver resolver(io_);
    const auto found =
        resolver.resolve(options_.host, std::to_string(options_.port),
                         tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || found.empty()) return fail("not an address of this machine: " + ec.message());
    const tcp::endpoint at = found.begin()->endpoint();
    acceptor_.open(at.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(at, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        error_code ignored;
        acceptor_.close(ignored);
        return fail(ec.message());
    }
    return static_cast<int>(acceptor_.local_endpoint().port());
}

Status BeastEngine::reload_tls() {
    if (!options_.tls()) return Status();
    Result<TlsContext> loaded = engine::load_tls_context(options_.tls_cert, options_.tls_key);
    if (!loaded) return loaded.error();
    std::lock_guard lock(tls_mutex_);
    tls_ = std::move(*loaded);
    return Status();
}

void BeastEngine::run() {
    if (stopping_) return;
    workers_ =
        std::make_unique<net::thread_pool>(static_cast<std::size_t>(std::max(1, options_.workers)));
    accept();
    io_.run();
    workers_->join();
}

void BeastEngine::stop() {
    if (stopping_.exchange(true)) return;
    net::post(io_, [this] {
        error_code ignored;
        acceptor_.close(ignored);
        accept_pause_.cancel();
        // Closing one may destroy it (and unregister it): walk a copy.
        const std::list<OpenSession*> open = sessions_;
        for (OpenSession* s : open) s->stop_if_idle();
    });
}

void BeastEngine::accept() {
    acceptor_.async_accept(io_, [this](const error_code& ec, tcp::socket socket) {
        on_accept(ec, std::move(socket));
    });
}

void BeastEngine::on_accept(const error_code& ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || stopping_) return;
    if (ec) {
        // Out of file descriptors or similar: wait a little rather than spin.
        spdlog::warn("http: accept failed: {}; retrying in 100 ms", ec.message());
        accept_pause_.expires_after(std::chrono::milliseconds(100));
        accept_pause_.async_wait([this](const error_code& wait) {
            if (!wait && !stopping_) accept();
        });
        return;
    }
    error_code peer_ec;
    const std::string peer = socket.remote_endpoint(peer_ec).address().to_string();
    if (std::optional<ConnectionCaps::Ticket> ticket = caps_.try_acquire(peer)) {
        full_logged_ = false;
        error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        if (TlsContext tls = tls_context())
            std::make_shared<Session<TlsStream>>(*this, std::move(socket), std::move(tls),
                                                 std::move(*ticket), peer)
                ->start();
        else
            std::make_shared<Session<PlainStream>>(*this, std::move(socket), nullptr,
                                                   std::move(*ticket), peer)
                ->start();
    } else {
        if (!full_logged_)
            spdlog::warn("http: connection from {} closed: {} open in all, {} from it", peer,
                         caps_.open(), caps_.open_from(peer));
        full_logged_ = true;
        service_.metrics().connection_refused();
        error_code ignored;
        socket.close(ignored);
    }
    accept();
}

}  // namespace

std::unique_ptr<HttpEngine> make_beast_engine(const ApiOptions& options, HttpService& service) {
    return std::make_unique<BeastEngine>(options, service);
}

}  // namespace stampline::server
