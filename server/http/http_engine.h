// The socket side of the HTTP API: accepts connections, reads and frames each request, hands it
// to the HttpService and writes the answer. The engine is event-driven (Boost.Beast,
// engine/beast_engine.cpp); only the files in engine/ include its headers.
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
    // With TLS on, it first loads the certificate and key (an error names the file).
    virtual Result<int> bind() = 0;
    // Loads the TLS certificate and key again for new connections; see ApiServer::reload_tls.
    virtual Status reload_tls() = 0;
    // Serves until stop(); requests in progress are answered first.
    virtual void run() = 0;
    // Thread-safe and idempotent; run() then returns.
    virtual void stop() = 0;
};

// Keeps references to `options` and `service`, which must outlive it.
std::unique_ptr<HttpEngine> make_beast_engine(const ApiOptions& options, HttpService& service);

}  // namespace stampline::server
