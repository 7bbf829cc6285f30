// GET /api/v1/analytics/{pareto,escapes,stages,bottleneck,repeat-offenders,stamps} (auditor,
// admin): the analyses of server/analytics over the whole log (ApiContext::analytics_log, kept
// in memory and read incrementally), as JSON or, with ?format=csv, as CSV with a header row
// (text/csv).
//
// Query parameters, all optional: from, to ("YYYY-MM-DD", both days included; default: from the
// first day of to's month to today), product_type, stage, code (each must exist in the plant),
// format (json | csv). Per endpoint: pareto group (none | origin | detection); repeat-offenders
// months (default 6) and min_months (default 3); stamps due_within_days (default 30). Any other
// parameter, or a bad value, is refused with 400 naming it.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <span>

#include "server/analytics/nc_analysis.h"
#include "server/analytics/stage_analysis.h"
#include "server/analytics/stamp_oversight.h"
#include "server/http/auth.h"
#include "server/http/json_errors.h"
#include "server/http/request_body.h"
#include "server/http/routes.h"
#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;
namespace an = analytics;

namespace {

constexpr std::int64_t kDayMs = 86'400'000;

struct Request {
    an::Query query;
    Date from;
    Date to;  // included
    Date today;
    bool csv = false;
    std::map<std::string, std::string, std::less<>> extra;  // endpoint-specific parameters
};

std::optional<ApiError> bad(const std::string& field, const std::string& message) {
    return ApiError{400, "invalid_field", message, field};
}

// Reads the common parameters and the endpoint's own ones (`own`); nullopt error when fine.
std::optional<ApiError> read_request(const ApiContext& ctx, const httplib::Request& req,
                                     std::initializer_list<const char*> own, Request* out) {
    static constexpr const char* kCommon[] = {"from",  "to",   "product_type",
                                              "stage", "code", "format"};
    for (const auto& [name, value] : req.params) {
        bool known = false;
        for (const char* c : kCommon) known = known || name == c;
        for (const char* c : own) known = known || name == c;
        if (!known)
            return ApiError{400, "unknown_field",
                            "unknown query parameter '" + printable_clipped(name) + "'", name};
        if (req.get_param_value_count(name) > 1)
            return bad(name, "query parameter '" + name + "' is given more than once");
        if (value.size() > 64 || !text_problem(value).empty())
            return bad(name, "query parameter '" + name + "' has an unreadable value");
    }
    out->today = date_of(ctx.clock.now());
    out->to = out->today;
    if (req.has_param("to")) {
        Result<Date> d = parse_date(req.get_param_value("to"));
        if (!d) return bad("to", "to: " + d.error().message());
        out->to = *d;
    }
    out->from = Date{out->to.year, out->to.month, 1};
    if (req.has_param("from")) {
        Result<Date> d = parse_date(req.get_param_value("from"));
        if (!d) return bad("from", "from: " + d.error().message());
        out->from = *d;
    }
    if (out->from > out->to)
        return bad("from",
                   "from " + format_date(out->from) + " is after to " + format_date(out->to));
    out->query.from = Timestamp{days_from_civil(out->from) * kDayMs};
    out->query.to = Timestamp{(days_from_civil(out->to) + 1) * kDayMs};
    out->query.product_type = req.get_param_value("product_type");
    out->query.stage = req.get_param_value("stage");
    out->query.code = req.get_param_value("code");
    const std::string& pt = out->query.product_type;
    if (!pt.empty() && !ctx.plant.product(pt))
        return bad("product_type", "product_type '" + pt + "' is not in the plant configuration");
    if (!out->query.stage.empty() && !ctx.plant.stage(out->query.stage))
        return bad("stage", "stage '" + out->query.stage + "' is not in the plant configuration");
    if (!out->query.code.empty() && !ctx.plant.nc_code(out->query.code))
        return bad("code", "NC code '" + out->query.code + "' is not in the catalog");
    const std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
    if (format != "json" && format != "csv")
        return bad("format", "format must be json or csv, not '" + format + "'");
    out->csv = format == "csv";
    for (const char* name : own)
        if (req.has_param(name)) out->extra[name] = req.get_param_value(name);
    return std::nullopt;
}

// The integer parameter `name` in [lo, hi], or `fallback` when absent.
std::optional<ApiError> read_int(const Request& r, const char* name, int lo, int hi, int fallback,
                                 int* out) {
    *out = fallback;
    auto it = r.extra.find(name);
    if (it == r.extra.end()) return std::nullopt;
    const std::string& text = it->second;
    int v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi)
        return bad(name, std::string(name) + " must be a whole number from " + std::to_string(lo) +
                             " to " + std::to_string(hi));
    *out = v;
    return std::nullopt;
}

