// What a unit's trail says now: derived from its events, never stored separately.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "shared/event.h"
#include "shared/plant.h"

namespace stampline {

// Who signed an act, when and where: shown wherever a signature is displayed.
struct Signature {
    std::string stamp;  // "" for office acts
    std::string actor;
    std::string station;
    Timestamp at;  // terminal time of the act
    Uuid event;
};

struct StageProgress {
    std::string stage;
    int acceptance_attempts = 0;  // control points run, passed or not
    bool accepted = false;        // the last control point passed
    Signature acceptance;         // valid when accepted
    bool signed_off = false;
    Signature sign_off;  // valid when signed_off
};

enum class NcStatus { Open, Corrected, Verified };
const char* nc_status_name(NcStatus s);  // "open" | "corrected" | "verified"

struct NcState {
    Uuid id;  // the NcRaised event's id
    NcRaised raised;
    std::string detected_stage;
    NcStatus status = NcStatus::Open;
    Signature raised_by;
    Signature corrected_by;  // valid from Corrected on
    Signature verified_by;   // valid when Verified
};

struct UnitState {
    bool registered = false;  // a SheetIssued event was seen
    std::string serial;
    std::string product_type;
    std::string order;
    int sheet_version = 1;
    Signature last_reprint;             // valid when sheet_version > 1
    std::vector<StageProgress> stages;  // one per route stage, in route order
    bool on_hold = false;
    std::string hold_reason;
    Signature hold;            // valid when on_hold
    std::vector<NcState> ncs;  // in the order raised
    Timestamp last_act_at;     // the latest act_time() of its acts (sheet issue included)

    // Index into stages of the first stage not signed off; stages.size() when the route is done.
    std::size_t current_index() const;
    bool complete() const { return registered && current_index() == stages.size(); }
    const StageProgress* progress(std::string_view stage) const;
    const NcState* nc(const Uuid& id) const;
    std::size_t open_nc_count() const;
};

// Folds the unit's accepted events (in trail order) into its state. Events that the trail rules
// would refuse are not expected here; they are skipped without effect when met.
UnitState derive_state(const Plant& plant, std::span<const Event> events);

// Applies one accepted event to the state.
void apply_event(const Plant& plant, UnitState& state, const Event& event);

}  // namespace stampline
