#include "shared/trail_rules.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "shared/identity.h"
#include "shared/utf8_text.h"

namespace stampline {

namespace {

Decision refuse(Refusal r, std::string message) {
    return {r, std::move(message)};
}
const Decision kAllowed{};

bool is_signed_act(EventKind k) {
    switch (k) {
        case EventKind::StageAccepted:
        case EventKind::StageSignedOff:
        case EventKind::NcRaised:
        case EventKind::NcCorrected:
        case EventKind::NcVerified: return true;
        default: return false;
    }
}

// A field NC traced from a customer complaint: an office act, with no stage of detection.
bool is_field_office_nc(const Event& e) {
    const auto* b = std::get_if<NcRaised>(&e.body);
    return b && b->in_field() && e.stage.empty();
}

// A name quoted for a message: shown as it reads (format and control characters escaped).
std::string q(std::string_view s) {
    return "'" + visible_text(s) + "'";
}

// Every name the event carries keeps the identity rule (identity.h).
Decision check_identities(const Event& e) {
    Status s = check_identity(IdentityKind::Serial, "serial", e.serial);
    const auto also = [&](IdentityKind kind, std::string_view field, std::string_view value) {
        if (s && !value.empty()) s = check_identity(kind, field, value);
    };
    also(IdentityKind::Code, "station", e.station);
    also(IdentityKind::Code, "stage", e.stage);
    also(IdentityKind::Stamp, "stamp", e.stamp);
    if (const auto* b = std::get_if<SheetIssued>(&e.body)) {
        if (s) s = check_identity(IdentityKind::ProductType, "product_type", b->product_type);
        if (s) s = check_identity(IdentityKind::Order, "order", b->order);
    } else if (const auto* b = std::get_if<StageAccepted>(&e.body)) {
        for (const CheckResult& c : b->checks) also(IdentityKind::Code, "checks.item", c.item);
    } else if (const auto* b = std::get_if<NcRaised>(&e.body)) {
        also(IdentityKind::Code, "code", b->code);
        also(IdentityKind::Code, "origin_stage", b->origin_stage);
    }
    return s ? kAllowed : refuse(Refusal::InvalidIdentity, s.message());
}

// The signer's stamp may sign at this stage at the time of the act.
Decision check_stamp(const StampRecord* stamp, const Event& e) {
    if (e.stamp.empty())
        return refuse(Refusal::StampMissing, "the act must be signed with a personal stamp");
    if (!stamp)
        return refuse(Refusal::StampUnknown,
                      "stamp " + q(e.stamp) + " is not in the stamp registry");
    if (stamp->status == StampStatus::Revoked)
        return refuse(Refusal::StampRevoked,
                      "stamp " + q(e.stamp) + " (" + visible_text(stamp->holder) + ") is revoked");
    if (stamp->status == StampStatus::Suspended)
        return refuse(Refusal::StampSuspended, "stamp " + q(e.stamp) + " (" +
                                                   visible_text(stamp->holder) + ") is suspended");
    if (date_of(e.act_time()) > stamp->attestation_due)
        return refuse(Refusal::StampAttestationExpired,
                      "stamp " + q(e.stamp) + " (" + visible_text(stamp->holder) +
                          "): attestation was due " + format_date(stamp->attestation_due));
    if (!stamp->covers(e.stage))
        return refuse(Refusal::StampNotCoveringStage, "stamp " + q(e.stamp) + " (" +
                                                          visible_text(stamp->holder) +
                                                          ") does not cover stage " + q(e.stage));
    return kAllowed;
}

Decision check_station(const Plant& plant, const Event& e) {
    const Station* station = plant.station(e.station);
    if (!station)
        return refuse(Refusal::UnknownStation,
                      "station " + q(e.station) + " is not in the plant configuration");
    if (std::find(station->stages.begin(), station->stages.end(), e.stage) == station->stages.end())
        return refuse(Refusal::StationNotAtStage,
                      "station " + q(e.station) + " does not sit at stage " + q(e.stage));
    return kAllowed;
}

const NcState* blocking_nc(const Plant& plant, const UnitState& unit) {
    if (!plant.rules.open_nc_blocks_signoff) return nullptr;
    for (const NcState& nc : unit.ncs)
        if (nc.status == NcStatus::Open && nc.raised.severity >= plant.rules.blocking_severity)
            return &nc;
    return nullptr;
}

struct Checker {
    const Plant& plant;
    const UnitState& unit;
    const ProductType& product;
    const Event& e;

    int index_of(std::string_view stage) const { return route_index(product, stage); }

