// The customer complaint pages (web/complaint_pages.h): the service department registers and
// records each step (role service); auditors and admins read. Form posts need the session's
// CSRF token and answer with a 303 to the complaint's page, or the page again with the error.
//   GET  /ui/complaints[?reason&product_type&lifecycle_stage&status&customer]   the register
//   POST /ui/complaints                                       register (service)
//   GET  /ui/complaints/{id}[?same_stamp&same_station&window_hours&same_product&same_order]
//   POST /ui/complaints/{id}/investigation|decision|closure|withdrawal|notices|attachments
//        (service)
//   POST /ui/complaints/{id}/hold-suspects                    (service, auditor)
//   GET  /ui/complaints/{id}/protocol                         the commission's protocol (A4)
#include <cmath>

#include "server/http/auth.h"
#include "server/http/complaint_requests.h"
#include "server/http/containment.h"
#include "server/http/request_body.h"
#include "server/http/routes.h"
#include "server/http/web_auth.h"
#include "server/service/complaints.h"
#include "server/web/complaint_pages.h"

namespace stampline::server {

namespace {

using nlohmann::json;
using web::esc;
using web::wt;

constexpr std::initializer_list<Role> kWriters = {Role::Service};

std::string param(const HttpRequest& req, const char* name) {
    return req.has_param(name) ? req.get_param_value(name) : std::string();
}

void get_register(ApiContext& ctx, const HttpRequest& req, HttpResponse& res, int status = 200,
                  const web::Outcome& outcome = {}) {
    std::optional<WebUser> user = page_user(req, res, ctx, kUnitPageRoles);
    if (!user) return;
    const web::WebLang lang = user->session.lang;
    web::PageFrame frame =
        page_frame(req, *user, wt(lang, "nav.complaints"), web::NavItem::Complaints);
    Result<std::vector<Complaint>> all = complaints(ctx.store, ctx.plant);
    if (!all) return send_page_error(res, 503, lang, all.error().message());
    const ComplaintFilter filter{param(req, "reason"),          param(req, "product_type"),
                                 param(req, "lifecycle_stage"), param(req, "status"),
                                 param(req, "customer"),        true};
    send_html(
        res, status,
        web::html_page(frame, web::complaints_register_body(
                                  *all, filter, ctx.plant, lang, ctx.clock.now(),
                                  user->session.csrf, user->token.role == Role::Service, outcome)));
}

void get_register_page(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    get_register(ctx, req, res);
}

void show_complaint(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
                    const std::string& id, int status, const web::Outcome& outcome) {
    std::optional<WebUser> user = page_user(req, res, ctx, kUnitPageRoles);
    if (!user) return;
    const web::WebLang lang = user->session.lang;
    Result<Complaint> c = complaint(ctx.store, ctx.plant, id);
    if (!c)
        return send_page_error(res, c.error().code() == Code::NotFound ? 404 : 503, lang,
                               c.error().message());
    Result<std::vector<CorrectiveAction>> actions = corrective_actions(ctx.store);
    if (!actions) return send_page_error(res, 503, lang, actions.error().message());
    ApiError error;
    std::optional<analytics::SuspectFilter> filter = read_suspect_filter(
        [&](const char* name) -> std::optional<json> {
            if (!req.has_param(name)) return std::nullopt;
            return json(req.get_param_value(name));
        },
        &error);
    if (!filter) return send_page_error(res, 400, lang, error.message);
    std::optional<analytics::Suspects> suspects;
    if (c->decision && !c->decision->origin_stage.empty()) {
        Result<analytics::Suspects> found =
            find_suspects(ctx, c->registration.serials.front(), c->decision->origin_stage, *filter);
        if (found) suspects = std::move(found).value();
    }
    web::PageFrame frame =
        page_frame(req, *user, wt(lang, "complaint.title") + " " + c->id, web::NavItem::Complaints);
    const web::ComplaintView view{*c, suspects ? &*suspects : nullptr, *filter, *actions};
    send_html(res, status,
              web::html_page(frame, web::complaint_body(
                                        view, ctx.plant, lang, ctx.clock.now(), user->session.csrf,
                                        user->token.role == Role::Service, outcome)));
}

void get_complaint(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    show_complaint(ctx, req, res, req.matches[1].str(), 200, {param(req, "saved"), ""});
}

void get_protocol(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = page_user(req, res, ctx, kUnitPageRoles);
    if (!user) return;
    const web::WebLang lang = user->session.lang;
    Result<Complaint> c = complaint(ctx.store, ctx.plant, req.matches[1].str());
    if (!c) return send_page_error(res, 404, lang, c.error().message());
    if (!c->commission) return send_page_error(res, 404, lang, wt(lang, "protocol.none"));
    Result<std::vector<CorrectiveAction>> actions = corrective_actions(ctx.store);
    if (!actions) return send_page_error(res, 503, lang, actions.error().message());
    web::PageFrame frame =
        page_frame(req, *user, wt(lang, "protocol.title") + " " + c->id, web::NavItem::Complaints);
    send_html(res, 200, web::html_page(frame, web::protocol_body(*c, *actions, ctx.plant, lang)));
}

// "1 250,50" or "1250.50" rubles as kopecks; nullopt when it is not an amount.
std::optional<std::int64_t> kopecks(std::string text) {
    std::erase_if(text, [](char c) { return c == ' '; });
    std::replace(text.begin(), text.end(), ',', '.');
    if (text.empty()) return 0;
    char* end = nullptr;
    const double rubles = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !(rubles >= 0) || rubles > 1e12) return std::nullopt;
    return static_cast<std::int64_t>(std::llround(rubles * 100));
}

// The answer to a step's form: back to the complaint's page, or the page with the error.
void answer(ApiContext& ctx, const HttpRequest& req, HttpResponse& res, const std::string& id,
            const Result<Complaint>& done) {
    if (done) return redirect(res, "/ui/complaints/" + done->id + "?saved=" + done->id);
    const ApiError e = error_from_status(done.error());
    show_complaint(ctx, req, res, id, e.http_status, {"", e.message});
}

void post_register(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = form_user(req, res, ctx, kWriters);
    if (!user) return;
    const json form = form_json(req, {});
    std::string serials = form.value("serials", "");
    std::replace(serials.begin(), serials.end(), ',', ' ');
    json list = json::array();
    for (std::size_t at = 0; at < serials.size();) {
        const std::size_t end = std::min(serials.find(' ', at), serials.size());
        if (end > at) list.push_back(serials.substr(at, end - at));
        at = end + 1;
    }
    const std::optional<std::int64_t> damage = kopecks(form.value("damage", ""));
    json body = {{"reason", form.value("reason", "")},
                 {"product_type", form.value("product_type", "")},
                 {"serials", list},
                 {"lifecycle_stage", form.value("lifecycle_stage", "")},
                 {"damage_cents", damage.value_or(-1)},
                 {"customer",
                  {{"organisation", form.value("organisation", "")},
                   {"site", form.value("site", "")},
                   {"contact", form.value("contact", "")}}},
                 {"channel", form.value("channel", "")},
                 {"description", form.value("description", "")}};
    ApiError error;
    std::optional<NewComplaint> c = read_new_complaint(body, &error);
    Result<Complaint> made =
        c ? register_complaint(ctx.store, ctx.plant, ctx.clock, *c, actor_of(user->token))
          : Result<Complaint>(invalid(error.message));
    if (made) return redirect(res, "/ui/complaints/" + made->id + "?saved=" + made->id);
    const ApiError e = error_from_status(made.error());
    get_register(ctx, req, res, e.http_status, {"", e.message});
}

// The complaint id of a step's path, and the form as JSON, for a service session.
std::optional<std::pair<std::string, json>> step_form(ApiContext& ctx, const HttpRequest& req,
                                                      HttpResponse& res,
                                                      std::initializer_list<const char*> lists,
                                                      std::initializer_list<Role> roles,
                                                      std::string* actor) {
    std::optional<WebUser> user = form_user(req, res, ctx, roles);
    if (!user) return std::nullopt;
    *actor = actor_of(user->token);
    return std::pair{req.matches[1].str(), form_json(req, lists)};
}

void post_investigation(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::string actor;
    auto step = step_form(ctx, req, res, {}, kWriters, &actor);
    if (!step) return;
    answer(ctx, req, res, step->first,
           start_investigation(ctx.store, ctx.plant, ctx.clock, step->first,
                               step->second.value("engineer", ""), actor));
}

void post_decision(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::string actor;
    auto step = step_form(ctx, req, res, {"department", "conclusion"}, kWriters, &actor);
    if (!step) return;
    const json& form = step->second;
    json conclusions = json::array();
    const json& departments = form["department"];
    const json& texts = form["conclusion"];
    if (departments.size() != texts.size())
        return answer(ctx, req, res, step->first,
                      invalid("conclusions: give the department of each conclusion"));
    for (std::size_t i = 0; i < texts.size(); ++i)
        conclusions.push_back({{"department", departments[i]}, {"text", texts[i]}});
    json body = {{"justified", form.value("justified", "")},
                 {"findings", form.value("findings", "")},
                 {"conclusions", conclusions}};
    for (const char* optional : {"origin_stage", "nc_code"})
        if (!form.value(optional, "").empty()) body[optional] = form[optional];
    ApiError error;
    std::optional<ComplaintDecision> d = read_decision(body, &error);
    if (!d) return answer(ctx, req, res, step->first, invalid(error.message));
    answer(ctx, req, res, step->first,
           decide_complaint(ctx.store, ctx.plant, ctx.clock, ctx.ids, step->first, *d, actor));
}

void post_closure(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::string actor;
    auto step = step_form(ctx, req, res, {"members", "corrective_actions"}, kWriters, &actor);
    if (!step) return;
    const json& form = step->second;
    const json body = {{"chair", form.value("chair", "")},
                       {"members", form["members"]},
                       {"measures", form.value("measures", "")},
                       {"corrective_actions", form["corrective_actions"]}};
    ApiError error;
    std::optional<CommissionProtocol> p = read_protocol(body, &error);
    if (!p) return answer(ctx, req, res, step->first, invalid(error.message));
    answer(ctx, req, res, step->first,
           close_complaint(ctx.store, ctx.plant, ctx.clock, step->first, *p, actor));
}

void post_withdrawal(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::string actor;
    auto step = step_form(ctx, req, res, {}, kWriters, &actor);
    if (!step) return;
    answer(ctx, req, res, step->first,
           withdraw_complaint(ctx.store, ctx.plant, ctx.clock, step->first,
                              step->second.value("note", ""), actor));
}

void post_notice(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::string actor;
    auto step = step_form(ctx, req, res, {}, kWriters, &actor);
    if (!step) return;
    answer(ctx, req, res, step->first,
           record_notice(ctx.store, ctx.plant, ctx.clock, step->first,
                         step->second.value("channel", ""), step->second.value("text", ""), actor));
}

void post_attachment(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::string actor;
    auto step = step_form(ctx, req, res, {}, kWriters, &actor);
    if (!step) return;
    ComplaintAttachment a;
    a.name = step->second.value("name", "");
    a.sha256 = step->second.value("sha256", "");
    a.note = step->second.value("note", "");
    answer(ctx, req, res, step->first,
           record_attachment(ctx.store, ctx.clock, step->first, a, actor));
}

void post_hold(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::string actor;
    auto step = step_form(ctx, req, res, {}, {Role::Service, Role::Auditor}, &actor);
    if (!step) return;
    const json& form = step->second;
    ApiError error;
    std::optional<analytics::SuspectFilter> filter = read_suspect_filter(
        [&](const char* name) -> std::optional<json> {
            if (!form.contains(name)) return std::nullopt;
            return form[name];
        },
        &error);
    json held;
    std::optional<ApiError> refused =
        filter ? hold_complaint_suspects(ctx, step->first, *filter, actor, &held) : error;
    if (refused)
        return show_complaint(ctx, req, res, step->first, refused->http_status,
                              {"", refused->message});
    std::string saved = step->first + ": " + std::to_string(held["held"].size()) + " ";
    std::string query;
    for (const char* name : {"same_stamp", "same_station", "same_product", "same_order"})
        if (form.value(name, "") == "true") query += std::string("&") + name + "=true";
    redirect(res, "/ui/complaints/" + step->first + "?saved=" + web::url_component(saved + "held") +
                      query +
                      "&window_hours=" + web::url_component(form.value("window_hours", "0")));
}

}  // namespace

