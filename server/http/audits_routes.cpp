// Procedure audits (service/procedure_audits.h), recorded and read by auditors and admins; a
// terminal token gets 403.
//   POST /api/v1/audits {serial?, stamp?, result: "pass" | "finding", text?}   201 the audit
//        400 invalid_field: bad result, neither serial nor stamp, a finding without text, text
//            over 2000 characters; unknown_field for any other member
//        404 not_found (field "serial" or "stamp"): no sheet was issued for the unit, or the
//            stamp is not in the registry. A subject that does not exist is "not found" as in
//            the trail and the stamps routes, even though it is named in the body.
//   GET  /api/v1/audits[?serial=S][&stamp=ID]   {"audits": [...]} in record order; both given:
//        the audits naming both
#include <algorithm>
#include <map>

#include "server/http/auth.h"
#include "server/http/json_errors.h"
#include "server/http/request_body.h"
#include "server/http/resource_json.h"
#include "server/http/routes.h"
#include "server/service/procedure_audits.h"
#include "shared/event_json.h"
#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;

namespace {

using Holders = std::map<std::string, std::string, std::less<>>;

std::string holder_of(const Holders& holders, std::string_view stamp) {
    auto it = holders.find(stamp);
    return it == holders.end() ? "" : it->second;
}

// The holders' names by stamp id; nullopt with res filled on a store error.
std::optional<Holders> load_holders(ApiContext& ctx, HttpResponse& res) {
    Result<std::vector<StampRecord>> stamps = ctx.store.stamps();
    if (!stamps) {
        send_error(res, error_from_status(stamps.error()));
        return std::nullopt;
    }
    Holders holders;
    for (const StampRecord& s : *stamps) holders.emplace(s.id, s.holder);
    return holders;
}

void record_audit(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto token = authorize(req, res, ctx, {Role::Auditor, Role::Admin});
    if (!token) return;
    auto body = read_json_body(req, res, ctx.options);
    if (!body) return;
    FieldReader f(*body);
    f.only({"serial", "stamp", "result", "text"});
    NewProcedureAudit audit;
    audit.serial = f.text("serial", Need::Optional, kMaxCodeBytes);
    audit.stamp = f.text("stamp", Need::Optional, kMaxCodeBytes);
    audit.result = f.text("result", Need::Required, kMaxCodeBytes);
    // UTF-8 takes at most 4 bytes a character; the service counts the characters.
    audit.text = f.text("text", Need::Optional, 4 * kMaxAuditTextChars);
    if (!f.ok()) return send_error(res, f.error());
    Result<ProcedureAudit> stored =
        record_procedure_audit(ctx.store, ctx.clock, audit, actor_of(*token));
    if (!stored) {
        ApiError e = error_from_status(stored.error(), {"result", "serial", "stamp", "text"});
        if (stored.error().code() == Code::NotFound)
            e.field = stored.error().message().rfind("stamp:", 0) == 0 ? "stamp" : "serial";
        return send_error(res, e);
    }
    const std::optional<Holders> holders = load_holders(ctx, res);
    if (!holders) return;
    send_json(res, 201, procedure_audit_json(*stored, holder_of(*holders, stored->stamp)));
}

void list_audits(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, {Role::Auditor, Role::Admin})) return;
    for (const auto& [name, value] : req.params) {
        if (name != "serial" && name != "stamp")
            return send_error(res, {400, "unknown_field",
                                    "unknown query parameter '" + printable_clipped(name) + "'",
                                    name.size() <= kMaxCodeBytes ? name : ""});
        if (req.get_param_value_count(name) > 1)
            return send_error(res,
                              {400, "invalid_field",
                               "query parameter '" + name + "' is given more than once", name});
        if (value.size() > kMaxCodeBytes || !text_problem(value).empty())
            return send_error(res,
                              {400, "invalid_field",
                               "query parameter '" + name + "' has an unreadable value", name});
    }
    Result<std::vector<ProcedureAudit>> audits =
        ctx.store.procedure_audits(req.get_param_value("serial"), req.get_param_value("stamp"));
    if (!audits) return send_error(res, error_from_status(audits.error()));
    const std::optional<Holders> holders = load_holders(ctx, res);
    if (!holders) return;
    json list = json::array();
    for (const ProcedureAudit& a : *audits)
        list.push_back(procedure_audit_json(a, holder_of(*holders, a.stamp)));
    send_json(res, 200, {{"audits", std::move(list)}});
}

}  // namespace

void add_audits_routes(Router& router, ApiContext& ctx) {
    router.post("/api/v1/audits", "/api/v1/audits", with_context(ctx, record_audit));
    router.get("/api/v1/audits", "/api/v1/audits", with_context(ctx, list_audits));
}

}  // namespace stampline::server
