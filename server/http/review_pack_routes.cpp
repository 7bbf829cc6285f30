// GET /api/v1/analytics/review-pack?month=YYYY-MM[&trend_months=N][&repeat_months=N]
// [&repeat_min_months=N][&as_of=T][&format=csv] (auditor, admin): the monthly review pack
// (analytics/review_pack.h, whose header defines new and earlier decisions and when the review
// was held). month is required; trend_months 1..36, default 6; repeat_months 1..24 and
// repeat_min_months 1..repeat_months (plant defaults); as_of (YYYY-MM-DDTHH:MM:SSZ, not in the
// future) fixes the instant the decisions' execution is judged at, default now; no other
// parameter. JSON: everything, with as_of, review_held_at and repeat_offenders.history_months
// (months of the window on record; enough_history false below the window), and the customer
// complaints section (analytics/complaint_analysis.h); CSV: the trend.
#include <algorithm>
#include <optional>
#include <vector>

#include "server/analytics/complaint_analysis.h"
#include "server/analytics/review_pack.h"
#include "server/http/analytics_bodies.h"
#include "server/http/analytics_json.h"
#include "server/http/analytics_request.h"
#include "server/http/auth.h"
#include "server/http/complaint_json.h"
#include "server/http/json_errors.h"
#include "server/http/request_body.h"
#include "server/http/resource_json.h"
#include "server/http/routes.h"
#include "server/service/complaints.h"
#include "server/service/corrective_actions.h"
#include "server/web/csv.h"

