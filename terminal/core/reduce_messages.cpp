// Messages for the worker: the catalog key and its arguments (catalog_core.cpp lists the texts).
// Arguments are in the terminal's language where the plant has both (stage names, NC texts);
// times are local (settings.utc_offset_minutes).
#include <algorithm>
#include <cstdio>

#include "terminal/core/catalog.h"
#include "terminal/core/reduce_internal.h"

namespace stampline::terminal::detail {

namespace {

const char* lang(const AppState& s) {
    return language_code(s.settings.language);
}

Timestamp local(const AppState& s, Timestamp t) {
    return Timestamp{t.ms + std::int64_t{s.settings.utc_offset_minutes} * 60'000};
}

std::string two(int v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", v);
    return buf;
}

// Who signed: "017 (Иванов И. И.)", the office actor, or "—".
std::string signer(const AppState& s, const Signature& sig) {
    if (!sig.stamp.empty()) {
        const StampRecord* stamp = s.reference ? s.reference->stamp(sig.stamp) : nullptr;
        return stamp ? sig.stamp + " (" + stamp->holder + ")" : sig.stamp;
    }
    return sig.actor.empty() ? "—" : sig.actor;
}

const ProductType* product_of(const AppState& s, const UnitState& unit) {
    return s.reference->plant.product(unit.product_type);
}

// The stage before this one on the unit's route (the stage itself when there is none).
std::string previous_stage(const AppState& s, const UnitState& unit, std::string_view stage) {
    const std::string prev = previous_route_stage(product_of(s, unit), stage);
    return prev.empty() ? std::string(stage) : prev;
}

std::string checklist_item_text(const AppState& s, const UnitState& unit, const Event& e,
                                bool missing) {
    const Checklist* list = s.reference->plant.checklist(previous_stage(s, unit, e.stage), e.stage);
    const auto& checks = std::get<StageAccepted>(e.body).checks;
    if (missing && list) {
        for (const ChecklistItem& item : list->items)
            if (std::none_of(checks.begin(), checks.end(),
                             [&](const CheckResult& c) { return c.item == item.id; }))
                return item.text.in(lang(s));
    }
    if (!missing)
        for (const CheckResult& c : checks)
            if (!list || std::none_of(list->items.begin(), list->items.end(),
                                      [&](const ChecklistItem& i) { return i.id == c.item; }))
                return c.item;
    return "";
}

const NcState* blocking_nc(const AppState& s, const UnitState& unit) {
    const RuleOptions& rules = s.reference->plant.rules;
    for (const NcState& nc : unit.ncs)
        if (nc.status == NcStatus::Open && nc.raised.severity >= rules.blocking_severity)
            return &nc;
    return nullptr;
}

// The NC a follow-up event names, as "WIR-03".
std::string followed_nc(const UnitState& unit, const Event& e) {
    Uuid id;
    if (const auto* c = std::get_if<NcCorrected>(&e.body)) id = c->nc;
    if (const auto* v = std::get_if<NcVerified>(&e.body)) id = v->nc;
    const NcState* nc = unit.nc(id);
    return nc ? nc->raised.code : to_string(id);
}

std::vector<std::string> refusal_args(const AppState& s, Refusal r, const Event& e) {
    const UnitState& unit = s.card->unit;
    const StampRecord* stamp = s.reference->stamp(e.stamp);
    const std::string holder = stamp ? stamp->holder : "";
    const std::string stage = stage_name(s, e.stage);
    switch (r) {
        case Refusal::None:
        case Refusal::BadReprintVersion:
        case Refusal::ActorMissing:
        case Refusal::StampMissing:
        case Refusal::UnitNotOnHold:
        case Refusal::NcNotFound: return {};
        case Refusal::UnknownUnit:
        case Refusal::SheetAlreadyIssued: return {e.serial};
        case Refusal::UnknownProductType: return {unit.product_type};
        case Refusal::SheetSuperseded: return superseded_message(s, e.sheet_version, unit).args;
        case Refusal::UnknownSheetVersion:
            return {std::to_string(e.sheet_version), std::to_string(unit.sheet_version)};
        case Refusal::UnknownStation: return {e.station};
        case Refusal::StationNotAtStage: return {e.station, stage};
        case Refusal::StageNotInRoute: return {stage, unit.product_type};
        case Refusal::NoControlPoint:
        case Refusal::StageAlreadyAccepted:
        case Refusal::StageNotAccepted: return {stage};
        case Refusal::StageOutOfOrder:
            return {stage_name(s, previous_stage(s, unit, e.stage)), stage};
        case Refusal::StageAlreadySigned: {
            const StageProgress* p = unit.progress(e.stage);
            if (!p) return {stage, "—", "—"};
            return {stage, signer(s, p->sign_off), local_date_time(s, p->sign_off.at)};
        }
        case Refusal::ChecklistMissingItem: return {checklist_item_text(s, unit, e, true)};
        case Refusal::ChecklistUnknownItem: return {checklist_item_text(s, unit, e, false)};
        case Refusal::StampUnknown: return {e.stamp};
        case Refusal::StampSuspended:
        case Refusal::StampRevoked: return {e.stamp, holder};
        case Refusal::StampAttestationExpired:
            return {e.stamp, holder, stamp ? date_text(s, stamp->attestation_due) : ""};
        case Refusal::StampNotCoveringStage: return {e.stamp, stage};
        case Refusal::UnitOnHold: return {unit.hold_reason};
        case Refusal::OpenBlockingNc: {
            const NcState* nc = blocking_nc(s, unit);
            if (!nc) return {"—", ""};
            return {nc->raised.code, nc_text(s, nc->raised.code)};
        }
        case Refusal::NcUnknownCode:
            return {e.kind() == EventKind::NcRaised ? std::get<NcRaised>(e.body).code : ""};
        case Refusal::NcUnknownDisposition:
            return {e.kind() == EventKind::NcRaised ? std::get<NcRaised>(e.body).disposition : ""};
        case Refusal::NcOriginNotInRoute:
        case Refusal::NcOriginAfterDetection: {
            const std::string origin =
                e.kind() == EventKind::NcRaised ? std::get<NcRaised>(e.body).origin_stage : "";
            return {stage_name(s, origin), stage};
        }
        case Refusal::NcNotOpen:
        case Refusal::NcNotCorrected: return {followed_nc(unit, e)};
        case Refusal::NcSelfVerification: return {e.stamp, holder};
        case Refusal::NcFieldNotTraced:
        case Refusal::ClockBehindUnit:
        case Refusal::ClockAhead:
        case Refusal::OfflineTooLong:
        case Refusal::IdConflict:
        case Refusal::InvalidIdentity: return {};
    }
    return {};
}

}  // namespace

Message refusal_message(const AppState& s, const Decision& d, const Event& e) {
    return {std::string("refusal.") + refusal_code(d.refusal), refusal_args(s, d.refusal, e)};
}

Message superseded_message(const AppState& s, int scanned_version, const UnitState& unit) {
    const bool known = !unit.last_reprint.stamp.empty() || !unit.last_reprint.actor.empty();
    return {
        "refusal.sheet_superseded",
        {std::to_string(scanned_version), known ? local_date_time(s, unit.last_reprint.at) : "—",
         signer(s, unit.last_reprint), std::to_string(unit.sheet_version)}};
}

Message recorded_message(const AppState& s, const Event& e) {
    const std::string stage = stage_name(s, e.stage);
    const StampRecord* stamp = s.reference->stamp(e.stamp);
    const std::string who = stamp ? stamp->holder : "";
    const std::string when = local_date_time(s, e.terminal_time);
    const UnitState* unit = s.card ? &s.card->unit : nullptr;
    switch (e.kind()) {
        case EventKind::StageAccepted: {
            const auto& checks = std::get<StageAccepted>(e.body).checks;
            const auto failed = std::count_if(checks.begin(), checks.end(),
                                              [](const CheckResult& c) { return !c.pass; });
            if (failed == 0) return {"result.accepted", {stage, e.stamp, who, when}};
            return {"result.accepted_failed", {stage, std::to_string(failed), e.stamp, who, when}};
        }
        case EventKind::StageSignedOff: return {"result.signed_off", {stage, e.stamp, who, when}};
        case EventKind::NcRaised: {
            const auto& nc = std::get<NcRaised>(e.body);
            return {"result.nc_raised", {nc.code, nc_text(s, nc.code), e.stamp, who, when}};
        }
        case EventKind::NcCorrected:
            return {"result.nc_corrected", {unit ? followed_nc(*unit, e) : "", e.stamp, who, when}};
        case EventKind::NcVerified:
            return {"result.nc_verified", {unit ? followed_nc(*unit, e) : "", e.stamp, who, when}};
        default: return {"result.recorded", {event_kind_name(e.kind()), e.stamp, who, when}};
    }
}

std::string stage_name(const AppState& s, std::string_view code) {
    const Stage* stage = s.reference ? s.reference->plant.stage(code) : nullptr;
    return stage ? stage->name.in(lang(s)) : std::string(code);
}

std::string nc_text(const AppState& s, std::string_view code) {
    const NcCode* nc = s.reference ? s.reference->plant.nc_code(code) : nullptr;
    return nc ? nc->text.in(lang(s)) : "";
}

std::string local_time(const AppState& s, Timestamp t) {
    const Timestamp l = local(s, t);
    const std::int64_t day_ms = ((l.ms % 86'400'000) + 86'400'000) % 86'400'000;
    return two(static_cast<int>(day_ms / 3'600'000)) + ":" +
           two(static_cast<int>(day_ms / 60'000 % 60));
}

std::string date_text(const AppState& s, Date d) {
    if (s.settings.language == Language::En) return format_date(d);
    return two(d.day) + "." + two(d.month) + "." + std::to_string(d.year);
}

std::string local_date_time(const AppState& s, Timestamp t) {
    return date_text(s, date_of(local(s, t))) + " " + local_time(s, t);
}

}  // namespace stampline::terminal::detail
