// The socket side of the HTTP API: accepts connections, reads and frames each request, hands it
// to the HttpService and writes the answer. Two engines stand behind this interface while the
// event-driven one (Boost.Beast, engine/beast_engine.cpp) replaces cpp-httplib's thread per
// connection (httplib_engine.cpp); ApiOptions::engine chooses. Only those two files include an
// engine's headers.
#pragma once

#include <memory>

#include "server/http/api_options.h"
#include "server/http/http_service.h"
#include "shared/status.h"

namespace stampline::server {

class HttpEngine {
public:
    virtual ~HttpEngine() = default;
    // Binds options.host:options.port; returns the bound port (the ephemeral one for port 0).
    virtual Result<int> bind() = 0;
    // Serves until stop(); requests in progress are answered first.
    virtual void run() = 0;
    // Thread-safe and idempotent; run() then returns.
    virtual void stop() = 0;
};

// Both keep references to `options` and `service`, which must outlive them.
std::unique_ptr<HttpEngine> make_httplib_engine(const ApiOptions& options, HttpService& service);
std::unique_ptr<HttpEngine> make_beast_engine(const ApiOptions& options, HttpService& service);

}  // namespace stampline::server
