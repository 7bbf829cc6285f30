// GET /api/v1/analytics/{pareto,escapes,stages,bottleneck,repeat-offenders,stamps} (auditor,
// admin): the analyses of server/analytics over the units of the period (ApiContext::unit_views,
// read from the store's facts), as JSON or, with ?format=csv, as CSV with a header row
// (text/csv).
//
// Query parameters, all optional: from, to ("YYYY-MM-DD", both days included; default: from the
// first day of to's month to today), product_type, stage, code (each must exist in the plant),
// format (json | csv). Per endpoint: pareto group (none | origin | detection) and measure
// (records: NC records, the default | items: nonconforming items, the sum of quantities; it
// orders the rows and makes the shares; both figures are always given, as count and quantity);
// repeat-offenders months and min_months (the plant's [analytics] repeat_months and
// repeat_min_months by default); stamps due_within_days (default 30). Any other parameter, or a
// bad value, is refused with 400 naming it.
//
// The review pack's endpoint: review_pack_routes.cpp.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <span>

#include "server/analytics/nc_analysis.h"
#include "server/analytics/review_pack.h"
#include "server/analytics/stage_analysis.h"
#include "server/analytics/stamp_oversight.h"
#include "server/http/analytics_bodies.h"
#include "server/http/analytics_json.h"
#include "server/http/analytics_request.h"
#include "server/http/auth.h"
#include "server/http/complaint_json.h"
#include "server/http/json_errors.h"
#include "server/http/request_body.h"
#include "server/http/resource_json.h"
#include "server/http/routes.h"
#include "server/web/csv.h"
#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;
namespace an = analytics;

namespace {

using Request = AnalyticsRequest;
using web::Csv;

json period_json(const Request& r) {
    return analytics_period_json(r);
}

// Authorizes and reads the parameters, then runs fn; errors are answered here.
using Handler = std::function<void(ApiContext&, const Request&, HttpResponse&)>;

void serve_request(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
                   std::initializer_list<const char*> own, const Handler& fn) {
    if (!authorize(req, res, ctx, {Role::Auditor, Role::Admin})) return;
    Request r;
    if (std::optional<ApiError> e = read_analytics_request(ctx, req, own, &r)) {
        send_error(res, *e);
        return;
    }
    fn(ctx, r, res);
}

// The same, running fn over the views of the units of the query's period.
using Body =
    std::function<void(ApiContext&, const Request&, std::span<const an::UnitView>, HttpResponse&)>;

void serve(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
           std::initializer_list<const char*> own, const Body& fn) {
    serve_request(ctx, req, res, own, [&](ApiContext& c, const Request& r, HttpResponse& out) {
        const Status read =
            c.unit_views.read(r.query.from, r.query.to,
                              [&](std::span<const an::UnitView> units) { fn(c, r, units, out); });
        if (!read) send_error(out, error_from_status(read));
    });
}

void get_pareto(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    serve(ctx, req, res, {"group", "measure"},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             HttpResponse& out) {
              if (!r.csv) {
                  json body;
                  if (std::optional<ApiError> e = pareto_body(c, r, units, &body))
                      return send_error(out, *e);
                  return send_json(out, 200, body);
              }
              ParetoParams p;
              if (std::optional<ApiError> e = read_pareto_params(r, &p)) return send_error(out, *e);
              const auto groups = an::pareto(c.plant, units, r.query, p.grouping, p.measure);
              // count: NC records; quantity: nonconforming items; shares in `measure`.
              Csv csv{"stage", "code", "count", "quantity", "share", "cumulative_share"};
              for (const an::ParetoGroup& pg : groups)
                  for (const an::ParetoRow& row : pg.rows) {
                      csv.text(pg.stage).text(row.code).num(row.count).num(row.quantity);
                      csv.num(row.share).num(row.cumulative_share).end_row();
                  }
              send_csv(out, csv.str(), "pareto");
          });
}

void get_escapes(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    serve(ctx, req, res, {},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             HttpResponse& out) {
              if (!r.csv) return send_json(out, 200, escapes_body(c, r, units));
              const an::EscapeMatrix m = an::escape_matrix(c.plant, units, r.query);
              Csv csv{"origin_stage", "detected_stage", "field_stage", "count",
                      "quantity",     "max_distance",   "escapes",     "escape"};
              for (const an::EscapeCell& cell : m.cells) {
                  csv.text(cell.origin_stage).text(cell.detected_stage);
                  csv.text(cell.field_stage).num(cell.count);
                  csv.num(cell.quantity).num(cell.max_distance).num(cell.escapes);
                  csv.boolean(cell.escape);
                  csv.end_row();
              }
              send_csv(out, csv.str(), "escapes");
          });
}

void stage_csv_row(Csv& csv, const an::StageStats& s) {
    csv.text(s.stage).num(s.units_passed).num(s.first_pass_units).num(s.first_pass_yield);
    csv.num(s.ncs_originating).num(s.quantity_originating).num(s.ncs_per_100_units);
    csv.num(s.escapes).num(s.weighted_ncs_per_100_units).num(s.weighted_escapes_per_100_units);
    csv.num(s.ranked ? std::optional<double>(an::quality_score(s)) : std::nullopt);
    csv.num(s.timed_units).num(s.median_working_time_s).num(s.p90_working_time_s);
    csv.num(s.median_calendar_time_s).num(s.p90_calendar_time_s).num(s.wip).num(s.wip_on_hold);
}

