// The service department's pages (auditor, admin; a browser session, see web_auth.h). Every
// form post needs the session's CSRF token and answers with a 303 back to its page (or the page
// again with the error and status 4xx).
//   GET  /ui/stamps[?from&to&stage]                 stamp holders: acts, escapes, attestation
//   GET  /ui/corrective-actions[?saved=ID]          the actions, per-month figures, forms
//   GET  /ui/corrective-actions.csv
//   POST /ui/corrective-actions                     create
//   POST /ui/corrective-actions/{id}/status         change status
//   POST /ui/corrective-actions/{id}/verification   record the verification
//   POST /ui/audits {serial | stamp, result, text}  a procedure audit, back to its page
//   GET  /ui/quarantine[?all=1]                     refused events
//   GET  /ui/quarantine.csv[?all=1]
//   POST /ui/quarantine/{id}/resolve
//   POST /ui/quarantine/{id}/accept                 the same form: a clock refusal into the log
//   GET  /ui/terminals                              terminals' clock offsets, last contact
#include "server/http/analytics_request.h"
#include "server/http/auth.h"
#include "server/http/request_body.h"
#include "server/http/routes.h"
#include "server/http/web_auth.h"
#include "server/service/procedure_audits.h"
#include "server/service/quarantine_acceptance.h"
#include "server/web/csv.h"
#include "server/web/office_pages.h"
#include "server/web/terminals_page.h"
#include "shared/event_json.h"

