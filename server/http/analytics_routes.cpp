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
    return json{
        {"from", format_date(r.from)},
        {"to", format_date(r.to)},
        {"time_zone", r.time_zone},
        {"product_type", r.query.product_type.empty() ? json() : json(r.query.product_type)},
        {"stage", r.query.stage.empty() ? json() : json(r.query.stage)},
        {"code", r.query.code.empty() ? json() : json(r.query.code)}};
}

json optional_json(const std::optional<double>& v) {
    return v ? json(*v) : json(nullptr);
}

// Authorizes and reads the parameters, then runs fn; errors are answered here.
using Handler = std::function<void(ApiContext&, const Request&, httplib::Response&)>;

void serve_request(ApiContext& ctx, const httplib::Request& req, httplib::Response& res,
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
using Body = std::function<void(ApiContext&, const Request&, std::span<const an::UnitView>,
                                httplib::Response&)>;

void serve(ApiContext& ctx, const httplib::Request& req, httplib::Response& res,
           std::initializer_list<const char*> own, const Body& fn) {
    serve_request(ctx, req, res, own, [&](ApiContext& c, const Request& r, httplib::Response& out) {
        const Status read =
            c.unit_views.read(r.query.from, r.query.to,
                              [&](std::span<const an::UnitView> units) { fn(c, r, units, out); });
        if (!read) send_error(out, error_from_status(read));
    });
}

json pareto_group_json(const Plant& plant, const an::ParetoGroup& pg) {
    json rows = json::array();
    for (const an::ParetoRow& row : pg.rows) {
        const NcCode* code = plant.nc_code(row.code);
        rows.push_back(
            {{"code", row.code},
             {"text", code ? json{{"ru", code->text.ru}, {"en", code->text.en}} : json()},
             {"count", row.count},
             {"quantity", row.quantity},
             {"share", row.share},
             {"cumulative_share", row.cumulative_share}});
    }
    return json{{"stage", pg.stage.empty() ? json() : json(pg.stage)},
                {"total_count", pg.total_count},
                {"total_quantity", pg.total_quantity},
                {"rows", std::move(rows)}};
}

// {stages, field_stages, total_ncs, escapes, field_escapes, escaped_quantity, cells}; a field
// cell has detected_stage null and its lifecycle stage in field_stage.
json escape_matrix_json(const Plant& plant, const an::EscapeMatrix& m) {
    json stages = json::array();
    for (const Stage& s : plant.stages) stages.push_back(s.code);
    json field_stages = json::array();
    for (const LifecycleStage& l : plant.lifecycle_stages) field_stages.push_back(l.code);
    const auto or_null = [](const std::string& s) { return s.empty() ? json() : json(s); };
    json cells = json::array();
    for (const an::EscapeCell& cell : m.cells)
        cells.push_back({{"origin_stage", cell.origin_stage},
                         {"detected_stage", or_null(cell.detected_stage)},
                         {"field_stage", or_null(cell.field_stage)},
                         {"count", cell.count},
                         {"quantity", cell.quantity},
                         {"max_distance", cell.max_distance},
                         {"escapes", cell.escapes},
                         {"escape", cell.escape}});
    return json{{"stages", std::move(stages)},      {"field_stages", std::move(field_stages)},
                {"total_ncs", m.total_ncs},         {"escapes", m.escapes},
                {"field_escapes", m.field_escapes}, {"escaped_quantity", m.escaped_quantity},
                {"cells", std::move(cells)}};
}

json offender_json(const an::RepeatOffender& o) {
    return json{
        {"code", o.code}, {"months_with", o.months_with}, {"count", o.count}, {"months", o.months}};
}

void get_pareto(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    serve(ctx, req, res, {"group", "measure"},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             httplib::Response& out) {
              an::ParetoMeasure measure = an::ParetoMeasure::Records;
              if (const auto m = r.extra.find("measure");
                  m != r.extra.end() && !an::parse_pareto_measure(m->second, &measure))
                  return send_error(out, *bad_param("measure", "measure must be records or items"));
              an::NcGrouping grouping = an::NcGrouping::None;
              const auto g = r.extra.find("group");
              const std::string group = g == r.extra.end() ? "none" : g->second;
              if (group == "origin") {
                  grouping = an::NcGrouping::OriginStage;
              } else if (group == "detection") {
                  grouping = an::NcGrouping::DetectedStage;
              } else if (group != "none") {
                  send_error(out, *bad_param("group", "group must be none, origin or detection"));
                  return;
              }
              const auto groups = an::pareto(c.plant, units, r.query, grouping, measure);
              if (r.csv) {
                  // count: NC records; quantity: nonconforming items; shares in `measure`.
                  Csv csv{"stage", "code", "count", "quantity", "share", "cumulative_share"};
                  for (const an::ParetoGroup& pg : groups)
                      for (const an::ParetoRow& row : pg.rows) {
                          csv.text(pg.stage).text(row.code).num(row.count).num(row.quantity);
                          csv.num(row.share).num(row.cumulative_share).end_row();
                      }
                  send_csv(out, csv.str(), "pareto");
                  return;
              }
              json list = json::array();
              for (const an::ParetoGroup& pg : groups)
                  list.push_back(pareto_group_json(c.plant, pg));
              send_json(out, 200,
                        {{"period", period_json(r)},
                         {"group", group},
                         {"measure", an::pareto_measure_name(measure)},
                         {"groups", std::move(list)}});
          });
}