void add_web_complaint_pages(Router& router, ApiContext& ctx) {
    router.get("/ui/complaints", "/ui/complaints", with_context(ctx, get_register_page));
    router.post("/ui/complaints", "/ui/complaints", with_context(ctx, post_register));
    router.get(R"(/ui/complaints/([^/]+))", "/ui/complaints/{id}",
               with_context(ctx, get_complaint));
    router.get(R"(/ui/complaints/([^/]+)/protocol)", "/ui/complaints/{id}/protocol",
               with_context(ctx, get_protocol));
    router.post(R"(/ui/complaints/([^/]+)/investigation)", "/ui/complaints/{id}/investigation",
                with_context(ctx, post_investigation));
    router.post(R"(/ui/complaints/([^/]+)/decision)", "/ui/complaints/{id}/decision",
                with_context(ctx, post_decision));
    router.post(R"(/ui/complaints/([^/]+)/closure)", "/ui/complaints/{id}/closure",
                with_context(ctx, post_closure));
    router.post(R"(/ui/complaints/([^/]+)/withdrawal)", "/ui/complaints/{id}/withdrawal",
                with_context(ctx, post_withdrawal));
    router.post(R"(/ui/complaints/([^/]+)/notices)", "/ui/complaints/{id}/notices",
                with_context(ctx, post_notice));
    router.post(R"(/ui/complaints/([^/]+)/attachments)", "/ui/complaints/{id}/attachments",
                with_context(ctx, post_attachment));
    router.post(R"(/ui/complaints/([^/]+)/hold-suspects)", "/ui/complaints/{id}/hold-suspects",
                with_context(ctx, post_hold));
}

}  // namespace stampline::server