constexpr const char* kStageColumns[] = {"stage",
                                         "units_passed",
                                         "first_pass_units",
                                         "first_pass_yield",
                                         "ncs_originating",
                                         "quantity_originating",
                                         "ncs_per_100_units",
                                         "escapes",
                                         "weighted_ncs_per_100_units",
                                         "weighted_escapes_per_100_units",
                                         "quality_score",
                                         "timed_units",
                                         "median_working_time_s",
                                         "p90_working_time_s",
                                         "median_calendar_time_s",
                                         "p90_calendar_time_s",
                                         "wip",
                                         "wip_on_hold"};

void get_stages(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    serve(ctx, req, res, {},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             HttpResponse& out) {
              Result<std::vector<an::StageStats>> stats_now = stage_stats_now(c, units, r.query);
              if (!stats_now) return send_error(out, error_from_status(stats_now.error()));
              const std::vector<an::StageStats>& stats = *stats_now;
              if (r.csv) {
                  Csv csv({}, kStageColumns);
                  for (const an::StageStats& s : stats) {
                      stage_csv_row(csv, s);
                      csv.end_row();
                  }
                  send_csv(out, csv.str(), "stages");
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

// {top_quality, top_flow: {stage, reason} | null, by_quality, by_flow: [stage_json + rank],
//  ranking: {weights: {minor, major, critical}, min_units}}; in by_quality a stage with too few
// units passed has rank null.
// The calendar time in stage is measured against (null: none, every hour is working time).
void get_bottleneck(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    serve(ctx, req, res, {},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             HttpResponse& out) {
              if (!r.csv) {
                  json body;
                  if (std::optional<ApiError> e = bottleneck_body(c, r, units, &body))
                      return send_error(out, *e);
                  return send_json(out, 200, body);
              }
              Result<an::Bottleneck> now = bottleneck_now(c, units, r.query);
              if (!now) return send_error(out, error_from_status(now.error()));
              const an::Bottleneck& b = *now;
              Csv csv({"ranking", "rank"}, kStageColumns);
              auto rows = [&](const char* ranking, const std::vector<an::StageStats>& v) {
                  for (std::size_t i = 0; i < v.size(); ++i) {
                      const bool unranked = std::string_view(ranking) == "quality" && !v[i].ranked;
                      csv.text(ranking).num(unranked ? std::nullopt : std::optional<double>(i + 1));
                      stage_csv_row(csv, v[i]);
                      csv.end_row();
                  }
              };
              rows("quality", b.by_quality);
              rows("flow", b.by_flow);
              send_csv(out, csv.str(), "bottleneck");
          });
}

void get_repeat_offenders(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    serve_request(ctx, req, res, {"months", "min_months"},
                  [](ApiContext& c, const Request& r, HttpResponse& out) {
                      int months = 0;
                      int min_months = 0;
                      if (auto e = read_repeat_window(r, c.plant, "months", "min_months", 120,
                                                      &months, &min_months))
                          return send_error(out, *e);
                      Result<std::vector<an::RepeatOffender>> found = an::repeat_offenders(
                          c.plant, c.unit_views.reader(), r.query, months, min_months);
                      if (!found) return send_error(out, error_from_status(found.error()));
                      const std::vector<an::RepeatOffender>& offenders = *found;
                      if (r.csv) {
                          Csv csv{"code", "months_with", "count", "months"};
                          for (const an::RepeatOffender& o : offenders) {
                              std::string list;
                              for (const std::string& m : o.months)
                                  list += (list.empty() ? "" : " ") + m;
                              csv.text(o.code).num(o.months_with).num(o.count).text(list).end_row();
                          }
                          send_csv(out, csv.str(), "repeat-offenders");
                          return;
                      }
                      json list = json::array();
                      for (const an::RepeatOffender& o : offenders)
                          list.push_back(offender_json(o));
                      send_json(out, 200,
                                {{"period", period_json(r)},
                                 {"months", months},
                                 {"min_months", min_months},
                                 {"offenders", std::move(list)}});
                  });
}

void get_stamps(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    serve(ctx, req, res, {"due_within_days"},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             HttpResponse& out) {
              int within = 0;
              if (auto e = read_int_param(r, "due_within_days", 0, 3660, 30, &within))
                  return send_error(out, *e);
              Result<std::vector<StampRecord>> stamps = c.store.stamps();
              if (!stamps) return send_error(out, error_from_status(stamps.error()));
              Result<std::vector<ProcedureAudit>> audits = c.store.procedure_audits("", "");
              if (!audits) return send_error(out, error_from_status(audits.error()));
              const auto rows =
                  an::stamp_oversight(c.plant, *stamps, units, r.query, r.today, *audits);
              if (r.csv) {
                  Csv csv{"stamp",         "holder",           "status",
                          "registered",    "attestation_due",  "days_to_attestation",
                          "acceptances",   "sign_offs",        "escapes",
                          "field_escapes", "escaped_quantity", "audits",
                          "findings"};
                  for (const an::StampOversight& s : rows) {
                      csv.text(s.stamp).text(s.holder);
                      csv.text(s.registered ? stamp_status_name(s.status) : "");
                      csv.boolean(s.registered);
                      csv.text(s.registered ? format_date(s.attestation_due) : "");
                      csv.num(s.days_to_attestation).num(s.acceptances).num(s.sign_offs);
                      csv.num(s.escapes).num(s.field_escapes).num(s.escaped_quantity);
                      csv.num(s.audits);
                      csv.num(s.findings).end_row();
                  }
                  send_csv(out, csv.str(), "stamps");
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
                       {"field_escapes", s.field_escapes},
                       {"escaped_quantity", s.escaped_quantity},
                       {"audits", s.audits},
                       {"findings", s.findings}});
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
