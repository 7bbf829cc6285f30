// The quarantine of refused events (auditor, admin):
//   GET  /api/v1/quarantine[?all=1]                  unresolved entries (all=1: resolved too),
//        and "id_conflicts": every event id posted again with other content, with both texts
//   POST /api/v1/quarantine/{id}/resolve {resolution} 200; 404 unknown id
#include "server/http/auth.h"
#include "server/http/json_errors.h"
#include "server/http/request_body.h"
#include "server/http/resource_json.h"
#include "server/http/routes.h"
#include "shared/event_json.h"
#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;

namespace {

void list_quarantine(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!authorize(req, res, ctx, {Role::Auditor, Role::Admin})) return;
    const std::string all = req.get_param_value("all");
    const bool include_resolved = all == "1" || all == "true";
    Result<std::vector<QuarantineEntry>> entries = ctx.store.quarantine_entries(include_resolved);
    if (!entries) return send_error(res, error_from_status(entries.error()));
    Result<std::vector<IdConflict>> conflicts = ctx.store.id_conflicts();
    if (!conflicts) return send_error(res, error_from_status(conflicts.error()));
    json list = json::array();
    for (const QuarantineEntry& q : *entries) list.push_back(quarantine_json(q));
    json kept = json::array();
    for (const IdConflict& c : *conflicts)
        kept.push_back({{"id", to_string(c.id)},
                        {"received_at", format_utc(c.received_at)},
                        {"station", c.station},
                        {"posted", c.text},
                        {"stored", c.stored_text}});
    send_json(res, 200, {{"entries", std::move(list)}, {"id_conflicts", std::move(kept)}});
}

void resolve_quarantine_entry(ApiContext& ctx, const httplib::Request& req,
                              httplib::Response& res) {
    auto token = authorize(req, res, ctx, {Role::Auditor, Role::Admin});
    if (!token) return;
    const std::string id_text = req.matches[1].str();
    Result<Uuid> id = parse_uuid(id_text);
    if (!id)
        return send_error(
            res, {400, "invalid_field",
                  "quarantine id '" + printable_clipped(id_text) + "' is not a UUID", "id"});
    auto body = read_json_body(req, res, ctx.options);
    if (!body) return;
    FieldReader f(*body);
    f.only({"resolution"});
    const std::string resolution = f.text("resolution", Need::Required, kMaxTextBytes);
    if (!f.ok()) return send_error(res, f.error());
    const std::string by = actor_of(*token);
    Status s =
        ctx.store.write([&](WriteTxn& txn) { return txn.resolve_quarantine(*id, resolution, by); });
    if (!s) return send_error(res, error_from_status(s));
    send_json(res, 200,
              {{"id", to_string(*id)},
               {"resolved", true},
               {"resolution", resolution},
               {"resolved_by", by}});
}

}  // namespace

void add_quarantine_routes(Router& router, ApiContext& ctx) {
    router.get("/api/v1/quarantine", "/api/v1/quarantine", with_context(ctx, list_quarantine));

    router.post(R"(/api/v1/quarantine/([^/]+)/resolve)", "/api/v1/quarantine/{id}/resolve",
                with_context(ctx, resolve_quarantine_entry));
}

}  // namespace stampline::server