json period_json(const Request& r) {
    return json{
        {"from", format_date(r.from)},
        {"to", format_date(r.to)},
        {"product_type", r.query.product_type.empty() ? json() : json(r.query.product_type)},
        {"stage", r.query.stage.empty() ? json() : json(r.query.stage)},
        {"code", r.query.code.empty() ? json() : json(r.query.code)}};
}

json optional_json(const std::optional<double>& v) {
    return v ? json(*v) : json(nullptr);
}

// CSV (RFC 4180): fields quoted when they hold a comma, quote or line break; text that a
// spreadsheet would run as a formula (= + - @ first) is prefixed with an apostrophe.
class Csv {
public:
    // Starts with the header row: `first` then `rest`.
    explicit Csv(std::initializer_list<const char*> first, std::span<const char* const> rest = {}) {
        for (const char* h : first) text(h);
        for (const char* h : rest) text(h);
        end_row();
    }
    Csv& text(std::string_view s) {
        std::string v(s);
        if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@'))
            v.insert(0, "'");
        if (v.find_first_of(",\"\r\n") != std::string::npos) {
            std::string q = "\"";
            for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
            v = q + "\"";
        }
        return cell(v);
    }
    Csv& num(double v) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.6g", v);
        return cell(buf);
    }
    Csv& num(const std::optional<double>& v) { return v ? num(*v) : cell(""); }
    Csv& boolean(bool v) { return cell(v ? "true" : "false"); }
    void end_row() {
        out_ += "\r\n";
        first_ = true;
    }
    const std::string& str() const { return out_; }

private:
    Csv& cell(std::string_view v) {
        if (!first_) out_ += ',';
        out_ += v;
        first_ = false;
        return *this;
    }
    std::string out_;
    bool first_ = true;
};

void send_csv(httplib::Response& res, const Csv& csv, const char* name) {
    res.status = 200;
    res.set_header("Content-Disposition", std::string("attachment; filename=\"") + name + ".csv\"");
    res.set_content(csv.str(), "text/csv; charset=utf-8");
}

// Authorizes, reads the parameters, brings the in-memory log up to date, then runs fn over every
// unit's view (under the log's shared lock); errors are answered here.
using Body = std::function<void(ApiContext&, const Request&, std::span<const an::UnitView>,
                                httplib::Response&)>;

void serve(ApiContext& ctx, const httplib::Request& req, httplib::Response& res,
           std::initializer_list<const char*> own, const Body& fn) {
    if (!authorize(req, res, ctx, {Role::Auditor, Role::Admin})) return;
    Request r;
    if (std::optional<ApiError> e = read_request(ctx, req, own, &r)) {
        send_error(res, *e);
        return;
    }
    const Status read = ctx.analytics_log.read(
        [&](std::span<const an::UnitView> units) { fn(ctx, r, units, res); });
    if (!read) send_error(res, error_from_status(read));
}

