// The API's routes, one function per resource (each in <resource>_routes.cpp).
//
//   /healthz, /metrics                               health_routes.cpp
//   /api/v1/events                                   events_routes.cpp
//   /api/v1/units/{serial}/trail                     units_routes.cpp
//   /api/v1/sheets, /api/v1/sheets/{serial}/reprint  sheets_routes.cpp
//   /api/v1/stamps[/{id}/...]                        stamps_routes.cpp
//   /api/v1/tokens[/{id}]                            tokens_routes.cpp
//   /api/v1/quarantine[/{id}/resolve]                quarantine_routes.cpp
//   /api/v1/reference                                reference_routes.cpp
//   /api/v1/analytics/{pareto,escapes,stages,...,review-pack}  analytics_routes.cpp
//   /api/v1/corrective-actions[/{id}[/status|/verification]],
//   /api/v1/analytics/corrective-actions             corrective_actions_routes.cpp
//   /, /ui/login, /ui/logout, /api/v1/web-logins     web_login_routes.cpp
//   /ui/, /ui/units[/{serial}]                       web_unit_pages.cpp
//   /ui/pareto, /ui/bottleneck, /ui/review           web_analytics_pages.cpp
//   /ui/stamps, /ui/corrective-actions, /ui/quarantine  web_office_pages.cpp
//   /api/v1/audits                                   audits_routes.cpp
//   /api/v1/complaints[/{id}[/investigation|...]]    complaints_routes.cpp
//   /api/v1/suspects, /api/v1/complaints/{id}/hold-suspects  suspects_routes.cpp
//   /ui/complaints[/{id}[/protocol|/<step>]]          web_complaint_pages.cpp
//   /api/v1/group/{analytics,review-pack}            group_routes.cpp
//   /ui/group, /ui/group/review                      web_group_pages.cpp
#pragma once

#include "server/http/api_context.h"
#include "server/http/router.h"

namespace stampline::server {

using ContextHandler = void (*)(ApiContext&, const HttpRequest&, HttpResponse&);

// A route handler that runs fn with ctx.
inline Router::Handler with_context(ApiContext& ctx, ContextHandler fn) {
    return [&ctx, fn](const HttpRequest& req, HttpResponse& res) { fn(ctx, req, res); };
}

void add_health_routes(Router& router, ApiContext& ctx);
void add_events_routes(Router& router, ApiContext& ctx);
void add_units_routes(Router& router, ApiContext& ctx);
void add_sheets_routes(Router& router, ApiContext& ctx);
void add_stamps_routes(Router& router, ApiContext& ctx);
void add_tokens_routes(Router& router, ApiContext& ctx);
void add_quarantine_routes(Router& router, ApiContext& ctx);
void add_reference_routes(Router& router, ApiContext& ctx);
void add_analytics_routes(Router& router, ApiContext& ctx);
void add_review_pack_routes(Router& router, ApiContext& ctx);
void add_corrective_actions_routes(Router& router, ApiContext& ctx);
void add_web_login_routes(Router& router, ApiContext& ctx);
void add_web_unit_pages(Router& router, ApiContext& ctx);
void add_web_analytics_pages(Router& router, ApiContext& ctx);
void add_web_office_pages(Router& router, ApiContext& ctx);
void add_audits_routes(Router& router, ApiContext& ctx);
void add_complaints_routes(Router& router, ApiContext& ctx);
void add_suspects_routes(Router& router, ApiContext& ctx);
void add_web_complaint_pages(Router& router, ApiContext& ctx);
void add_group_routes(Router& router, ApiContext& ctx);
void add_web_group_pages(Router& router, ApiContext& ctx);

}  // namespace stampline::server