void get_escapes(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    serve(ctx, req, res, {},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             httplib::Response& out) {
              const an::EscapeMatrix m = an::escape_matrix(c.plant, units, r.query);
              if (r.csv) {
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
                  return;
              }
              json body = escape_matrix_json(c.plant, m);
              body["period"] = period_json(r);
              send_json(out, 200, body);
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
                {"field_escapes", s.field_escapes},
                {"weighted_ncs_per_100_units", s.weighted_ncs_per_100_units},
                {"weighted_escapes_per_100_units", s.weighted_escapes_per_100_units},
                {"ranked", s.ranked},
                {"quality_score", s.ranked ? json(an::quality_score(s)) : json(nullptr)},
                {"timed_units", s.timed_units},
                {"median_working_time_s", s.median_working_time_s},
                {"p90_working_time_s", s.p90_working_time_s},
                {"median_calendar_time_s", s.median_calendar_time_s},
                {"p90_calendar_time_s", s.p90_calendar_time_s},
                {"wip", s.wip},
                {"wip_on_hold", s.wip_on_hold}};
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

void get_stages(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    serve(ctx, req, res, {},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             httplib::Response& out) {
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
json work_calendar_json(const Plant& plant) {
    const WorkCalendar& c = plant.calendar;
    if (!c.defined()) return nullptr;
    json shifts = json::array();
    for (const Shift& s : c.shifts)
        shifts.push_back({{"name", s.name},
                          {"start", format_clock_minute(s.start_minute)},
                          {"end", format_clock_minute(s.end_minute)},
                          {"stages", s.stages}});
    json days_off = json::array();
    for (int d = 0; d < 7; ++d)
        if (c.days_off[static_cast<std::size_t>(d)]) days_off.push_back(weekday_name(d));
    json holidays = json::array();
    for (const Date& d : c.holidays) holidays.push_back(format_date(d));
    return {{"time_zone", plant.zone.name()},
            {"shifts", std::move(shifts)},
            {"days_off", std::move(days_off)},
            {"holidays", std::move(holidays)}};
}

json bottleneck_json(const an::Bottleneck& b, const Plant& plant) {
    auto ranked = [](const std::vector<an::StageStats>& v, bool quality) {
        json list = json::array();
        for (std::size_t i = 0; i < v.size(); ++i) {
            json j = stage_json(v[i]);
            j["rank"] = quality && !v[i].ranked ? json(nullptr) : json(i + 1);
            list.push_back(std::move(j));
        }
        return list;
    };
    const AnalyticsOptions& a = plant.analytics;
    auto top = [](const std::string& stage, const std::string& reason) {
        return stage.empty() ? json(nullptr) : json{{"stage", stage}, {"reason", reason}};
    };
    return json{
        {"top_quality", top(b.top_quality_stage, b.top_quality_reason)},
        {"top_flow", top(b.top_flow_stage, b.top_flow_reason)},
        {"by_quality", ranked(b.by_quality, true)},
        {"by_flow", ranked(b.by_flow, false)},
        {"ranking",
         {{"weights",
           {{"minor", a.weight_minor}, {"major", a.weight_major}, {"critical", a.weight_critical}}},
          {"min_units", a.ranking_min_units}}},
        {"work_calendar", work_calendar_json(plant)}};
}

void get_bottleneck(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    serve(ctx, req, res, {},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             httplib::Response& out) {
              Result<an::Bottleneck> now = bottleneck_now(c, units, r.query);
              if (!now) return send_error(out, error_from_status(now.error()));
              const an::Bottleneck& b = *now;
              if (r.csv) {
                  Csv csv({"ranking", "rank"}, kStageColumns);
                  auto rows = [&](const char* ranking, const std::vector<an::StageStats>& v) {
                      for (std::size_t i = 0; i < v.size(); ++i) {
                          const bool unranked =
                              std::string_view(ranking) == "quality" && !v[i].ranked;
                          csv.text(ranking).num(unranked ? std::nullopt
                                                         : std::optional<double>(i + 1));
                          stage_csv_row(csv, v[i]);
                          csv.end_row();
                      }
                  };
                  rows("quality", b.by_quality);
                  rows("flow", b.by_flow);
                  send_csv(out, csv.str(), "bottleneck");
                  return;
              }
              json body = bottleneck_json(b, c.plant);
              body["period"] = period_json(r);
              send_json(out, 200, body);
          });
}

void get_repeat_offenders(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    serve_request(ctx, req, res, {"months", "min_months"},
                  [](ApiContext& c, const Request& r, httplib::Response& out) {
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

void get_stamps(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    serve(ctx, req, res, {"due_within_days"},
          [](ApiContext& c, const Request& r, std::span<const an::UnitView> units,
             httplib::Response& out) {
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

// ---- the monthly review pack ----

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

// GET /api/v1/analytics/review-pack?month=YYYY-MM[&trend_months=N][&repeat_months=N]
//     [&repeat_min_months=N][&as_of=T][&format=csv]
void get_review_pack(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!authorize(req, res, ctx, {Role::Auditor, Role::Admin})) return;
    static constexpr const char* kParams[] = {
        "month", "trend_months", "repeat_months", "repeat_min_months", "as_of", "format"};
    if (std::optional<ApiError> e = check_query_params(req, kParams, {}))
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
    router.get("/api/v1/analytics/review-pack", "/api/v1/analytics/review-pack",
               with_context(ctx, get_review_pack));
}

}  // namespace stampline::server
