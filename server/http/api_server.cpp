#include "server/http/api_server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <stop_token>
#include <thread>

#include "server/http/api_context.h"
#include "server/http/http_engine.h"
#include "server/http/metrics.h"
#include "server/http/router.h"
#include "server/http/routes.h"

namespace stampline::server {

namespace {

// What a plant of the head office's group needs beside its store: its month figures and a
// context of its own for the per-plant analyses (ApiContext::group).
struct GroupMember {
    GroupMember(const GroupPlant& p, ApiContext& served)
        : month_figures(p.unit_views, p.plant, served.clock, served.options.analytics_cache_months),
          ctx{p.store,        p.plant,         served.clock,    served.random, served.ids,
              served.options, served.metrics,  served.sessions, p.unit_views,  month_figures,
              unit_states,    terminal_clocks, no_group} {}
    analytics::MonthFiguresCache month_figures;
    UnitStateCache unit_states{1};  // unused: nothing is ingested through a group context
    TerminalClocks terminal_clocks;
    const std::vector<ApiContext*> no_group;
    ApiContext ctx;
};

}  // namespace

struct ApiServer::Impl {
    Impl(Store& store, const Plant& plant, const Clock& clock, RandomSource& random,
         UuidV7Generator& ids, ApiOptions opts, const PlantGroup* group)
        : options(std::move(opts)),
          sessions(clock, random),
          unit_views(store, plant),
          month_figures(unit_views, plant, clock, options.analytics_cache_months),
          unit_states(options.unit_state_capacity),
          ctx{store,       plant,           clock,         random,     ids,
              options,     metrics,         sessions,      unit_views, month_figures,
              unit_states, terminal_clocks, group_contexts} {
        if (group == nullptr) return;
        for (const GroupPlant& p : group->plants()) {
            group_members.emplace_back(p, ctx);
            group_contexts.push_back(&group_members.back().ctx);
        }
    }

    void configure();

    ApiOptions options;
    Metrics metrics;
    web::WebSessions sessions;
    analytics::UnitViews unit_views;
    analytics::MonthFiguresCache month_figures;
    UnitStateCache unit_states;
    TerminalClocks terminal_clocks;
    std::vector<ApiContext*> group_contexts;
    std::deque<GroupMember> group_members;
    ApiContext ctx;
    Router router;
    HttpService service{router, ctx};
    std::unique_ptr<HttpEngine> engine;
    std::atomic<bool> stop_requested{false};
};

void ApiServer::Impl::configure() {
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
    add_group_routes(router, ctx);
    add_web_group_pages(router, ctx);
}

ApiServer::ApiServer(Store& store, const Plant& plant, const Clock& clock, RandomSource& random,
                     UuidV7Generator& ids, ApiOptions options, const PlantGroup* group)
    : impl_(std::make_unique<Impl>(store, plant, clock, random, ids, std::move(options), group)) {
    impl_->configure();
    impl_->engine = make_beast_engine(impl_->options, impl_->service);
}

ApiServer::~ApiServer() = default;

Result<int> ApiServer::bind() {
    const ApiOptions& o = impl_->options;
    if (o.port < 0 || o.port > 65535)
        return Status(Code::InvalidArgument, "port " + std::to_string(o.port) + " is out of range");
    return impl_->engine->bind();
}

Status ApiServer::reload_tls() {
    return impl_->engine->reload_tls();
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
    impl_->engine->run();
}

void ApiServer::stop() {
    impl_->stop_requested = true;
    impl_->engine->stop();
}

}  // namespace stampline::server
