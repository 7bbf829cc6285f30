// GET /api/v1/units/{serial}/trail: the unit's accepted events in log order with the stamp
// holders' names, the state of each route stage (done with who and when, current, pending),
// the nonconformances with their status, the hold, and the procedure audits recorded on the unit
// (in record order). 404 for a serial never registered.
#include <map>

#include "server/http/auth.h"
#include "server/http/json_errors.h"
#include "server/http/request_body.h"
#include "server/http/resource_json.h"
#include "server/http/routes.h"
#include "server/http/unit_trail.h"
#include "shared/event_json.h"
#include "shared/printable.h"
#include "shared/unit_state.h"

namespace stampline::server {

using nlohmann::json;

namespace {

using Holders = std::map<std::string, std::string, std::less<>>;

// What signing an event of this kind means, as shown next to the signature.
const char* meaning(EventKind kind) {
    switch (kind) {
        case EventKind::SheetIssued: return "issued";
        case EventKind::SheetReprinted: return "reprinted";
        case EventKind::StageAccepted: return "accepted";
        case EventKind::StageSignedOff: return "signed off";
        case EventKind::NcRaised: return "raised";
        case EventKind::NcCorrected: return "corrected";
        case EventKind::NcVerified: return "verified";
        case EventKind::UnitHeld: return "held";
        case EventKind::UnitReleased: return "released";
    }
    return "";
}

std::string holder_of(const Holders& holders, std::string_view stamp) {
    auto it = holders.find(stamp);
    return it == holders.end() ? "" : it->second;
}

json signature_json(const Signature& s, const char* what, const Holders& holders) {
    return json{{"stamp", s.stamp},       {"holder", holder_of(holders, s.stamp)},
                {"actor", s.actor},       {"station", s.station},
                {"at", format_utc(s.at)}, {"event", to_string(s.event)},
                {"meaning", what}};
}

json stages_json(const Plant& plant, const UnitState& unit, const Holders& holders) {
    json out = json::array();
    const std::size_t current = unit.current_index();
    for (std::size_t i = 0; i < unit.stages.size(); ++i) {
        const StageProgress& p = unit.stages[i];
        const Stage* stage = plant.stage(p.stage);
        json j{{"stage", p.stage},
               {"name", stage ? json{{"ru", stage->name.ru}, {"en", stage->name.en}} : json()},
               {"status", p.signed_off ? "done" : (i == current ? "current" : "pending")},
               {"acceptance_attempts", p.acceptance_attempts},
               {"accepted", p.accepted},
               {"acceptance",
                p.accepted ? signature_json(p.acceptance, "accepted", holders) : json(nullptr)},
               {"signed_off", p.signed_off},
               {"sign_off",
                p.signed_off ? signature_json(p.sign_off, "signed off", holders) : json(nullptr)}};
        // Time in stage: from acceptance (or the previous sign-off) to this sign-off.
        if (p.signed_off) {
            const Signature* from = p.accepted ? &p.acceptance
                                    : i > 0 && unit.stages[i - 1].signed_off
                                        ? &unit.stages[i - 1].sign_off
                                        : nullptr;
            if (from) j["time_in_stage_s"] = (p.sign_off.at.ms - from->at.ms) / 1000.0;
        }
        out.push_back(std::move(j));
    }
    return out;
}

json ncs_json(const Plant& plant, const UnitState& unit, const Holders& holders) {
    json out = json::array();
    for (const NcState& nc : unit.ncs) {
        const bool blocking = plant.rules.open_nc_blocks_signoff && nc.status == NcStatus::Open &&
                              nc.raised.severity >= plant.rules.blocking_severity;
        out.push_back({{"id", to_string(nc.id)},
                       {"code", nc.raised.code},
                       {"severity", severity_name(nc.raised.severity)},
                       {"detected_stage", nc.detected_stage},
                       {"origin_stage", nc.raised.origin_stage},
                       {"found", nc.raised.found.empty() ? json(nullptr) : json(nc.raised.found)},
                       {"field_stage", nc.raised.field_stage.empty() ? json(nullptr)
                                                                     : json(nc.raised.field_stage)},
                       {"quantity", nc.raised.quantity},
                       {"disposition", nc.raised.disposition},
                       {"note", nc.raised.note},
                       {"status", nc_status_name(nc.status)},
                       {"blocking", blocking},
                       {"raised_by", signature_json(nc.raised_by, "raised", holders)},
                       {"corrected_by", nc.status != NcStatus::Open
                                            ? signature_json(nc.corrected_by, "corrected", holders)
                                            : json(nullptr)},
                       {"verified_by", nc.status == NcStatus::Verified
                                           ? signature_json(nc.verified_by, "verified", holders)
                                           : json(nullptr)}});
    }
    return out;
}

json trail_json(const Plant& plant, const std::vector<StoredEvent>& trail,
                const std::vector<ProcedureAudit>& audits, const Holders& holders) {
    std::vector<Event> events;
    events.reserve(trail.size());
    json list = json::array();
    for (const StoredEvent& s : trail) {
        events.push_back(s.event);
        const std::string& stamp = s.event.stamp;
        list.push_back({{"seq", s.seq},
                        {"act_time", format_utc(s.event.act_time())},
                        {"received_at", format_utc(s.received_at)},
                        {"hash", s.hash},
                        {"meaning", meaning(s.event.kind())},
                        {"signer", stamp.empty() ? json(nullptr)
                                                 : json{{"stamp", stamp},
                                                        {"holder", holder_of(holders, stamp)}}},
                        {"event", event_to_json(s.event)}});
    }
    const UnitState unit = derive_state(plant, events);
    json audit_list = json::array();
    for (const ProcedureAudit& a : audits)
        audit_list.push_back(procedure_audit_json(a, holder_of(holders, a.stamp)));
    json j{{"serial", unit.serial},
           {"product_type", unit.product_type},
           {"order", unit.order},
           {"sheet_version", unit.sheet_version},
           {"last_reprint", unit.sheet_version > 1
                                ? signature_json(unit.last_reprint, "reprinted", holders)
                                : json(nullptr)},
           {"complete", unit.complete()},
           {"current_stage", unit.current_index() < unit.stages.size()
                                 ? json(unit.stages[unit.current_index()].stage)
                                 : json(nullptr)},
           {"on_hold", unit.on_hold},
           {"hold", unit.on_hold ? json{{"reason", unit.hold_reason},
                                        {"by", signature_json(unit.hold, "held", holders)}}
                                 : json(nullptr)},
           {"open_ncs", unit.open_nc_count()},
           {"stages", stages_json(plant, unit, holders)},
           {"ncs", ncs_json(plant, unit, holders)},
           {"audits", std::move(audit_list)},
           {"events", std::move(list)}};
    return j;
}

void get_trail(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, {Role::Terminal, Role::Auditor, Role::Admin, Role::Service}))
        return;
    ApiError error;
    std::optional<json> trail = unit_trail_json(ctx, req.matches[1].str(), &error);
    if (!trail) return send_error(res, error);
    send_json(res, 200, *trail);
}

}  // namespace