namespace stampline::server {

namespace {

namespace an = analytics;
using web::esc;
using web::wt;

void get_stamps(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = page_user(req, res, ctx);
    if (!user) return;
    const web::WebLang lang = user->session.lang;
    web::PageFrame frame = page_frame(req, *user, wt(lang, "nav.stamps"), web::NavItem::Stamps);
    AnalyticsRequest r;
    if (std::optional<ApiError> e = read_analytics_request(ctx, req, {"lang"}, &r))
        return send_html(res, 400,
                         web::html_page(frame, "<p class=\"error\">" + esc(e->message) + "</p>"));
    Result<std::vector<StampRecord>> stamps = ctx.store.stamps();
    Result<std::vector<ProcedureAudit>> audits = ctx.store.procedure_audits("", "");
    if (!stamps || !audits) return send_page_error(res, 503, lang, "the database cannot be read");
    std::vector<an::StampOversight> rows;
    const Status read =
        ctx.unit_views.read(r.query.from, r.query.to, [&](std::span<const an::UnitView> units) {
            rows = an::stamp_oversight(ctx.plant, *stamps, units, r.query, r.today, *audits);
        });
    if (!read) return send_page_error(res, 503, lang, read.message());
    const auto due = an::stamps_due(*stamps, r.today, 30);
    web::Filters f;
    f.from = format_date(r.from);
    f.to = format_date(r.to);
    f.stage = r.query.stage;
    frame.title += " " + f.from + " — " + f.to;
    const std::string q = web::filter_query(f);
    send_html(res, 200,
              web::html_page(frame, web::filter_form("/ui/stamps", f, ctx.plant, lang) +
                                        web::stamps_body(
                                            rows, due, lang, user->session.csrf,
                                            esc("/api/v1/analytics/stamps?" + q + "&format=csv"))));
}

void send_actions_page(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
                       const WebUser& user, int status, const web::Outcome& outcome) {
    const web::WebLang lang = user.session.lang;
    Result<std::vector<CorrectiveAction>> all = corrective_actions(ctx.store);
    if (!all) return send_page_error(res, 503, lang, all.error().message());
    const Timestamp now = ctx.clock.now();
    YearMonth to = ctx.plant.zone.month_of(now), from = to;
    for (int i = 0; i < 5; ++i) from = previous_month(from);
    const auto months = corrective_action_months(*all, from, to, now, ctx.plant.zone);
    web::PageFrame frame = page_frame(req, user, wt(lang, "nav.actions"), web::NavItem::Actions);
    frame.self_path = "/ui/corrective-actions";
    send_html(
        res, status,
        web::html_page(frame, web::actions_body(*all, months, ctx.plant, lang, user.session.csrf,
                                                ctx.plant.zone.date_of(now), outcome)));
}

void get_actions(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = page_user(req, res, ctx);
    if (!user) return;
    send_actions_page(ctx, req, res, *user, 200, {req.get_param_value("saved"), ""});
}

void get_actions_csv(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = page_user(req, res, ctx);
    if (!user) return;
    Result<std::vector<CorrectiveAction>> all = corrective_actions(ctx.store);
    if (!all) return send_page_error(res, 503, user->session.lang, all.error().message());
    web::Csv csv{"id",
                 "title",
                 "nc_codes",
                 "stages",
                 "owner_department",
                 "due",
                 "review_month",
                 "status",
                 "created_at",
                 "created_by",
                 "verified_effective",
                 "verification_note"};
    auto joined = [](const std::vector<std::string>& v) {
        std::string out;
        for (const std::string& s : v) out += (out.empty() ? "" : " ") + s;
        return out;
    };
    for (const CorrectiveAction& a : *all) {
        csv.text(a.id).text(a.title).text(joined(a.nc_codes)).text(joined(a.stages));
        csv.text(a.owner_department).text(format_date(a.due));
        csv.text(format_year_month(a.review_month)).text(ca_status_name(a.status));
        csv.text(format_utc(a.created_at)).text(a.created_by);
        csv.text(a.verification ? (a.verification->effective ? "true" : "false") : "");
        csv.text(a.verification ? a.verification->note : "").end_row();
    }
    send_csv(res, csv.str(), "corrective-actions");
}

// A form that could not be read: the page again with the error.
void refuse_action_form(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
                        const WebUser& user, const ApiError& e) {
    send_actions_page(ctx, req, res, user, e.http_status, {"", e.message});
}

// After a form: back to the page (303), or the page with the error.
void answer_action_form(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
                        const WebUser& user, const Result<CorrectiveAction>& done) {
    if (!done) {
        const ApiError e = error_from_status(done.error());
        return send_actions_page(ctx, req, res, user, e.http_status, {"", e.message});
    }
    redirect(res, "/ui/corrective-actions?saved=" + web::url_component(done->id));
}

void post_action(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = form_user(req, res, ctx);
    if (!user) return;
    const nlohmann::json form = form_json(req, {"nc_codes", "stages"});
    FieldReader f(form);
    f.only(
        {"title", "nc_codes", "stages", "owner_department", "due", "review_month", "back", "lang"});
    NewCorrectiveAction a;
    a.title = f.text("title", Need::Required, kMaxTextBytes);
    a.nc_codes = f.text_list("nc_codes", Need::Optional, 50, kMaxCodeBytes);
    a.stages = f.text_list("stages", Need::Optional, 50, kMaxCodeBytes);
    a.owner_department = f.text("owner_department", Need::Required, kMaxTextBytes);
    a.due = f.date("due", Need::Required);
    a.review_month = f.year_month("review_month", Need::Required);
    // The review page records its meeting's decisions here and wants the browser back.
    const std::string back = f.text("back", Need::Optional, 64);
    if (!f.ok()) return refuse_action_form(ctx, req, res, *user, f.error());
    Result<CorrectiveAction> made =
        create_corrective_action(ctx.store, ctx.plant, ctx.clock, a, actor_of(user->token));
    if (made && back.rfind("/ui/review?month=", 0) == 0 && back.find('&') == std::string::npos)
        return redirect(res, back + "&saved=" + web::url_component(made->id));
    answer_action_form(ctx, req, res, *user, made);
}

void post_action_status(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = form_user(req, res, ctx);
    if (!user) return;
    const nlohmann::json form = form_json(req, {});
    FieldReader f(form);
    f.only({"status", "note", "lang"});
    const std::string text = f.text("status", Need::Required, kMaxCodeBytes);
    const std::string note = f.text("note", Need::Optional, kMaxTextBytes);
    CaStatus to = CaStatus::Open;
    if (f.ok() && !parse_ca_status(text, &to))
        f.fail("invalid_field", "status", "status: '" + text + "' is not a status");
    if (!f.ok()) return refuse_action_form(ctx, req, res, *user, f.error());
    answer_action_form(ctx, req, res, *user,
                       set_corrective_action_status(ctx.store, ctx.clock, req.matches[1].str(), to,
                                                    note, actor_of(user->token)));
}

void post_action_verification(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = form_user(req, res, ctx);
    if (!user) return;
    const nlohmann::json form = form_json(req, {});
    FieldReader f(form);
    f.only({"effective", "note", "lang"});
    const std::string effective = f.text("effective", Need::Required, 8);
    const std::string note = f.text("note", Need::Optional, kMaxTextBytes);
    if (f.ok() && effective != "true" && effective != "false")
        f.fail("invalid_field", "effective", "effective: must be true or false");
    if (!f.ok()) return refuse_action_form(ctx, req, res, *user, f.error());
    answer_action_form(ctx, req, res, *user,
                       verify_corrective_action(ctx.store, ctx.clock, req.matches[1].str(),
                                                effective == "true", note, actor_of(user->token)));
}

void send_quarantine_page(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
                          const WebUser& user, int status, const web::Outcome& outcome) {
    const web::WebLang lang = user.session.lang;
    const bool all = req.get_param_value("all") == "1";
    Result<std::vector<QuarantineEntry>> entries = ctx.store.quarantine_entries(all);
    if (!entries) return send_page_error(res, 503, lang, entries.error().message());
    web::PageFrame frame =
        page_frame(req, user, wt(lang, "nav.quarantine"), web::NavItem::Quarantine);
    frame.self_path = all ? "/ui/quarantine?all=1" : "/ui/quarantine";
    send_html(res, status,
              web::html_page(
                  frame, web::quarantine_body(*entries, lang, user.session.csrf, all, outcome)));
}

// Each terminal's clock offset, last contact and outbox wait (service/terminal_clocks.h).
void get_terminals(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = page_user(req, res, ctx);
    if (!user) return;
    const web::WebLang lang = user->session.lang;
    web::PageFrame frame =
        page_frame(req, *user, wt(lang, "nav.terminals"), web::NavItem::Terminals);
    frame.self_path = "/ui/terminals";
    const std::vector<TerminalClock> terminals = ctx.terminal_clocks.all();
    send_html(res, 200, web::html_page(frame, web::terminals_body(terminals, lang)));
}

void get_quarantine(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = page_user(req, res, ctx);
    if (!user) return;
    send_quarantine_page(ctx, req, res, *user, 200, {req.get_param_value("saved"), ""});
}

void get_quarantine_csv(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = page_user(req, res, ctx);
    if (!user) return;
    Result<std::vector<QuarantineEntry>> entries =
        ctx.store.quarantine_entries(req.get_param_value("all") == "1");
    if (!entries) return send_page_error(res, 503, user->session.lang, entries.error().message());
    web::Csv csv{"id",    "received_at", "station",    "reason",     "message",
                 "event", "resolved",    "resolution", "resolved_by"};
    for (const QuarantineEntry& q : *entries) {
        csv.text(to_string(q.answer.id)).text(format_utc(q.answer.received_at)).text(q.station);
        csv.text(q.answer.reason).text(q.answer.message).text(q.event_json).boolean(q.resolved);
        csv.text(q.resolution).text(q.resolved_by).end_row();
    }
    send_csv(res, csv.str(), "quarantine");
}

// The quarantine form, posted to resolve an entry or (`accept`) to accept a clock refusal into
// the log.
void post_quarantine_form(ApiContext& ctx, const HttpRequest& req, HttpResponse& res, bool accept) {
    std::optional<WebUser> user = form_user(req, res, ctx);
    if (!user) return;
    const nlohmann::json form = form_json(req, {});
    FieldReader f(form);
    f.only({"resolution", "lang"});
    const std::string resolution = f.text("resolution", Need::Required, kMaxTextBytes);
    Result<Uuid> id = parse_uuid(req.matches[1].str());
    if (f.ok() && !id) f.fail("invalid_field", "id", "the quarantine entry id is not a UUID");
    if (!f.ok()) return send_quarantine_page(ctx, req, res, *user, 400, {"", f.error().message});
    const std::string by = actor_of(user->token);
    Status s =
        accept
            ? accept_quarantined_act(ctx.store, ctx.plant, ctx.clock, *id, resolution, by).status()
            : ctx.store.write(
                  [&](WriteTxn& txn) { return txn.resolve_quarantine(*id, resolution, by); });
    if (!s) {
        const ApiError e = error_from_status(s);
        return send_quarantine_page(ctx, req, res, *user, e.http_status, {"", e.message});
    }
    redirect(res, "/ui/quarantine?saved=" + web::url_component(to_string(*id)));
}

void post_resolve(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    post_quarantine_form(ctx, req, res, false);
}

void post_accept(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    post_quarantine_form(ctx, req, res, true);
}

// A procedure audit of a unit (back to its page) or of a stamp holder (back to the stamps page).
void post_audit(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = form_user(req, res, ctx);
    if (!user) return;
    const nlohmann::json form = form_json(req, {});
    FieldReader f(form);
    f.only({"serial", "stamp", "result", "text", "lang"});
    NewProcedureAudit a;
    a.serial = f.text("serial", Need::Optional, kMaxCodeBytes);
    a.stamp = f.text("stamp", Need::Optional, kMaxCodeBytes);
    a.result = f.text("result", Need::Required, 16);
    a.text = f.text("text", Need::Optional, 4 * kMaxTextBytes);
    const std::string back =
        a.serial.empty() ? "/ui/stamps" : "/ui/units/" + web::url_component(a.serial);
    const web::WebLang lang = user->session.lang;
    auto refuse = [&](const ApiError& e) {
        send_page_error(res, e.http_status, lang,
                        e.message + " — " + web::wt(lang, "audit.not_recorded"));
    };
    if (!f.ok()) return refuse(f.error());
    Result<ProcedureAudit> made =
        record_procedure_audit(ctx.store, ctx.clock, a, actor_of(user->token));
    if (!made)
        return refuse(error_from_status(made.error(), {"serial", "stamp", "result", "text"}));
    redirect(res, back);
}

}  // namespace

void add_web_office_pages(Router& router, ApiContext& ctx) {
    router.get("/ui/stamps", "/ui/stamps", with_context(ctx, get_stamps));
    router.get("/ui/corrective-actions", "/ui/corrective-actions", with_context(ctx, get_actions));
    router.get(R"(/ui/corrective-actions\.csv)", "/ui/corrective-actions.csv",
               with_context(ctx, get_actions_csv));
    router.post("/ui/corrective-actions", "/ui/corrective-actions", with_context(ctx, post_action));
    router.post(R"(/ui/corrective-actions/([^/]+)/status)", "/ui/corrective-actions/{id}/status",
                with_context(ctx, post_action_status));
    router.post(R"(/ui/corrective-actions/([^/]+)/verification)",
                "/ui/corrective-actions/{id}/verification",
                with_context(ctx, post_action_verification));
    router.post("/ui/audits", "/ui/audits", with_context(ctx, post_audit));
    router.get("/ui/quarantine", "/ui/quarantine", with_context(ctx, get_quarantine));
    router.get("/ui/terminals", "/ui/terminals", with_context(ctx, get_terminals));
    router.get(R"(/ui/quarantine\.csv)", "/ui/quarantine.csv",
               with_context(ctx, get_quarantine_csv));
    router.post(R"(/ui/quarantine/([^/]+)/resolve)", "/ui/quarantine/{id}/resolve",
                with_context(ctx, post_resolve));
    router.post(R"(/ui/quarantine/([^/]+)/accept)", "/ui/quarantine/{id}/accept",
                with_context(ctx, post_accept));
}

}  // namespace stampline::server
