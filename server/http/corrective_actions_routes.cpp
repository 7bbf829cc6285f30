// Corrective actions decided at the monthly review (service/corrective_actions.h). Auditors run
// the review and record its decisions, admins may too: both may read and write; a terminal
// token gets 403.
//   POST /api/v1/corrective-actions {title, nc_codes, stages, owner_department, due,
//        review_month}                                                               201
//        review_month (YYYY-MM, required): the month whose review meeting took the decision,
//        not after this month (the November meeting, held in December, records "2026-11")
//   GET  /api/v1/corrective-actions[?status=open|in_progress|done|cancelled][&month=YYYY-MM]
//        (month: those due in that month)
//   GET  /api/v1/corrective-actions/{id}                                      404 unknown id
//   POST /api/v1/corrective-actions/{id}/status {status, note}       409 transition not allowed
//   POST /api/v1/corrective-actions/{id}/verification {effective, note}   409 unless done
//   GET  /api/v1/analytics/corrective-actions?from=YYYY-MM&to=YYYY-MM
//        per month: due, done (on time, late), overdue; to defaults to this month, from to to
#include <algorithm>

#include "server/http/auth.h"
#include "server/http/json_errors.h"
#include "server/http/request_body.h"
#include "server/http/resource_json.h"
#include "server/http/routes.h"
#include "server/service/corrective_actions.h"
#include "shared/event_json.h"
#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxCodes = 50;
constexpr std::size_t kMaxCodeBytes = 64;
constexpr std::size_t kMaxMonths = 120;

const std::initializer_list<FieldHint> kHints = {"title", "owner_department", "nc_codes", "stages",
                                                 "due",   "review_month",     "status"};

bool only_params(const HttpRequest& req, HttpResponse& res,
                 std::initializer_list<std::string_view> allowed) {
    for (const auto& [name, value] : req.params) {
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            send_error(res, {400, "unknown_field",
                             "unknown query parameter '" + printable_clipped(name) + "'",
                             name.size() <= 64 ? name : ""});
            return false;
        }
    }
    return true;
}

void create_action(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto token = authorize(req, res, ctx, {Role::Auditor, Role::Admin});
    if (!token) return;
    auto body = read_json_body(req, res, ctx.options);
    if (!body) return;
    FieldReader f(*body);
    f.only({"title", "nc_codes", "stages", "owner_department", "due", "review_month"});
    NewCorrectiveAction a;
    a.title = f.text("title", Need::Required, kMaxTextBytes);
    a.nc_codes = f.text_list("nc_codes", Need::Optional, kMaxCodes, kMaxCodeBytes);
    a.stages = f.text_list("stages", Need::Optional, kMaxCodes, kMaxCodeBytes);
    a.owner_department = f.text("owner_department", Need::Required, kMaxTextBytes);
    a.due = f.date("due", Need::Required);
    a.review_month = f.year_month("review_month", Need::Required);
    if (!f.ok()) return send_error(res, f.error());
    Result<CorrectiveAction> made =
        create_corrective_action(ctx.store, ctx.plant, ctx.clock, a, actor_of(*token));
    if (!made) return send_error(res, error_from_status(made.error(), kHints));
    send_json(res, 201, corrective_action_json(*made));
}

void list_actions(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, {Role::Auditor, Role::Admin})) return;
    if (!only_params(req, res, {"status", "month"})) return;
    std::optional<CaStatus> status;
    if (req.has_param("status")) {
        CaStatus s;
        const std::string text = req.get_param_value("status");
        if (!parse_ca_status(text, &s))
            return send_error(res, {400, "invalid_field",
                                    "status: '" + printable_clipped(text) +
                                        "' is not one of open, in_progress, done, cancelled",
                                    "status"});
        status = s;
    }
    std::optional<YearMonth> month;
    if (req.has_param("month")) {
        Result<YearMonth> m = parse_year_month(req.get_param_value("month"));
        if (!m)
            return send_error(res,
                              {400, "invalid_field", "month: " + m.error().message(), "month"});
        month = *m;
    }
    Result<std::vector<CorrectiveAction>> all = corrective_actions(ctx.store);
    if (!all) return send_error(res, error_from_status(all.error()));
    json list = json::array();
    for (const CorrectiveAction& a : *all) {
        if (status && a.status != *status) continue;
        if (month && YearMonth{a.due.year, a.due.month} != *month) continue;
        list.push_back(corrective_action_json(a));
    }
    send_json(res, 200, {{"actions", std::move(list)}});
}

void get_action(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, {Role::Auditor, Role::Admin})) return;
    Result<CorrectiveAction> a = corrective_action(ctx.store, req.matches[1].str());
    if (!a) return send_error(res, error_from_status(a.error()));
    send_json(res, 200, corrective_action_json(*a));
}

