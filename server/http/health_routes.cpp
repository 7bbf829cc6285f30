// GET /healthz (liveness and a store round trip), GET /readyz (readiness: the database open and
// migrated, the units in work read) and GET /metrics (Prometheus text). All are open without a
// token: they name no unit, stamp or person.
#include "server/http/json_errors.h"
#include "server/http/routes.h"

namespace stampline::server {

void add_health_routes(Router& router, ApiContext& ctx) {
    router.get("/healthz", "/healthz", [&ctx](const HttpRequest&, HttpResponse& res) {
        Result<StoreCounts> counts = ctx.store.counts();
        if (!counts) {
            send_json(res, 503, {{"status", "unavailable"}, {"message", counts.error().message()}});
            return;
        }
        send_json(
            res, 200,
            {{"status", "ok"}, {"events", counts->events}, {"quarantined", counts->quarantined}});
    });

    // A load balancer or `systemctl start` waits for 200 here before sending terminals over.
    router.get("/readyz", "/readyz", [&ctx](const HttpRequest&, HttpResponse& res) {
        Result<StoreCounts> counts = ctx.store.counts();
        if (!counts) {
            send_json(res, 503, {{"status", "unavailable"}, {"message", counts.error().message()}});
            return;
        }
        if (!ctx.unit_states.warmed()) {
            send_json(res, 503, {{"status", "starting"}, {"waiting_for", "unit_states"}});
            return;
        }
        send_json(res, 200, {{"status", "ready"}, {"events", counts->events}});
    });

    router.get("/metrics", "/metrics", [&ctx](const HttpRequest&, HttpResponse& res) {
        Result<StoreCounts> counts = ctx.store.counts();
        if (!counts) {
            send_error(res, error_from_status(counts.error()));
            return;
        }
        const std::vector<TerminalClock> terminals = ctx.terminal_clocks.all();
        const analytics::MonthFiguresCache::Stats months = ctx.month_figures.stats();
        const Metrics::Caches caches{ctx.unit_states.size(),
                                     ctx.unit_states.warmed(),
                                     months.months,
                                     months.capacity,
                                     months.hits,
                                     months.kept_hits,
                                     months.misses};
        res.set_content(ctx.metrics.render(*counts, caches, terminals),
                        "text/plain; version=0.0.4; charset=utf-8");
    });
}

}  // namespace stampline::server