void get_pareto(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    serve(ctx, req, res, {"group"},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             httplib::Response& out) {
              an::NcGrouping grouping = an::NcGrouping::None;
              const auto g = r.extra.find("group");
              const std::string group = g == r.extra.end() ? "none" : g->second;
              if (group == "origin") {
                  grouping = an::NcGrouping::OriginStage;
              } else if (group == "detection") {
                  grouping = an::NcGrouping::DetectedStage;
              } else if (group != "none") {
                  send_error(out, *bad("group", "group must be none, origin or detection"));
                  return;
              }
              const auto groups = an::pareto(c.plant, units, r.query, grouping);
              if (r.csv) {
                  Csv csv{"stage", "code", "count", "quantity", "share", "cumulative_share"};
                  for (const an::ParetoGroup& pg : groups)
                      for (const an::ParetoRow& row : pg.rows) {
                          csv.text(pg.stage).text(row.code).num(row.count).num(row.quantity);
                          csv.num(row.share).num(row.cumulative_share).end_row();
                      }
                  send_csv(out, csv, "pareto");
                  return;
              }
              json list = json::array();
              for (const an::ParetoGroup& pg : groups) {
                  json rows = json::array();
                  for (const an::ParetoRow& row : pg.rows) {
                      const NcCode* code = c.plant.nc_code(row.code);
                      rows.push_back(
                          {{"code", row.code},
                           {"text",
                            code ? json{{"ru", code->text.ru}, {"en", code->text.en}} : json()},
                           {"count", row.count},
                           {"quantity", row.quantity},
                           {"share", row.share},
                           {"cumulative_share", row.cumulative_share}});
                  }
                  list.push_back({{"stage", pg.stage.empty() ? json() : json(pg.stage)},
                                  {"total_count", pg.total_count},
                                  {"total_quantity", pg.total_quantity},
                                  {"rows", std::move(rows)}});
              }
              send_json(
                  out, 200,
                  {{"period", period_json(r)}, {"group", group}, {"groups", std::move(list)}});
          });
}

void get_escapes(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    serve(ctx, req, res, {},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             httplib::Response& out) {
              const an::EscapeMatrix m = an::escape_matrix(c.plant, units, r.query);
              if (r.csv) {
                  Csv csv{"origin_stage", "detected_stage", "count",
                          "quantity",     "max_distance",   "escape"};
                  for (const an::EscapeCell& cell : m.cells) {
                      csv.text(cell.origin_stage).text(cell.detected_stage).num(cell.count);
                      csv.num(cell.quantity).num(cell.max_distance).boolean(cell.escape);
                      csv.end_row();
                  }
                  send_csv(out, csv, "escapes");
                  return;
              }
              json stages = json::array();
              for (const Stage& s : c.plant.stages) stages.push_back(s.code);
              json cells = json::array();
              for (const an::EscapeCell& cell : m.cells)
                  cells.push_back({{"origin_stage", cell.origin_stage},
                                   {"detected_stage", cell.detected_stage},
                                   {"count", cell.count},
                                   {"quantity", cell.quantity},
                                   {"max_distance", cell.max_distance},
                                   {"escape", cell.escape}});
              send_json(out, 200,
                        {{"period", period_json(r)},
                         {"stages", std::move(stages)},
                         {"total_ncs", m.total_ncs},
                         {"escapes", m.escapes},
                         {"escaped_quantity", m.escaped_quantity},
                         {"cells", std::move(cells)}});
          });
}

json stage_json(const an::StageStats& s) {
    return json{{"stage", s.stage},
                {"units_passed", s.units_passed},
                {"first_pass_units", s.first_pass_units},
                {"first_pass_yield", optional_json(s.first_pass_yield)},
                {"ncs_originating", s.ncs_originating},
                {"quantity_originating", s.quantity_originating},
                {"ncs_per_100_units", s.ncs_per_100_units},
                {"escapes", s.escapes},
                {"quality_score", an::quality_score(s)},
                {"timed_units", s.timed_units},
                {"median_time_s", s.median_time_s},
                {"p90_time_s", s.p90_time_s},
                {"wip", s.wip},
                {"wip_on_hold", s.wip_on_hold}};
}

void stage_csv_row(Csv& csv, const an::StageStats& s) {
    csv.text(s.stage).num(s.units_passed).num(s.first_pass_units).num(s.first_pass_yield);
    csv.num(s.ncs_originating).num(s.quantity_originating).num(s.ncs_per_100_units);
    csv.num(s.escapes).num(an::quality_score(s)).num(s.timed_units).num(s.median_time_s);
    csv.num(s.p90_time_s).num(s.wip).num(s.wip_on_hold);
}