std::optional<json> unit_trail_json(ApiContext& ctx, std::string_view serial, ApiError* error) {
    if (serial.size() > kMaxCodeBytes || !text_problem(serial).empty()) {
        *error = {400, "invalid_field",
                  "serial '" + printable_clipped(serial) + "' is not a valid serial", "serial"};
        return std::nullopt;
    }
    Result<std::vector<StoredEvent>> trail = ctx.store.trail(serial);
    if (!trail) {
        *error = error_from_status(trail.error());
        return std::nullopt;
    }
    if (trail->empty()) {
        *error = {404, "not_found",
                  "no identification sheet was issued for unit '" + printable_clipped(serial) + "'",
                  "serial"};
        return std::nullopt;
    }
    Result<std::vector<StampRecord>> stamps = ctx.store.stamps();
    if (!stamps) {
        *error = error_from_status(stamps.error());
        return std::nullopt;
    }
    Result<std::vector<ProcedureAudit>> audits = ctx.store.procedure_audits(serial, "");
    if (!audits) {
        *error = error_from_status(audits.error());
        return std::nullopt;
    }
    Holders holders;
    for (const StampRecord& s : *stamps) holders.emplace(s.id, s.holder);
    return trail_json(ctx.plant, *trail, *audits, holders);
}

void add_units_routes(Router& router, ApiContext& ctx) {
    router.get(R"(/api/v1/units/([^/]+)/trail)", "/api/v1/units/{serial}/trail",
               with_context(ctx, get_trail));
}

}  // namespace stampline::server
