// Customer complaints (service/complaints.h). The service department (role service) registers
// them and records each step; its CRM uses a service token. Auditors and admins read them.
//   POST /api/v1/complaints {reason, product_type, serials, lifecycle_stage, damage_cents,
//        customer {organisation, site, contact}, channel, description}                    201
//   GET  /api/v1/complaints[?status=&reason=&product_type=&lifecycle_stage=&customer=]
//        {complaints, total_damage_cents}; customer: the organisation, exactly
//   GET  /api/v1/complaints/{id}                                              404 unknown id
//   POST /api/v1/complaints/{id}/investigation {engineer}
//   POST /api/v1/complaints/{id}/decision {justified, findings, conclusions [{department,
//        text}], origin_stage, nc_code}   a justified product fault becomes a field NC per unit
//   POST /api/v1/complaints/{id}/closure {chair, members, measures, corrective_actions}
//   POST /api/v1/complaints/{id}/withdrawal {note}
//   POST /api/v1/complaints/{id}/notices {channel, text}
//   POST /api/v1/complaints/{id}/attachments {name, sha256, note}   a document by reference
//   GET  /api/v1/crm/deliveries   (service, admin) the CRM webhook's delivery log, in order:
//        {deliveries [{n, delivery, attempt, at, delivered, detail}]} (http/crm_webhook.h)
// A step not allowed now is 409; a bad field 400 naming it.
#include <algorithm>

#include "server/http/auth.h"
#include "server/http/complaint_json.h"
#include "server/http/complaint_requests.h"
#include "server/http/json_errors.h"
#include "server/http/request_body.h"
#include "server/http/routes.h"
#include "server/service/complaints.h"
#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxShort = 200;

const std::initializer_list<Role> kReaders = {Role::Service, Role::Auditor, Role::Admin};
const std::initializer_list<Role> kWriters = {Role::Service};

const std::initializer_list<FieldHint> kHints = {"reason",       "product_type",
                                                 "serials",      "lifecycle_stage",
                                                 "damage_cents", "customer",
                                                 "channel",      "description",
                                                 "engineer",     "justified",
                                                 "findings",     "conclusions",
                                                 "origin_stage", "nc_code",
                                                 "chair",        "members",
                                                 "measures",     "corrective_actions",
                                                 "note",         "text",
                                                 "name",         "sha256"};

// Sends the complaint with status, or the error.
void send_complaint(ApiContext& ctx, HttpResponse& res, const Result<Complaint>& c,
                    int status = 200) {
    if (!c) return send_error(res, error_from_status(c.error(), kHints));
    send_json(res, status, complaint_json(*c, ctx.clock.now()));
}

void register_one(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto token = authorize(req, res, ctx, kWriters);
    if (!token) return;
    auto body = read_json_body(req, res, ctx.options);
    if (!body) return;
    ApiError error;
    const std::optional<NewComplaint> c = read_new_complaint(*body, &error);
    if (!c) return send_error(res, error);
    send_complaint(ctx, res,
                   register_complaint(ctx.store, ctx.plant, ctx.clock, *c, actor_of(*token)), 201);
}

void list_all(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, kReaders)) return;
    for (const auto& [name, value] : req.params)
        if (name != "status" && name != "reason" && name != "product_type" &&
            name != "lifecycle_stage" && name != "customer")
            return send_error(res, {400, "unknown_field",
                                    "unknown query parameter '" + printable_clipped(name) + "'",
                                    name.size() <= 64 ? name : ""});
    Result<std::vector<Complaint>> all = complaints(ctx.store, ctx.plant);
    if (!all) return send_error(res, error_from_status(all.error()));
    const auto param = [&](const char* name) { return req.get_param_value(name); };
    const ComplaintFilter filter{param("reason"), param("product_type"), param("lifecycle_stage"),
                                 param("status"), param("customer"),     false};
    const Timestamp now = ctx.clock.now();
    json list = json::array();
    std::int64_t damage = 0;
    for (const Complaint& c : *all) {
        if (!filter.matches(c)) continue;
        damage += c.registration.damage_cents;
        list.push_back(complaint_json(c, now));
    }
    send_json(res, 200, {{"complaints", std::move(list)}, {"total_damage_cents", damage}});
}

void get_one(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, kReaders)) return;
    send_complaint(ctx, res, complaint(ctx.store, ctx.plant, req.matches[1].str()));
}

// Reads a step's body for a service token; nullopt when refused (the answer is sent).
std::optional<std::pair<json, std::string>> step_body(ApiContext& ctx, const HttpRequest& req,
                                                      HttpResponse& res) {
    auto token = authorize(req, res, ctx, kWriters);
    if (!token) return std::nullopt;
    auto body = read_json_body(req, res, ctx.options);
    if (!body) return std::nullopt;
    return std::pair{std::move(*body), actor_of(*token)};
}

