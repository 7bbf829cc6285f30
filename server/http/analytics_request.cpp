#include "server/http/analytics_request.h"

#include <charconv>

#include "server/http/request_body.h"
#include "shared/printable.h"

namespace stampline::server {

namespace {}  // namespace

std::optional<ApiError> bad_param(const std::string& field, const std::string& message) {
    return ApiError{400, "invalid_field", message, field};
}

std::optional<ApiError> check_query_params(const HttpRequest& req,
                                           std::span<const char* const> common,
                                           std::initializer_list<const char*> own) {
    for (const auto& [name, value] : req.params) {
        bool known = false;
        for (const char* c : common) known = known || name == c;
        for (const char* c : own) known = known || name == c;
        if (!known)
            return ApiError{400, "unknown_field",
                            "unknown query parameter '" + printable_clipped(name) + "'", name};
        if (req.get_param_value_count(name) > 1)
            return bad_param(name, "query parameter '" + name + "' is given more than once");
        if (value.size() > 64 || !text_problem(value).empty())
            return bad_param(name, "query parameter '" + name + "' has an unreadable value");
    }
    return std::nullopt;
}

std::optional<ApiError> read_format(const HttpRequest& req, bool* csv) {
    const std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
    if (format != "json" && format != "csv")
        return bad_param("format", "format must be json or csv, not '" + format + "'");
    *csv = format == "csv";
    return std::nullopt;
}

std::optional<ApiError> read_analytics_request(const ApiContext& ctx, const HttpRequest& req,
                                               std::initializer_list<const char*> own,
                                               AnalyticsRequest* out) {
    static constexpr const char* kCommon[] = {"from",  "to",   "product_type",
                                              "stage", "code", "format"};
    if (std::optional<ApiError> e = check_query_params(req, kCommon, own)) return e;
    const TimeZone& zone = ctx.plant.zone;
    out->today = zone.date_of(ctx.clock.now());
    out->time_zone = zone.name();
    out->to = out->today;
    if (req.has_param("to")) {
        Result<Date> d = parse_date(req.get_param_value("to"));
        if (!d) return bad_param("to", "to: " + d.error().message());
        out->to = *d;
    }
    out->from = Date{out->to.year, out->to.month, 1};
    if (req.has_param("from")) {
        Result<Date> d = parse_date(req.get_param_value("from"));
        if (!d) return bad_param("from", "from: " + d.error().message());
        out->from = *d;
    }
    if (out->from > out->to)
        return bad_param("from",
                         "from " + format_date(out->from) + " is after to " + format_date(out->to));
    out->query.from = zone.start_of(out->from);
    out->query.to = zone.start_of(civil_from_days(days_from_civil(out->to) + 1));
    out->query.product_type = req.get_param_value("product_type");
    out->query.stage = req.get_param_value("stage");
    out->query.code = req.get_param_value("code");
    const std::string& pt = out->query.product_type;
    if (!pt.empty() && !ctx.plant.product(pt))
        return bad_param("product_type",
                         "product_type '" + pt + "' is not in the plant configuration");
    if (!out->query.stage.empty() && !ctx.plant.stage(out->query.stage))
        return bad_param("stage",
                         "stage '" + out->query.stage + "' is not in the plant configuration");
    if (!out->query.code.empty() && !ctx.plant.nc_code(out->query.code))
        return bad_param("code", "NC code '" + out->query.code + "' is not in the catalog");
    if (std::optional<ApiError> e = read_format(req, &out->csv)) return e;
    for (const char* name : own)
        if (req.has_param(name)) out->extra[name] = req.get_param_value(name);
    return std::nullopt;
}

std::optional<ApiError> read_as_of(const HttpRequest& req, Timestamp now, Timestamp* out) {
    *out = now;
    if (!req.has_param("as_of")) return std::nullopt;
    Result<Timestamp> t = parse_utc(req.get_param_value("as_of"));
    if (!t)
        return bad_param(
            "as_of", "as_of: " + t.error().message() + " (an instant YYYY-MM-DDTHH:MM:SSZ, UTC)");
    if (*t > now) return bad_param("as_of", "as_of: " + format_utc(*t) + " is in the future");
    *out = *t;
    return std::nullopt;
}

Result<analytics::ReviewPack> make_review_pack(const ApiContext& ctx,
                                               std::span<const CorrectiveAction> actions,
                                               const analytics::ReviewPackOptions& options) {
    Result<UnitsSummary> summary = ctx.unit_views.summary();
    if (!summary) return summary.error();
    Result<analytics::ReviewPack> pack =
        analytics::review_pack(ctx.plant, ctx.month_figures.source(), *summary, actions, options);
    if (!pack) return pack;
    Result<StoreCounts> counts = ctx.store.counts();
    if (!counts) return counts.error();
    pack->chain_seq = counts->events;
    pack->chain_hash = counts->head_hash;
    return pack;
}

Result<std::vector<analytics::StageStats>> stage_stats_now(
    const ApiContext& ctx, std::span<const analytics::UnitView> units,
    const analytics::Query& query) {
    Result<UnitsSummary> summary = ctx.unit_views.summary();
    if (!summary) return summary.error();
    std::vector<analytics::StageStats> stats = analytics::stage_stats(ctx.plant, units, query);
    analytics::set_work_in_progress(ctx.plant, summary->progress, query, stats);
    return stats;
}

Result<analytics::Bottleneck> bottleneck_now(const ApiContext& ctx,
                                             std::span<const analytics::UnitView> units,
                                             const analytics::Query& query) {
    Result<std::vector<analytics::StageStats>> stats = stage_stats_now(ctx, units, query);
    if (!stats) return stats.error();
    return analytics::bottleneck(std::move(stats).value());
}

std::optional<ApiError> read_int_param(const AnalyticsRequest& r, const char* name, int lo, int hi,
                                       int fallback, int* out) {
    *out = fallback;
    auto it = r.extra.find(name);
    if (it == r.extra.end()) return std::nullopt;
    const std::string& text = it->second;
    int v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi)
        return bad_param(name, std::string(name) + " must be a whole number from " +
                                   std::to_string(lo) + " to " + std::to_string(hi));
    *out = v;
    return std::nullopt;
}

std::optional<ApiError> read_repeat_window(const AnalyticsRequest& r, const Plant& plant,
                                           const char* months_name, const char* min_name,
                                           int max_months, int* months, int* min_months) {
    if (auto e = read_int_param(r, months_name, 1, max_months,
                                std::min(plant.analytics.repeat_months, max_months), months))
        return e;
    return read_int_param(r, min_name, 1, *months,
                          std::min(plant.analytics.repeat_min_months, *months), min_months);
}

}  // namespace stampline::server