void change_status(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto token = authorize(req, res, ctx, {Role::Auditor, Role::Admin});
    if (!token) return;
    auto body = read_json_body(req, res, ctx.options);
    if (!body) return;
    FieldReader f(*body);
    f.only({"status", "note"});
    const std::string text = f.text("status", Need::Required, kMaxCodeBytes);
    const std::string note = f.text("note", Need::Optional, kMaxTextBytes);
    if (!f.ok()) return send_error(res, f.error());
    CaStatus to;
    if (!parse_ca_status(text, &to))
        return send_error(res, {400, "invalid_field",
                                "status: '" + printable_clipped(text) +
                                    "' is not one of open, in_progress, done, cancelled",
                                "status"});
    Result<CorrectiveAction> a = set_corrective_action_status(
        ctx.store, ctx.clock, req.matches[1].str(), to, note, actor_of(*token));
    if (!a) return send_error(res, error_from_status(a.error(), kHints));
    send_json(res, 200, corrective_action_json(*a));
}

void record_verification(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto token = authorize(req, res, ctx, {Role::Auditor, Role::Admin});
    if (!token) return;
    auto body = read_json_body(req, res, ctx.options);
    if (!body) return;
    FieldReader f(*body);
    f.only({"effective", "note"});
    const std::string note = f.text("note", Need::Optional, kMaxTextBytes);
    if (!f.ok()) return send_error(res, f.error());
    auto it = body->find("effective");
    if (it == body->end())
        return send_error(
            res, {400, "invalid_field", "missing required field 'effective'", "effective"});
    if (!it->is_boolean())
        return send_error(res,
                          {400, "invalid_field", "effective: must be true or false", "effective"});
    Result<CorrectiveAction> a = verify_corrective_action(
        ctx.store, ctx.clock, req.matches[1].str(), it->get<bool>(), note, actor_of(*token));
    if (!a) return send_error(res, error_from_status(a.error()));
    send_json(res, 200, corrective_action_json(*a));
}

void action_months(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, {Role::Auditor, Role::Admin})) return;
    if (!only_params(req, res, {"from", "to"})) return;
    const Timestamp now = ctx.clock.now();
    YearMonth to = ctx.plant.zone.month_of(now);
    if (req.has_param("to")) {
        Result<YearMonth> m = parse_year_month(req.get_param_value("to"));
        if (!m) return send_error(res, {400, "invalid_field", "to: " + m.error().message(), "to"});
        to = *m;
    }
    YearMonth from = to;
    if (req.has_param("from")) {
        Result<YearMonth> m = parse_year_month(req.get_param_value("from"));
        if (!m)
            return send_error(res, {400, "invalid_field", "from: " + m.error().message(), "from"});
        from = *m;
    }
    if (from > to)
        return send_error(
            res,
            {400, "invalid_field",
             "from " + format_year_month(from) + " is after to " + format_year_month(to), "from"});
    if ((to.year - from.year) * 12 + (to.month - from.month) >= static_cast<int>(kMaxMonths))
        return send_error(res, {400, "invalid_field",
                                "from: at most " + std::to_string(kMaxMonths) + " months", "from"});
    Result<std::vector<CorrectiveAction>> all = corrective_actions(ctx.store);
    if (!all) return send_error(res, error_from_status(all.error()));
    json months = json::array();
    for (const CaMonthFigures& m : corrective_action_months(*all, from, to, now, ctx.plant.zone)) {
        months.push_back({{"month", format_year_month(m.month)},
                          {"due", m.due},
                          {"done", m.done()},
                          {"done_on_time", m.done_on_time},
                          {"done_late", m.done_late},
                          {"overdue", m.overdue}});
    }
    send_json(res, 200,
              {{"from", format_year_month(from)},
               {"to", format_year_month(to)},
               {"months", std::move(months)}});
}

}  // namespace

void add_corrective_actions_routes(Router& router, ApiContext& ctx) {
    router.post("/api/v1/corrective-actions", "/api/v1/corrective-actions",
                with_context(ctx, create_action));
    router.get("/api/v1/corrective-actions", "/api/v1/corrective-actions",
               with_context(ctx, list_actions));
    router.get(R"(/api/v1/corrective-actions/([^/]+))", "/api/v1/corrective-actions/{id}",
               with_context(ctx, get_action));
    router.post(R"(/api/v1/corrective-actions/([^/]+)/status)",
                "/api/v1/corrective-actions/{id}/status", with_context(ctx, change_status));
    router.post(R"(/api/v1/corrective-actions/([^/]+)/verification)",
                "/api/v1/corrective-actions/{id}/verification",
                with_context(ctx, record_verification));
    router.get("/api/v1/analytics/corrective-actions", "/api/v1/analytics/corrective-actions",
               with_context(ctx, action_months));
}

}  // namespace stampline::server
