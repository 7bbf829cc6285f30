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
};

// Stable snake_case code for the wire and the quarantine, e.g. "stage_out_of_order".
const char* refusal_code(Refusal r);

struct Decision {
    Refusal refusal = Refusal::None;
    std::string message;  // for the person at the terminal or the auditor; empty when allowed
    bool allowed() const { return refusal == Refusal::None; }
};

// Decides whether `event` may be appended to the trail whose state is `unit`.
// `stamp` is the registry record of event.stamp, or nullptr when the registry has none (or the
// event carries no stamp). Stamp validity (status, attestation) is judged at the event's
// terminal time: the time of the act.
Decision check_event(const Plant& plant, const UnitState& unit, const StampRecord* stamp,
                     const Event& event);

}  // namespace stampline
