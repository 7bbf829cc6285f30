// What every route handler works with: the store, the plant, the outside world's clock and
// randomness, the options, the metrics and the
// browser sessions of the web pages. Owned by ApiServer; outlives every request.
#pragma once

#include "server/http/api_options.h"
#include "server/http/metrics.h"
#include "server/store/store.h"
#include "server/web/web_sessions.h"
#include "shared/plant.h"
#include "shared/time.h"
#include "shared/uuid.h"

namespace stampline::server {

struct ApiContext {
    Store& store;
    const Plant& plant;
    const Clock& clock;
    RandomSource& random;
    UuidV7Generator& ids;
    const ApiOptions& options;
    Metrics& metrics;
    web::WebSessions& sessions;
};

}  // namespace stampline::server
