// The head office's view across the plants of its group (server.toml group_plants; auditor or
// admin of the served plant, as the analytics routes):
//
//   GET /api/v1/group/analytics[?from&to&product_type&stage&code&group&measure][&plant=CODE]
//       {"plants": [{code, name, pareto, bottleneck, escapes}, ...]} in the group's order, or
//       the one plant asked for; pareto, bottleneck and escapes are the bodies of that plant's
//       own /api/v1/analytics/{pareto,bottleneck,escapes} for the same parameters
//       (analytics_bodies.h; the period is read in each plant's time zone). JSON only.
//   GET /api/v1/group/review-pack?plant=CODE&month=YYYY-MM[&...]
//       that plant's /api/v1/analytics/review-pack, the same parameters and answer.
//
// 404 not_found when no group is configured, or naming an unknown plant; 400 naming a bad
// parameter, as the plant's own routes.
#include <optional>
#include <vector>

#include "server/http/analytics_bodies.h"
#include "server/http/auth.h"
#include "server/http/json_errors.h"
#include "server/http/routes.h"

namespace stampline::server {

using nlohmann::json;
namespace an = analytics;

namespace {

ApiError no_group() {
    return ApiError{404, "not_found",
                    "this server shows no group of plants (server.toml group_plants)", ""};
}

// The contexts of ?plant=CODE (required or not), or of every plant of the group; an error when
// there is no group or the code is not in it.
std::optional<ApiError> chosen_plants(const ApiContext& ctx, const HttpRequest& req, bool required,
                                      std::vector<ApiContext*>* out) {
    if (ctx.group.empty()) return no_group();
    if (!req.has_param("plant")) {
        if (required)
            return bad_param("plant", "missing required query parameter 'plant' (a plant code)");
        *out = ctx.group;
        return std::nullopt;
    }
    const std::string code = req.get_param_value("plant");
    for (ApiContext* p : ctx.group)
        if (p->plant.code == code) {
            out->assign(1, p);
            return std::nullopt;
        }
    return ApiError{404, "not_found", "plant '" + code + "' is not in this server's group",
                    "plant"};
}

void get_group_analytics(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, {Role::Auditor, Role::Admin})) return;
    std::vector<ApiContext*> plants;
    if (std::optional<ApiError> e = chosen_plants(ctx, req, false, &plants))
        return send_error(res, *e);
    json list = json::array();
    for (ApiContext* p : plants) {
        AnalyticsRequest r;
        if (std::optional<ApiError> e =
                read_analytics_request(*p, req, {"plant", "group", "measure"}, &r))
            return send_error(res, *e);
        if (r.csv)
            return send_error(res, *bad_param("format", "the group analytics are JSON only"));
        std::optional<ApiError> failed;
        json entry{{"code", p->plant.code},
                   {"name", {{"ru", p->plant.name.ru}, {"en", p->plant.name.en}}}};
        const Status read =
            p->unit_views.read(r.query.from, r.query.to, [&](std::span<const an::UnitView> units) {
                json pareto, bottleneck;
                failed = pareto_body(*p, r, units, &pareto);
                if (!failed) failed = bottleneck_body(*p, r, units, &bottleneck);
                entry["pareto"] = std::move(pareto);
                entry["bottleneck"] = std::move(bottleneck);
                entry["escapes"] = escapes_body(*p, r, units);
            });
        if (!read) return send_error(res, error_from_status(read));
        if (failed) return send_error(res, *failed);
        list.push_back(std::move(entry));
    }
    send_json(res, 200, {{"plants", std::move(list)}});
}

void get_group_review_pack(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, {Role::Auditor, Role::Admin})) return;
    std::vector<ApiContext*> plants;
    if (std::optional<ApiError> e = chosen_plants(ctx, req, true, &plants))
        return send_error(res, *e);
    answer_review_pack(*plants.front(), req, res, {"plant"});
}

}  // namespace

void add_group_routes(Router& router, ApiContext& ctx) {
    router.get("/api/v1/group/analytics", "/api/v1/group/analytics",
               with_context(ctx, get_group_analytics));
    router.get("/api/v1/group/review-pack", "/api/v1/group/review-pack",
               with_context(ctx, get_group_review_pack));
}

}  // namespace stampline::server