constexpr const char* kStageColumns[] = {"stage",
                                         "units_passed",
                                         "first_pass_units",
                                         "first_pass_yield",
                                         "ncs_originating",
                                         "quantity_originating",
                                         "ncs_per_100_units",
                                         "escapes",
                                         "quality_score",
                                         "timed_units",
                                         "median_time_s",
                                         "p90_time_s",
                                         "wip",
                                         "wip_on_hold"};

void get_stages(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    serve(ctx, req, res, {},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             httplib::Response& out) {
              const auto stats = an::stage_stats(c.plant, units, r.query);
              if (r.csv) {
                  Csv csv({}, kStageColumns);
                  for (const an::StageStats& s : stats) {
                      stage_csv_row(csv, s);
                      csv.end_row();
                  }
                  send_csv(out, csv, "stages");
                  return;
              }
              json rows = json::array();
              for (const an::StageStats& s : stats) rows.push_back(stage_json(s));
              json routes = json::array();
              for (const an::RouteYield& y : an::route_yields(c.plant, units, r.query)) {
                  json fpy = json::array();
                  for (const auto& v : y.first_pass_yields) fpy.push_back(optional_json(v));
                  routes.push_back(
                      {{"product_type", y.product_type},
                       {"stages", y.stages},
                       {"first_pass_yields", std::move(fpy)},
                       {"rolled_throughput_yield", optional_json(y.rolled_throughput_yield)}});
              }
              send_json(out, 200,
                        {{"period", period_json(r)},
                         {"stages", std::move(rows)},
                         {"routes", std::move(routes)}});
          });
}

void get_bottleneck(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    serve(ctx, req, res, {},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             httplib::Response& out) {
              const an::Bottleneck b = an::bottleneck(c.plant, units, r.query);
              if (r.csv) {
                  Csv csv({"ranking", "rank"}, kStageColumns);
                  auto rows = [&](const char* ranking, const std::vector<an::StageStats>& v) {
                      for (std::size_t i = 0; i < v.size(); ++i) {
                          csv.text(ranking).num(static_cast<double>(i + 1));
                          stage_csv_row(csv, v[i]);
                          csv.end_row();
                      }
                  };
                  rows("quality", b.by_quality);
                  rows("flow", b.by_flow);
                  send_csv(out, csv, "bottleneck");
                  return;
              }
              auto ranked = [](const std::vector<an::StageStats>& v) {
                  json list = json::array();
                  for (std::size_t i = 0; i < v.size(); ++i) {
                      json j = stage_json(v[i]);
                      j["rank"] = i + 1;
                      list.push_back(std::move(j));
                  }
                  return list;
              };
              auto top = [](const std::string& stage, const std::string& reason) {
                  return stage.empty() ? json(nullptr) : json{{"stage", stage}, {"reason", reason}};
              };
              send_json(out, 200,
                        {{"period", period_json(r)},
                         {"top_quality", top(b.top_quality_stage, b.top_quality_reason)},
                         {"top_flow", top(b.top_flow_stage, b.top_flow_reason)},
                         {"by_quality", ranked(b.by_quality)},
                         {"by_flow", ranked(b.by_flow)}});
          });
}

void get_repeat_offenders(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    serve(ctx, req, res, {"months", "min_months"},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             httplib::Response& out) {
              int months = 0;
              int min_months = 0;
              if (auto e = read_int(r, "months", 1, 120, 6, &months)) return send_error(out, *e);
              if (auto e = read_int(r, "min_months", 1, months, std::min(3, months), &min_months))
                  return send_error(out, *e);
              const auto offenders =
                  an::repeat_offenders(c.plant, units, r.query, months, min_months);
              if (r.csv) {
                  Csv csv{"code", "months_with", "count", "months"};
                  for (const an::RepeatOffender& o : offenders) {
                      std::string list;
                      for (const std::string& m : o.months) list += (list.empty() ? "" : " ") + m;
                      csv.text(o.code).num(o.months_with).num(o.count).text(list).end_row();
                  }
                  send_csv(out, csv, "repeat-offenders");
                  return;
              }
              json list = json::array();
              for (const an::RepeatOffender& o : offenders)
                  list.push_back({{"code", o.code},
                                  {"months_with", o.months_with},
                                  {"count", o.count},
                                  {"months", o.months}});
              send_json(out, 200,
                        {{"period", period_json(r)},
                         {"months", months},
                         {"min_months", min_months},
                         {"offenders", std::move(list)}});
          });
}