    Decision previous_signed(int i) const {
        if (i == 0) return kAllowed;
        const StageProgress& prev = unit.stages[static_cast<std::size_t>(i - 1)];
        if (!prev.signed_off)
            return refuse(Refusal::StageOutOfOrder, "stage " + q(prev.stage) + " before " +
                                                        q(e.stage) + " is not signed off yet");
        return kAllowed;
    }

    Decision operator()(const SheetIssued&) const {
        return refuse(Refusal::SheetAlreadyIssued,
                      "a sheet for unit " + q(e.serial) + " was already issued");
    }
    Decision operator()(const SheetReprinted& b) const {
        if (b.new_version != unit.sheet_version + 1)
            return refuse(Refusal::BadReprintVersion, "reprint must carry sheet version " +
                                                          std::to_string(unit.sheet_version + 1) +
                                                          ", not " + std::to_string(b.new_version));
        return kAllowed;
    }
    Decision operator()(const StageAccepted& b) const {
        const int i = index_of(e.stage);
        if (i == 0)
            return refuse(
                Refusal::NoControlPoint,
                "stage " + q(e.stage) + " is the first of the route: there is nothing to accept");
        const StageProgress& p = unit.stages[static_cast<std::size_t>(i)];
        if (p.signed_off)
            return refuse(Refusal::StageAlreadySigned,
                          "stage " + q(e.stage) + " is already signed off");
        if (p.accepted)
            return refuse(Refusal::StageAlreadyAccepted,
                          "stage " + q(e.stage) + " has already accepted the unit");
        if (Decision d = previous_signed(i); !d.allowed()) return d;
        if (unit.on_hold)
            return refuse(Refusal::UnitOnHold, "unit is on hold: " + unit.hold_reason);
        const std::string& prev = product.route[static_cast<std::size_t>(i - 1)];
        const Checklist* list = plant.checklist(prev, e.stage);
        std::vector<std::string_view> seen;  // a checklist has a handful of items
        seen.reserve(b.checks.size());
        const auto answered = [&](std::string_view item) {
            return std::find(seen.begin(), seen.end(), item) != seen.end();
        };
        for (const CheckResult& r : b.checks) {
            const bool known =
                list && std::any_of(list->items.begin(), list->items.end(),
                                    [&](const ChecklistItem& it) { return it.id == r.item; });
            const bool twice = known && answered(r.item);
            if (known && !twice) seen.push_back(r.item);
            if (!known || twice)
                return refuse(Refusal::ChecklistUnknownItem,
                              "check " + q(r.item) +
                                  (known ? " is answered twice" : " is not on the checklist ") +
                                  (known ? "" : prev + " -> " + e.stage));
        }
        if (list)
            for (const ChecklistItem& item : list->items)
                if (!answered(item.id))
                    return refuse(Refusal::ChecklistMissingItem,
                                  "check " + q(item.id) + " (" + item.text.ru + ") has no answer");
        return kAllowed;
    }
    Decision operator()(const StageSignedOff&) const {
        const int i = index_of(e.stage);
        const StageProgress& p = unit.stages[static_cast<std::size_t>(i)];
        if (p.signed_off)
            return refuse(Refusal::StageAlreadySigned,
                          "stage " + q(e.stage) + " was already signed off with stamp " +
                              q(p.sign_off.stamp) + " at " + format_utc(p.sign_off.at));
        if (Decision d = previous_signed(i); !d.allowed()) return d;
        if (i > 0 && plant.rules.require_acceptance && !p.accepted)
            return refuse(
                Refusal::StageNotAccepted,
                "stage " + q(e.stage) + " has not accepted the unit at its control point");
        if (unit.on_hold)
            return refuse(Refusal::UnitOnHold, "unit is on hold: " + unit.hold_reason);
        if (const NcState* nc = blocking_nc(plant, unit))
            return refuse(Refusal::OpenBlockingNc,
                          "open " + std::string(severity_name(nc->raised.severity)) +
                              " nonconformance " + q(nc->raised.code) + " must be corrected first");
        return kAllowed;
    }
    Decision operator()(const NcRaised& b) const {
        if (!plant.nc_code(b.code))
            return refuse(Refusal::NcUnknownCode,
                          "nonconformance code " + q(b.code) + " is not in the catalog");
        if (!b.disposition.empty() && !plant.disposition(b.disposition))
            return refuse(Refusal::NcUnknownDisposition,
                          "disposition " + q(b.disposition) + " is not configured");
        const int origin = index_of(b.origin_stage);
        if (origin < 0)
            return refuse(
                Refusal::NcOriginNotInRoute,
                "origin stage " + q(b.origin_stage) + " is not on the route of " + product.code);
        if (b.in_field() && e.stage.empty()) return field_nc(b);
        if (!b.field_stage.empty())
            return refuse(
                Refusal::NcFieldNotTraced,
                "a lifecycle stage is given only for a nonconformance found in the field");
        if (origin > index_of(e.stage))
            return refuse(Refusal::NcOriginAfterDetection, "origin stage " + q(b.origin_stage) +
                                                               " comes after the detecting stage " +
                                                               q(e.stage));
        return kAllowed;
    }
    // Found in the field after delivery: traced to a stage the unit passed (signed off), where
    // it arose unseen, and to the lifecycle stage where it showed.
    Decision field_nc(const NcRaised& b) const {
        if (!plant.lifecycle_stage(b.field_stage))
            return refuse(Refusal::NcFieldNotTraced,
                          "lifecycle stage " + q(b.field_stage) + " is not configured");
        if (!e.stamp.empty() || !e.station.empty())
            return refuse(Refusal::NcFieldNotTraced,
                          "a nonconformance found in the field is recorded by the service "
                          "department, without a stamp or station");
        const StageProgress* p = unit.progress(b.origin_stage);
        if (!p || !p->signed_off)
            return refuse(Refusal::NcFieldNotTraced,
                          "the unit has not passed stage " + q(b.origin_stage) +
                              ": a fault found in the field cannot have arisen there");
        return kAllowed;
    }
    Decision operator()(const NcCorrected& b) const {
        const NcState* nc = unit.nc(b.nc);
        if (!nc)
            return refuse(Refusal::NcNotFound,
                          "nonconformance " + to_string(b.nc) + " is not on this unit");
        if (nc->status != NcStatus::Open)
            return refuse(Refusal::NcNotOpen, "nonconformance " + q(nc->raised.code) +
                                                  " is already " + nc_status_name(nc->status));
        return kAllowed;
    }
    Decision operator()(const NcVerified& b) const {
        const NcState* nc = unit.nc(b.nc);
        if (!nc)
            return refuse(Refusal::NcNotFound,
                          "nonconformance " + to_string(b.nc) + " is not on this unit");
        if (nc->status != NcStatus::Corrected)
            return refuse(Refusal::NcNotCorrected, "nonconformance " + q(nc->raised.code) + " is " +
                                                       nc_status_name(nc->status) +
                                                       ", not corrected");
        if (plant.rules.independent_verification && nc->corrected_by.stamp == e.stamp)
            return refuse(Refusal::NcSelfVerification, "the correction was signed with stamp " +
                                                           q(e.stamp) +
                                                           ": another stamp must verify it");
        return kAllowed;
    }
    Decision operator()(const UnitHeld&) const {
        if (unit.on_hold)
            return refuse(Refusal::UnitOnHold, "unit is already on hold: " + unit.hold_reason);
        return kAllowed;
    }
    Decision operator()(const UnitReleased&) const {
        if (!unit.on_hold) return refuse(Refusal::UnitNotOnHold, "unit is not on hold");
        return kAllowed;
    }
};

}  // namespace

const char* refusal_code(Refusal r) {
    switch (r) {
        case Refusal::None: return "none";
        case Refusal::UnknownUnit: return "unknown_unit";
        case Refusal::SheetAlreadyIssued: return "sheet_already_issued";
        case Refusal::UnknownProductType: return "unknown_product_type";
        case Refusal::SheetSuperseded: return "sheet_superseded";
        case Refusal::UnknownSheetVersion: return "unknown_sheet_version";
        case Refusal::BadReprintVersion: return "bad_reprint_version";
        case Refusal::ActorMissing: return "actor_missing";
        case Refusal::UnknownStation: return "unknown_station";
        case Refusal::StationNotAtStage: return "station_not_at_stage";
        case Refusal::StageNotInRoute: return "stage_not_in_route";
        case Refusal::NoControlPoint: return "no_control_point";
        case Refusal::StageOutOfOrder: return "stage_out_of_order";
        case Refusal::StageAlreadyAccepted: return "stage_already_accepted";
        case Refusal::StageNotAccepted: return "stage_not_accepted";
        case Refusal::StageAlreadySigned: return "stage_already_signed";
        case Refusal::ChecklistMissingItem: return "checklist_missing_item";
        case Refusal::ChecklistUnknownItem: return "checklist_unknown_item";
        case Refusal::StampMissing: return "stamp_missing";
        case Refusal::StampUnknown: return "stamp_unknown";
        case Refusal::StampSuspended: return "stamp_suspended";
        case Refusal::StampRevoked: return "stamp_revoked";
        case Refusal::StampAttestationExpired: return "stamp_attestation_expired";
        case Refusal::StampNotCoveringStage: return "stamp_not_covering_stage";
        case Refusal::UnitOnHold: return "unit_on_hold";
        case Refusal::UnitNotOnHold: return "unit_not_on_hold";
        case Refusal::OpenBlockingNc: return "open_blocking_nc";
        case Refusal::NcUnknownCode: return "nc_unknown_code";
        case Refusal::NcUnknownDisposition: return "nc_unknown_disposition";
        case Refusal::NcOriginNotInRoute: return "nc_origin_not_in_route";
        case Refusal::NcOriginAfterDetection: return "nc_origin_after_detection";
        case Refusal::NcNotFound: return "nc_not_found";
        case Refusal::NcNotOpen: return "nc_not_open";
        case Refusal::NcNotCorrected: return "nc_not_corrected";
        case Refusal::NcSelfVerification: return "nc_self_verification";
        case Refusal::NcFieldNotTraced: return "nc_field_not_traced";
        case Refusal::ClockBehindUnit: return "clock_behind_unit";
        case Refusal::ClockAhead: return "clock_ahead";
        case Refusal::OfflineTooLong: return "offline_too_long";
        case Refusal::IdConflict: return "id_conflict";
        case Refusal::InvalidIdentity: return "invalid_identity";
    }
    return "unknown";
}

Decision check_event(const Plant& plant, const UnitState& unit, const StampRecord* stamp,
                     const Event& e) {
    if (Decision d = check_identities(e); !d.allowed()) return d;
    if (e.kind() == EventKind::SheetIssued && !unit.registered) {
        const auto& b = std::get<SheetIssued>(e.body);
        if (!plant.product(b.product_type))
            return refuse(Refusal::UnknownProductType, "product type " + q(b.product_type) +
                                                           " is not in the plant configuration");
        if (e.actor.empty() && e.stamp.empty())
            return refuse(Refusal::ActorMissing, "who issued the sheet is not recorded");
        return kAllowed;
    }
    if (!unit.registered)
        return refuse(Refusal::UnknownUnit,
                      "no identification sheet was issued for unit " + q(e.serial));
    if (e.sheet_version < unit.sheet_version)
        return refuse(Refusal::SheetSuperseded,
                      "this copy of the sheet (version " + std::to_string(e.sheet_version) +
                          ") was replaced on " + format_utc(unit.last_reprint.at) + " by " +
                          (unit.last_reprint.actor.empty() ? unit.last_reprint.stamp
                                                           : unit.last_reprint.actor) +
                          " (version " + std::to_string(unit.sheet_version) + ")");
    if (e.sheet_version > unit.sheet_version)
        return refuse(Refusal::UnknownSheetVersion, "sheet version " +
                                                        std::to_string(e.sheet_version) +
                                                        " was never printed (latest is " +
                                                        std::to_string(unit.sheet_version) + ")");
    const ProductType* product = plant.product(unit.product_type);
    if (!product)
        return refuse(Refusal::UnknownProductType, "product type " + q(unit.product_type) +
                                                       " is no longer in the plant configuration");

    if (is_signed_act(e.kind()) && !is_field_office_nc(e)) {
        if (route_index(*product, e.stage) < 0)
            return refuse(Refusal::StageNotInRoute,
                          "stage " + q(e.stage) + " is not on the route of " + product->code);
        if (Decision d = check_station(plant, e); !d.allowed()) return d;
        if (Decision d = check_stamp(stamp, e); !d.allowed()) return d;
    } else if (e.actor.empty() && e.stamp.empty()) {
        return refuse(Refusal::ActorMissing, "who performed the act is not recorded");
    }
    return std::visit(Checker{plant, unit, *product, e}, e.body);
}

Decision check_act_time(const Plant& plant, const UnitState& unit, const Event& e,
                        Timestamp received) {
    constexpr std::int64_t kSecondMs = 1000;
    constexpr std::int64_t kDayMs = 86'400'000;
    const RuleOptions& r = plant.rules;
    const Timestamp at = e.act_time();
    std::string when = "the act is dated " + format_utc(at);
    if (e.corrected_time) when += " (" + format_utc(e.terminal_time) + " on the terminal's clock)";
    if (at.ms > received.ms + r.clock_ahead_tolerance_s * kSecondMs)
        return refuse(Refusal::ClockAhead, when + ", later than the server received it (" +
                                               format_utc(received) +
                                               "): the terminal's clock is ahead");
    if (at.ms < received.ms - r.offline_window_days * kDayMs)
        return refuse(Refusal::OfflineTooLong,
                      when + ", more than " + std::to_string(r.offline_window_days) +
                          " days before the server received it (" + format_utc(received) +
                          "): the terminal was offline too long or its clock is behind");
    if (unit.registered && at.ms < unit.last_act_at.ms - r.clock_behind_tolerance_s * kSecondMs)
        return refuse(Refusal::ClockBehindUnit, when + ", before the unit's last act (" +
                                                    format_utc(unit.last_act_at) +
                                                    "): the terminal's clock is behind");
    return kAllowed;
}

}  // namespace stampline