namespace stampline::server {

using nlohmann::json;
namespace an = analytics;

namespace {

using Request = AnalyticsRequest;
using web::Csv;

constexpr int kMaxTrendMonths = 36;

json optional_time_json(const std::optional<Timestamp>& t) {
    return t ? json(format_utc(*t)) : json(nullptr);
}

// The action as corrective_action_json shows it, with the review's view of it as of as_of.
json decision_json(const an::DecisionReview& d) {
    json j = corrective_action_json(d.action);
    j["status_as_of"] = ca_status_name(d.status_then);
    j["overdue"] = d.overdue;
    j["done_at"] = optional_time_json(d.done_at);
    j["verified"] = d.verified;
    return j;
}

json trend_row_json(const an::TrendRow& t) {
    json yields = json::array();
    for (const an::ProductYield& y : t.rolled_throughput_yields)
        yields.push_back({{"product_type", y.product_type},
                          {"rolled_throughput_yield", optional_json(y.rolled_throughput_yield)}});
    const CaMonthFigures& ca = t.corrective_actions;
    return json{{"month", format_year_month(t.month)},
                {"units_passed", t.units_passed},
                {"ncs", t.ncs},
                {"nc_quantity", t.nc_quantity},
                {"ncs_per_100_units", t.ncs_per_100_units},
                {"escapes", t.escapes},
                {"escaped_quantity", t.escaped_quantity},
                {"first_pass_yield", optional_json(t.first_pass_yield)},
                {"rolled_throughput_yields", std::move(yields)},
                {"corrective_actions",
                 {{"due", ca.due},
                  {"done", ca.done()},
                  {"done_on_time", ca.done_on_time},
                  {"done_late", ca.done_late},
                  {"overdue", ca.overdue}}}};
}

// The trend table: one row per month, a rolled throughput yield column per product type.
Csv trend_csv(const Plant& plant, const std::vector<an::TrendRow>& trend) {
    std::vector<std::string> names;
    for (const ProductType& p : plant.products) names.push_back("rty_" + p.code);
    names.insert(names.end(), {"ca_due", "ca_done", "ca_overdue"});
    std::vector<const char*> rest;
    for (const std::string& n : names) rest.push_back(n.c_str());
    Csv csv({"month", "units_passed", "ncs", "nc_quantity", "ncs_per_100_units", "escapes",
             "escaped_quantity", "first_pass_yield"},
            rest);
    for (const an::TrendRow& t : trend) {
        csv.text(format_year_month(t.month)).num(t.units_passed).num(t.ncs).num(t.nc_quantity);
        csv.num(t.ncs_per_100_units).num(t.escapes).num(t.escaped_quantity);
        csv.num(t.first_pass_yield);
        for (const ProductType& p : plant.products) {
            std::optional<double> rty;
            for (const an::ProductYield& y : t.rolled_throughput_yields)
                if (y.product_type == p.code) rty = y.rolled_throughput_yield;
            csv.num(rty);
        }
        csv.num(t.corrective_actions.due).num(t.corrective_actions.done());
        csv.num(t.corrective_actions.overdue).end_row();
    }
    return csv;
}

}  // namespace

void answer_review_pack(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
                        std::initializer_list<const char*> own) {
    static constexpr const char* kParams[] = {
        "month", "trend_months", "repeat_months", "repeat_min_months", "as_of", "format"};
    if (std::optional<ApiError> e = check_query_params(req, kParams, own))
        return send_error(res, *e);
    if (!req.has_param("month"))
        return send_error(
            res, *bad_param("month", "missing required query parameter 'month' (YYYY-MM)"));
    Result<YearMonth> month = parse_year_month(req.get_param_value("month"));
    if (!month) return send_error(res, *bad_param("month", "month: " + month.error().message()));
    Request r;
    for (const char* name : {"trend_months", "repeat_months", "repeat_min_months"})
        if (req.has_param(name)) r.extra[name] = req.get_param_value(name);
    an::ReviewPackOptions options;
    options.month = *month;
    if (auto e = read_as_of(req, ctx.clock.now(), &options.as_of)) return send_error(res, *e);
    if (auto e = read_int_param(r, "trend_months", 1, kMaxTrendMonths, 6, &options.trend_months))
        return send_error(res, *e);
    if (auto e = read_repeat_window(r, ctx.plant, "repeat_months", "repeat_min_months", 24,
                                    &options.repeat_months, &options.repeat_min_months))
        return send_error(res, *e);
    if (auto e = read_format(req, &r.csv)) return send_error(res, *e);

    Result<std::vector<CorrectiveAction>> actions = corrective_actions(ctx.store);
    if (!actions) return send_error(res, error_from_status(actions.error()));
    Result<an::ReviewPack> made = make_review_pack(ctx, *actions, options);
    if (!made) return send_error(res, error_from_status(made.error()));
    const an::ReviewPack& pack = *made;
    Result<std::vector<Complaint>> complaint_list = complaints(ctx.store, ctx.plant);
    if (!complaint_list) return send_error(res, error_from_status(complaint_list.error()));
    const an::ComplaintFigures complaint_section = an::complaint_figures(
        *complaint_list, ctx.plant.zone, pack.month, options.trend_months, pack.as_of);

    if (r.csv) {
        return send_csv(res, trend_csv(ctx.plant, pack.trend).str(),
                        "review-pack-" + format_year_month(pack.month));
    }
    json trend = json::array();
    for (const an::TrendRow& t : pack.trend) trend.push_back(trend_row_json(t));
    json offenders = json::array();
    for (const an::RepeatOffender& o : pack.repeat_offenders) offenders.push_back(offender_json(o));
    json earlier = json::array();
    for (const an::DecisionReview& d : pack.earlier_decisions) earlier.push_back(decision_json(d));
    json fresh = json::array();
    for (const an::DecisionReview& d : pack.new_decisions) fresh.push_back(decision_json(d));
    send_json(res, 200,
              {{"month", format_year_month(pack.month)},
               {"time_zone", ctx.plant.zone.name()},
               {"from", format_utc(pack.from)},
               {"to", format_utc(pack.to)},
               {"as_of", format_utc(pack.as_of)},
               {"review_held_at", format_utc(pack.review_held)},
               {"review_held_recorded", pack.review_held_recorded},
               {"trend_months", options.trend_months},
               {"trend", std::move(trend)},
               {"pareto", pareto_group_json(ctx.plant, pack.pareto)},
               {"escapes", escape_matrix_json(ctx.plant, pack.escapes)},
               {"bottleneck", bottleneck_json(pack.bottleneck, ctx.plant)},
               {"repeat_offenders",
                {{"months", pack.repeat_months},
                 {"min_months", pack.repeat_min_months},
                 {"history_months", pack.repeat_history_months},
                 {"enough_history", pack.repeat_history_months >= pack.repeat_months},
                 {"offenders", std::move(offenders)}}},
               {"earlier_decisions", std::move(earlier)},
               {"new_decisions", std::move(fresh)},
               {"complaints", complaint_figures_json(complaint_section)},
               {"chain_head", {{"seq", pack.chain_seq}, {"hash", pack.chain_hash}}}});
}

namespace {

// GET /api/v1/analytics/review-pack?month=YYYY-MM[&trend_months=N][&repeat_months=N]
//     [&repeat_min_months=N][&as_of=T][&format=csv]
void get_review_pack(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, {Role::Auditor, Role::Admin})) return;
    answer_review_pack(ctx, req, res, {});
}

}  // namespace

void add_review_pack_routes(Router& router, ApiContext& ctx) {
    router.get("/api/v1/analytics/review-pack", "/api/v1/analytics/review-pack",
               with_context(ctx, get_review_pack));
}

}  // namespace stampline::server
