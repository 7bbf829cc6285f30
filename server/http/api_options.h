// Settings of the HTTP API, with their defaults. The composition root (server_main.cpp) fills
// them from the settings file and the command line.
#pragma once

#include <cstddef>
#include <string>

#include "shared/pin_hash.h"

namespace stampline::server {

struct ApiOptions {
    std::string host = "127.0.0.1";  // address to listen on
    int port = 8470;                 // 0 = an ephemeral port (ApiServer::bind returns it)
    // TLS (1.2 and later) when both are set: the server's certificate chain and its private key,
    // PEM files read at start and again on ApiServer::reload_tls (SIGHUP). Then session cookies
    // are marked Secure and every answer carries Strict-Transport-Security.
    std::string tls_cert;
    std::string tls_key;
    bool tls() const { return !tls_cert.empty(); }
    // The HTTP engine (http_engine.h) is event-driven: one socket thread holds every connection
    // and a pool of workers handles the requests.
    // Request workers. A request waiting for its commit holds one (never the socket
    // thread), and the store commits the waiting batches together, so have about as many as
    // terminals post at once: with 2 per 16 terminals ingest ran 15% slower than with 20.
    int workers = 16;
    // Connections open at once, in all and from one client address; one more is closed
    // as soon as it is accepted.
    std::size_t max_connections = 4096;
    std::size_t max_connections_per_address = 256;
    // A request's header: its bytes (request line included) and field count (431 over
    // either), and the request target's length (414).
    std::size_t max_header_bytes = 16384;
    std::size_t max_header_fields = 100;
    std::size_t max_target_bytes = 8192;
    // From a request's first byte to the end of its header; then its body gets
    // body_timeout_s plus a second for each body_min_rate bytes; an answer is written likewise.
    // A client too slow for them is cut off (408 if nothing of the answer was sent yet).
    int header_timeout_s = 10;
    int body_timeout_s = 10;
    std::size_t body_min_rate = 64 * 1024;
    std::size_t max_body_bytes = 1 << 20;  // larger bodies get 413
    // Request bodies held at once, in all (being read or handled; a chunked one counts as
    // max_body_bytes): a request whose body would go over gets 503 with Retry-After before its
    // body is read, so that many clients sending large bodies at once cannot exhaust memory.
    std::size_t max_body_bytes_in_flight = 64 << 20;
    std::size_t max_batch = 500;  // events per POST /api/v1/events; more gets 413
    int max_json_depth = 16;      // nesting of arrays/objects in a body; deeper gets 400
    std::size_t keep_alive_max_requests = 100000;  // per connection, before the server closes it
    // Idle time before a keep-alive connection (or a new one that sends nothing) is closed.
    int keep_alive_timeout_s = 5;
    PinHashParams pin_params = PinHashParams::interactive();  // cost of stamp PIN hashes
    // Units whose derived state ingest keeps in memory (service/unit_state_cache.h); about
    // 2 KB each. The units in work that acted in the last unit_state_warm_days days are read
    // from the store's facts at start, in the background (older ones on their next event).
    std::size_t unit_state_capacity = 50'000;
    int unit_state_warm_days = 30;
    // Calendar months whose review-pack figures are kept between packs
    // (analytics/month_figures_cache.h); a few kilobytes each. 0 keeps none.
    std::size_t analytics_cache_months = 48;
};

}  // namespace stampline::server
