// The quarantine of refused events (auditor, admin):
//   GET  /api/v1/quarantine[?all=1]                  unresolved entries (all=1: resolved too),
//        and "id_conflicts": every event id posted again with other content, with both texts
//   POST /api/v1/quarantine/{id}/resolve {resolution} 200; 404 unknown id
//   POST /api/v1/quarantine/{id}/accept {reason}      an act refused for its terminal's clock,
//        into the log after all (service/quarantine_acceptance.h): 200 with its seq; 409 when
//        it was refused for anything else, is resolved already, or the trail rules refuse it now
#include "server/http/auth.h"
#include "server/http/json_errors.h"
#include "server/http/request_body.h"
#include "server/http/resource_json.h"
#include "server/http/routes.h"
#include "server/service/quarantine_acceptance.h"
#include "shared/event_json.h"
#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;

namespace {

void list_quarantine(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
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

// The entry id of the path and the one text field of the body (an auditor's or admin's request);
// nullopt when an error was sent.
struct EntryRequest {
    Uuid id;
    std::string text;
    std::string by;
};
std::optional<EntryRequest> read_entry_request(ApiContext& ctx, const HttpRequest& req,
                                               HttpResponse& res, const char* field) {
    auto token = authorize(req, res, ctx, {Role::Auditor, Role::Admin});
    if (!token) return std::nullopt;
    const std::string id_text = req.matches[1].str();
    Result<Uuid> id = parse_uuid(id_text);
    if (!id) {
        send_error(res, {400, "invalid_field",
                         "quarantine id '" + printable_clipped(id_text) + "' is not a UUID", "id"});
        return std::nullopt;
    }
    auto body = read_json_body(req, res, ctx.options);
    if (!body) return std::nullopt;
    FieldReader f(*body);
    f.only({field});
    std::string text = f.text(field, Need::Required, kMaxTextBytes);
    if (!f.ok()) {
        send_error(res, f.error());
        return std::nullopt;
    }
    return EntryRequest{*id, std::move(text), actor_of(*token)};
}

void accept_quarantine_entry(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<EntryRequest> r = read_entry_request(ctx, req, res, "reason");
    if (!r) return;
    Result<EventAnswer> accepted =
        accept_quarantined_act(ctx.store, ctx.plant, ctx.clock, r->id, r->text, r->by);
    if (!accepted) return send_error(res, error_from_status(accepted.error()));
    send_json(res, 200,
              {{"id", to_string(r->id)},
               {"accepted", true},
               {"seq", accepted->seq},
               {"received_at", format_utc(accepted->received_at)},
               {"reason", r->text},
               {"accepted_by", r->by}});
}

void resolve_quarantine_entry(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<EntryRequest> r = read_entry_request(ctx, req, res, "resolution");
    if (!r) return;
    Status s = ctx.store.write(
        [&](WriteTxn& txn) { return txn.resolve_quarantine(r->id, r->text, r->by); });
    if (!s) return send_error(res, error_from_status(s));
    send_json(res, 200,
              {{"id", to_string(r->id)},
               {"resolved", true},
               {"resolution", r->text},
               {"resolved_by", r->by}});
}

}  // namespace

void add_quarantine_routes(Router& router, ApiContext& ctx) {
    router.get("/api/v1/quarantine", "/api/v1/quarantine", with_context(ctx, list_quarantine));

    router.post(R"(/api/v1/quarantine/([^/]+)/resolve)", "/api/v1/quarantine/{id}/resolve",
                with_context(ctx, resolve_quarantine_entry));
    router.post(R"(/api/v1/quarantine/([^/]+)/accept)", "/api/v1/quarantine/{id}/accept",
                with_context(ctx, accept_quarantine_entry));
}

}  // namespace stampline::server
