// The HTTP/1.1 JSON API (protocol v1) over the store. See routes.h for the endpoints and
// json_errors.h for the error shape. No cpp-httplib type appears here.
//
// Threading: bind() and run() from one thread; run() blocks, serving requests on the HTTP engine
// (http_engine.h) until stop() is called from any thread.
#pragma once

#include <functional>
#include <memory>

#include "server/http/api_options.h"
#include "server/service/plant_group.h"
#include "server/store/store.h"
#include "shared/plant.h"
#include "shared/status.h"
#include "shared/time.h"
#include "shared/uuid.h"

namespace stampline::server {

class ApiServer {
public:
    // Everything passed in must outlive the server. group: the head office's plants whose
    // records the group routes show (plant_group.h), or nullptr for none.
    ApiServer(Store& store, const Plant& plant, const Clock& clock, RandomSource& random,
              UuidV7Generator& ids, ApiOptions options, const PlantGroup* group = nullptr);
    ~ApiServer();
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    // Binds options.host:options.port; returns the bound port (the ephemeral one for port 0).
    // Unavailable when the address cannot be bound (in use, not local, no permission), or when
    // TLS is on and its certificate or key cannot be used (the error names the file).
    Result<int> bind();
    // Reads options.tls_cert and tls_key again, for the connections accepted from now on; open
    // connections keep the certificate they were made with. On an error the one in use is kept.
    // Thread-safe. OK and nothing done when TLS is off.
    Status reload_tls();
    // Serves until stop(). Returns at once when stop() was already called. Meanwhile, on a
    // thread of its own, it reads the units in work (then /readyz answers 200 and on_ready, if
    // given, is called on that thread). Analytics need no warming: they read their period from
    // the store's facts.
    void run(const std::function<void()>& on_ready = {});
    // Stops accepting, lets requests in progress finish; run() then returns. Thread-safe,
    // idempotent.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace stampline::server