void get_stamps(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    serve(ctx, req, res, {"due_within_days"},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             httplib::Response& out) {
              int within = 0;
              if (auto e = read_int(r, "due_within_days", 0, 3660, 30, &within))
                  return send_error(out, *e);
              Result<std::vector<StampRecord>> stamps = c.store.stamps();
              if (!stamps) return send_error(out, error_from_status(stamps.error()));
              const auto rows = an::stamp_oversight(c.plant, *stamps, units, r.query, r.today);
              if (r.csv) {
                  Csv csv{"stamp",           "holder",          "status",
                          "registered",      "attestation_due", "days_to_attestation",
                          "acceptances",     "sign_offs",       "escapes",
                          "escaped_quantity"};
                  for (const an::StampOversight& s : rows) {
                      csv.text(s.stamp).text(s.holder);
                      csv.text(s.registered ? stamp_status_name(s.status) : "");
                      csv.boolean(s.registered);
                      csv.text(s.registered ? format_date(s.attestation_due) : "");
                      csv.num(s.days_to_attestation).num(s.acceptances).num(s.sign_offs);
                      csv.num(s.escapes).num(s.escaped_quantity).end_row();
                  }
                  send_csv(out, csv, "stamps");
                  return;
              }
              json list = json::array();
              for (const an::StampOversight& s : rows)
                  list.push_back(
                      {{"stamp", s.stamp},
                       {"holder", s.holder},
                       {"registered", s.registered},
                       {"status", s.registered ? json(stamp_status_name(s.status)) : json()},
                       {"attestation_due",
                        s.registered ? json(format_date(s.attestation_due)) : json()},
                       {"days_to_attestation", s.registered ? json(s.days_to_attestation) : json()},
                       {"acceptances", s.acceptances},
                       {"sign_offs", s.sign_offs},
                       {"escapes", s.escapes},
                       {"escaped_quantity", s.escaped_quantity}});
              json due = json::array();
              for (const an::AttestationDue& d : an::stamps_due(*stamps, r.today, within))
                  due.push_back({{"stamp", d.stamp},
                                 {"holder", d.holder},
                                 {"status", stamp_status_name(d.status)},
                                 {"attestation_due", format_date(d.attestation_due)},
                                 {"days_left", d.days_left}});
              send_json(out, 200,
                        {{"period", period_json(r)},
                         {"today", format_date(r.today)},
                         {"due_within_days", within},
                         {"stamps", std::move(list)},
                         {"due_for_attestation", std::move(due)}});
          });
}

}  // namespace

void add_analytics_routes(Router& router, ApiContext& ctx) {
    router.get("/api/v1/analytics/pareto", "/api/v1/analytics/pareto",
               with_context(ctx, get_pareto));
    router.get("/api/v1/analytics/escapes", "/api/v1/analytics/escapes",
               with_context(ctx, get_escapes));
    router.get("/api/v1/analytics/stages", "/api/v1/analytics/stages",
               with_context(ctx, get_stages));
    router.get("/api/v1/analytics/bottleneck", "/api/v1/analytics/bottleneck",
               with_context(ctx, get_bottleneck));
    router.get("/api/v1/analytics/repeat-offenders", "/api/v1/analytics/repeat-offenders",
               with_context(ctx, get_repeat_offenders));
    router.get("/api/v1/analytics/stamps", "/api/v1/analytics/stamps",
               with_context(ctx, get_stamps));
}

}  // namespace stampline::server
