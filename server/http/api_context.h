// What every route handler works with: the store, the plant, the outside world's clock and
// randomness, the options, the metrics, the browser sessions of the web pages and the
// analyses' in-memory copy of the event log. Owned by ApiServer; outlives every request.
#pragma once

#include <vector>

#include "server/analytics/month_figures_cache.h"
#include "server/analytics/unit_views.h"
#include "server/http/api_options.h"
#include "server/http/metrics.h"
#include "server/service/terminal_clocks.h"
#include "server/service/unit_state_cache.h"
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
    // The units of a period, read from the store's facts: what the analytics routes (and any
    // page built from the analyses) run over. See analytics/unit_views.h.
    const analytics::UnitViews& unit_views;
    // The review pack's figures of each month, kept while nothing changes them.
    analytics::MonthFiguresCache& month_figures;
    // The states of units in work, so that ingest need not re-read their trails
    // (service/unit_state_cache.h).
    UnitStateCache& unit_states;
    // Each terminal's clock as its batches show it (service/terminal_clocks.h).
    TerminalClocks& terminal_clocks;
    // The head office's group (server.toml group_plants): a context per plant of the group, over
    // that plant's store, unit views and month figures, with this server's clock, options,
    // metrics and sessions; used only by the group routes, after they authorized the request
    // with this context. Empty when no group is configured (the group routes then answer 404).
    const std::vector<ApiContext*>& group;
};

}  // namespace stampline::server