void investigate(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto step = step_body(ctx, req, res);
    if (!step) return;
    FieldReader f(step->first);
    f.only({"engineer"});
    const std::string engineer = f.text("engineer", Need::Required, kMaxShort);
    if (!f.ok()) return send_error(res, f.error());
    send_complaint(ctx, res,
                   start_investigation(ctx.store, ctx.plant, ctx.clock, req.matches[1].str(),
                                       engineer, step->second));
}

void decide(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto step = step_body(ctx, req, res);
    if (!step) return;
    ApiError error;
    const std::optional<ComplaintDecision> d = read_decision(step->first, &error);
    if (!d) return send_error(res, error);
    send_complaint(ctx, res,
                   decide_complaint(ctx.store, ctx.plant, ctx.clock, ctx.ids, req.matches[1].str(),
                                    *d, step->second));
}

void close_one(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto step = step_body(ctx, req, res);
    if (!step) return;
    ApiError error;
    const std::optional<CommissionProtocol> p = read_protocol(step->first, &error);
    if (!p) return send_error(res, error);
    send_complaint(
        ctx, res,
        close_complaint(ctx.store, ctx.plant, ctx.clock, req.matches[1].str(), *p, step->second));
}

void withdraw(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto step = step_body(ctx, req, res);
    if (!step) return;
    FieldReader f(step->first);
    f.only({"note"});
    const std::string note = f.text("note", Need::Required, kMaxTextBytes);
    if (!f.ok()) return send_error(res, f.error());
    send_complaint(ctx, res,
                   withdraw_complaint(ctx.store, ctx.plant, ctx.clock, req.matches[1].str(), note,
                                      step->second));
}

void add_notice(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto step = step_body(ctx, req, res);
    if (!step) return;
    FieldReader f(step->first);
    f.only({"channel", "text"});
    const std::string channel = f.text("channel", Need::Required, kMaxShort);
    const std::string text = f.text("text", Need::Required, kMaxTextBytes);
    if (!f.ok()) return send_error(res, f.error());
    send_complaint(ctx, res,
                   record_notice(ctx.store, ctx.plant, ctx.clock, req.matches[1].str(), channel,
                                 text, step->second),
                   201);
}

void add_attachment(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto step = step_body(ctx, req, res);
    if (!step) return;
    FieldReader f(step->first);
    f.only({"name", "sha256", "note"});
    ComplaintAttachment a;
    a.name = f.text("name", Need::Required, kMaxShort);
    a.sha256 = f.text("sha256", Need::Required, kMaxShort);
    a.note = f.text("note", Need::Optional, kMaxTextBytes);
    if (!f.ok()) return send_error(res, f.error());
    send_complaint(ctx, res,
                   record_attachment(ctx.store, ctx.clock, req.matches[1].str(), a, step->second),
                   201);
}

void crm_deliveries(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, {Role::Service, Role::Admin})) return;
    Result<std::vector<CrmDelivery>> log = ctx.store.crm_deliveries();
    if (!log) return send_error(res, error_from_status(log.error()));
    json list = json::array();
    for (const CrmDelivery& d : *log)
        list.push_back({{"n", d.n},
                        {"delivery", d.entry_seq},
                        {"attempt", d.attempt},
                        {"at", format_utc(d.at)},
                        {"delivered", d.delivered},
                        {"detail", d.detail}});
    send_json(res, 200, {{"deliveries", std::move(list)}});
}

}  // namespace

void add_complaints_routes(Router& router, ApiContext& ctx) {
    router.post("/api/v1/complaints", "/api/v1/complaints", with_context(ctx, register_one));
    router.get("/api/v1/complaints", "/api/v1/complaints", with_context(ctx, list_all));
    router.get(R"(/api/v1/complaints/([^/]+))", "/api/v1/complaints/{id}",
               with_context(ctx, get_one));
    router.post(R"(/api/v1/complaints/([^/]+)/investigation)",
                "/api/v1/complaints/{id}/investigation", with_context(ctx, investigate));
    router.post(R"(/api/v1/complaints/([^/]+)/decision)", "/api/v1/complaints/{id}/decision",
                with_context(ctx, decide));
    router.post(R"(/api/v1/complaints/([^/]+)/closure)", "/api/v1/complaints/{id}/closure",
                with_context(ctx, close_one));
    router.post(R"(/api/v1/complaints/([^/]+)/withdrawal)", "/api/v1/complaints/{id}/withdrawal",
                with_context(ctx, withdraw));
    router.post(R"(/api/v1/complaints/([^/]+)/notices)", "/api/v1/complaints/{id}/notices",
                with_context(ctx, add_notice));
    router.post(R"(/api/v1/complaints/([^/]+)/attachments)", "/api/v1/complaints/{id}/attachments",
                with_context(ctx, add_attachment));
    router.get("/api/v1/crm/deliveries", "/api/v1/crm/deliveries",
               with_context(ctx, crm_deliveries));
}

}  // namespace stampline::server
