#include "shared/unit_state.h"

#include <algorithm>

namespace stampline {

namespace {

Signature signature_of(const Event& e) {
    return {e.stamp, e.actor, e.station, e.act_time(), e.id};
}

StageProgress* progress_of(UnitState& state, std::string_view stage) {
    for (StageProgress& p : state.stages)
        if (p.stage == stage) return &p;
    return nullptr;
}

NcState* nc_of(UnitState& state, const Uuid& id) {
    for (NcState& nc : state.ncs)
        if (nc.id == id) return &nc;
    return nullptr;
}

}  // namespace

const char* nc_status_name(NcStatus s) {
    switch (s) {
        case NcStatus::Open: return "open";
        case NcStatus::Corrected: return "corrected";
        case NcStatus::Verified: return "verified";
    }
    return "open";
}

std::size_t UnitState::current_index() const {
    auto it = std::find_if(stages.begin(), stages.end(),
                           [](const StageProgress& p) { return !p.signed_off; });
    return static_cast<std::size_t>(it - stages.begin());
}

const StageProgress* UnitState::progress(std::string_view stage) const {
    for (const StageProgress& p : stages)
        if (p.stage == stage) return &p;
    return nullptr;
}

const NcState* UnitState::nc(const Uuid& id) const {
    for (const NcState& n : ncs)
        if (n.id == id) return &n;
    return nullptr;
}

std::size_t UnitState::open_nc_count() const {
    return static_cast<std::size_t>(std::count_if(
        ncs.begin(), ncs.end(), [](const NcState& n) { return n.status == NcStatus::Open; }));
}

void apply_event(const Plant& plant, UnitState& state, const Event& e) {
    struct Visitor {
        const Plant& plant;
        UnitState& state;
        const Event& e;

        void operator()(const SheetIssued& b) {
            state.registered = true;
            state.serial = e.serial;
            state.product_type = b.product_type;
            state.order = b.order;
            state.stages.clear();
            if (const ProductType* p = plant.product(b.product_type))
                for (const std::string& s : p->route) {
                    StageProgress progress;
                    progress.stage = s;
                    state.stages.push_back(std::move(progress));
                }
        }
        void operator()(const SheetReprinted& b) {
            state.sheet_version = b.new_version;
            state.last_reprint = signature_of(e);
        }
        void operator()(const StageAccepted& b) {
            if (StageProgress* p = progress_of(state, e.stage)) {
                ++p->acceptance_attempts;
                p->accepted = b.all_passed();
                if (p->accepted) p->acceptance = signature_of(e);
            }
        }
        void operator()(const StageSignedOff&) {
            if (StageProgress* p = progress_of(state, e.stage)) {
                p->signed_off = true;
                p->sign_off = signature_of(e);
            }
        }
        void operator()(const NcRaised& b) {
            NcState nc;
            nc.id = e.id;
            nc.raised = b;
            nc.detected_stage = e.stage;
            nc.raised_by = signature_of(e);
            state.ncs.push_back(std::move(nc));
        }
        void operator()(const NcCorrected& b) {
            if (NcState* nc = nc_of(state, b.nc)) {
                nc->status = NcStatus::Corrected;
                nc->corrected_by = signature_of(e);
            }
        }
        void operator()(const NcVerified& b) {
            if (NcState* nc = nc_of(state, b.nc)) {
                nc->status = NcStatus::Verified;
                nc->verified_by = signature_of(e);
            }
        }
        void operator()(const UnitHeld& b) {
            state.on_hold = true;
            state.hold_reason = b.reason;
            state.hold = signature_of(e);
        }
        void operator()(const UnitReleased&) {
            state.on_hold = false;
            state.hold_reason.clear();
        }
    };
    std::visit(Visitor{plant, state, e}, e.body);
    if (e.act_time() > state.last_act_at) state.last_act_at = e.act_time();
}

UnitState derive_state(const Plant& plant, std::span<const Event> events) {
    UnitState state;
    for (const Event& e : events) apply_event(plant, state, e);
    return state;
}

}  // namespace stampline
