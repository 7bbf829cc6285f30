// The JSON bodies shared by the analytics endpoints and the group analytics (see the header).
#include "server/http/analytics_bodies.h"

#include "server/analytics/nc_analysis.h"
#include "server/analytics/stage_analysis.h"
#include "server/http/analytics_json.h"

namespace stampline::server {

using nlohmann::json;
namespace an = analytics;

json analytics_period_json(const AnalyticsRequest& r) {
    return json{
        {"from", format_date(r.from)},
        {"to", format_date(r.to)},
        {"time_zone", r.time_zone},
        {"product_type", r.query.product_type.empty() ? json() : json(r.query.product_type)},
        {"stage", r.query.stage.empty() ? json() : json(r.query.stage)},
        {"code", r.query.code.empty() ? json() : json(r.query.code)}};
}

std::optional<ApiError> read_pareto_params(const AnalyticsRequest& r, ParetoParams* out) {
    if (const auto m = r.extra.find("measure");
        m != r.extra.end() && !an::parse_pareto_measure(m->second, &out->measure))
        return bad_param("measure", "measure must be records or items");
    const auto g = r.extra.find("group");
    out->group = g == r.extra.end() ? "none" : g->second;
    if (out->group == "origin") {
        out->grouping = an::NcGrouping::OriginStage;
    } else if (out->group == "detection") {
        out->grouping = an::NcGrouping::DetectedStage;
    } else if (out->group != "none") {
        return bad_param("group", "group must be none, origin or detection");
    }
    return std::nullopt;
}

std::optional<ApiError> pareto_body(const ApiContext& ctx, const AnalyticsRequest& r,
                                    std::span<const an::UnitView> units, json* out) {
    ParetoParams p;
    if (std::optional<ApiError> e = read_pareto_params(r, &p)) return e;
    json list = json::array();
    for (const an::ParetoGroup& pg : an::pareto(ctx.plant, units, r.query, p.grouping, p.measure))
        list.push_back(pareto_group_json(ctx.plant, pg));
    *out = json{{"period", analytics_period_json(r)},
                {"group", p.group},
                {"measure", an::pareto_measure_name(p.measure)},
                {"groups", std::move(list)}};
    return std::nullopt;
}

json escapes_body(const ApiContext& ctx, const AnalyticsRequest& r,
                  std::span<const an::UnitView> units) {
    json body = escape_matrix_json(ctx.plant, an::escape_matrix(ctx.plant, units, r.query));
    body["period"] = analytics_period_json(r);
    return body;
}

std::optional<ApiError> bottleneck_body(const ApiContext& ctx, const AnalyticsRequest& r,
                                        std::span<const an::UnitView> units, json* out) {
    Result<an::Bottleneck> now = bottleneck_now(ctx, units, r.query);
    if (!now) return error_from_status(now.error());
    *out = bottleneck_json(*now, ctx.plant);
    (*out)["period"] = analytics_period_json(r);
    return std::nullopt;
}

}  // namespace stampline::server
