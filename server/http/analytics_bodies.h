// The JSON bodies of GET /api/v1/analytics/{pareto,escapes,bottleneck} for the plant of a
// context over the units of a request's period: what analytics_routes.cpp answers and what the
// head office's group analytics (group_routes.cpp) shows per plant, so that both are the same.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>

#include "server/analytics/analytics_query.h"
#include "server/analytics/nc_analysis.h"
#include "server/http/analytics_request.h"

namespace stampline::server {

// {from, to, time_zone, product_type, stage, code}: the period and filters of r.
nlohmann::json analytics_period_json(const AnalyticsRequest& r);

// The Pareto's own parameters: r.extra's group (none | origin | detection, default none) and
// measure (records | items, default records); a bad value is refused with 400 naming it.
struct ParetoParams {
    std::string group = "none";
    analytics::NcGrouping grouping = analytics::NcGrouping::None;
    analytics::ParetoMeasure measure = analytics::ParetoMeasure::Records;
};
std::optional<ApiError> read_pareto_params(const AnalyticsRequest& r, ParetoParams* out);

// {period, group, measure, groups}, with read_pareto_params' refusals.
std::optional<ApiError> pareto_body(const ApiContext& ctx, const AnalyticsRequest& r,
                                    std::span<const analytics::UnitView> units,
                                    nlohmann::json* out);
// escape_matrix_json with period.
nlohmann::json escapes_body(const ApiContext& ctx, const AnalyticsRequest& r,
                            std::span<const analytics::UnitView> units);
// bottleneck_json with period; the store's error if the work in progress cannot be read.
std::optional<ApiError> bottleneck_body(const ApiContext& ctx, const AnalyticsRequest& r,
                                        std::span<const analytics::UnitView> units,
                                        nlohmann::json* out);

// GET /api/v1/analytics/review-pack's answer (JSON or CSV) for ctx's plant, once the caller has
// authorized the request (review_pack_routes.cpp). `own`: the caller's further query parameters,
// accepted here and left to it.
void answer_review_pack(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
                        std::initializer_list<const char*> own);

}  // namespace stampline::server
