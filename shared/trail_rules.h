// The trail rules: what may be recorded next for a unit. One pure function, used by the terminal
// (locally, before it says "recorded") and re-checked by the server on ingest.
#pragma once

#include <string>

#include "shared/event.h"
#include "shared/plant.h"
#include "shared/stamp.h"
#include "shared/unit_state.h"

namespace stampline {

enum class Refusal {
    None,
    UnknownUnit,  // no sheet was issued for this serial
    SheetAlreadyIssued,
    UnknownProductType,
    SheetSuperseded,      // the scanned copy was replaced by a reprint
    UnknownSheetVersion,  // a sheet version newer than any printed
    BadReprintVersion,
    ActorMissing,  // an office act without a stamp or an actor
    UnknownStation,
    StationNotAtStage,
    StageNotInRoute,
    NoControlPoint,   // acceptance at the first stage of a route
    StageOutOfOrder,  // the previous route stage is not signed off
    StageAlreadyAccepted,
    StageNotAccepted,
    StageAlreadySigned,
    ChecklistMissingItem,
    ChecklistUnknownItem,
    StampMissing,
    StampUnknown,
    StampSuspended,
    StampRevoked,
    StampAttestationExpired,
    StampNotCoveringStage,
    UnitOnHold,
    UnitNotOnHold,
    OpenBlockingNc,
    NcUnknownCode,
    NcUnknownDisposition,
    NcOriginNotInRoute,
    NcOriginAfterDetection,
    NcNotFound,
    NcNotOpen,
    NcNotCorrected,
    NcSelfVerification,
    // A field NC (found in the field, from a customer complaint) that is not a service office act
    // traced to a stage the unit passed, in a configured lifecycle stage.
    NcFieldNotTraced,
    // The terminal's clock is out of bounds (check_act_time).
    ClockBehindUnit,  // before the unit's last act (its sheet issue included)
    ClockAhead,       // later than the server received it
    OfflineTooLong,   // older than the plant's offline window when received
    // Not a rule on the trail: the event's id was already posted with other content.
    IdConflict,
    InvalidIdentity,  // a serial, order, product type, stamp id or code breaks identity.h
};

// Stable snake_case code for the wire and the quarantine, e.g. "stage_out_of_order".
const char* refusal_code(Refusal r);

struct Decision {
    Refusal refusal = Refusal::None;
    std::string message;  // for the person at the terminal or the auditor; empty when allowed
    bool allowed() const { return refusal == Refusal::None; }
};

// Decides whether `event` may be appended to the trail whose state is `unit`. Every name the
// event carries (serial, station, stage, stamp, product type, order, checklist items, NC code,
// origin stage) keeps the identity rule of identity.h first (invalid_identity).
// `stamp` is the registry record of event.stamp, or nullptr when the registry has none (or the
// event carries no stamp). Stamp validity: a revoked or suspended stamp is refused whenever the
// act happened (the registry's status now); the attestation is judged at the act's time,
// event.act_time() (the terminal's estimate of the server's clock when it gave one, else its own
// clock). That time is trusted only within the bounds of check_act_time, which the server
// applies first to every act a terminal posts: a clock set back to a time when an expired stamp
// was still attested is refused there (offline_too_long or clock_behind_unit), never judged.
Decision check_event(const Plant& plant, const UnitState& unit, const StampRecord* stamp,
                     const Event& event);

// The bounds on a terminal's clock (DESIGN.md §5), for an act received by the server at
// `received` (plant.rules gives the tolerances), judged on event.act_time():
//   offline_too_long:  the act is older than offline_window_days at receipt;
//   clock_ahead:       the act is later than its receipt by more than clock_ahead_tolerance_s;
//   clock_behind_unit: the act is earlier than the unit's last act (its sheet issue included)
//                      by more than clock_behind_tolerance_s (a registered unit only).
// Allowed otherwise. Acts posted from the office (admin imports, auditors' holds) are dated by
// the office and not checked.
Decision check_act_time(const Plant& plant, const UnitState& unit, const Event& event,
                        Timestamp received);

}  // namespace stampline
