// Events: every fact about a unit is an event appended to its trail (never updated or deleted;
// a correction is a new event). Values only; the JSON codec is in event_json.h.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "shared/plant.h"
#include "shared/time.h"
#include "shared/uuid.h"

namespace stampline {

// The identification sheet was issued: the unit is registered.
struct SheetIssued {
    std::string product_type;
    std::string order;
};

// A lost or damaged sheet was reprinted: copies with an older sheet_version are superseded.
struct SheetReprinted {
    int new_version = 2;
    std::string reason;
};

struct CheckResult {
    std::string item;  // ChecklistItem::id
    bool pass = true;
    std::string note;
};

// The receiving stage ran the control point of the junction (previous route stage -> stage).
// The stage counts as accepted only when every check passed.
struct StageAccepted {
    std::vector<CheckResult> checks;
    bool all_passed() const;
};

// The stage's operations are done; signed with the personal stamp.
struct StageSignedOff {};

// A nonconformance. Its id is the id of this event.
struct NcRaised {
    std::string code;  // NcCode::code
    Severity severity = Severity::Minor;
    std::string origin_stage;  // where it arose; the event's stage is where it was detected
    int quantity = 1;
    std::string disposition;  // Disposition::code
    std::string note;
    // Where it was found at the stage of detection: "control_point" (the stage's acceptance
    // check: a failed checklist item opened it), "during_work", "test" (acceptance tests) or
    // "field" (after delivery); "" when not recorded (events of the first release, read as found
    // during work). See kNcFoundPlaces.
    std::string found;
    // For an NC found in the field: the plant's lifecycle stage where it showed (transport,
    // installation, commissioning, operation). "" otherwise. A field NC traced from a customer
    // complaint is an office act: no stage, station or stamp; its actor is the service engineer.
    std::string field_stage;

    bool in_field() const { return found == "field"; }
};

// The values of NcRaised::found, besides "" (not recorded).
inline constexpr const char* kNcFoundPlaces[] = {"control_point", "during_work", "test", "field"};

struct NcCorrected {
    Uuid nc;  // the NcRaised event
    std::string note;
};

struct NcVerified {
    Uuid nc;
    std::string note;
};

struct UnitHeld {
    std::string reason;
};

struct UnitReleased {
    std::string note;
};

using EventBody = std::variant<SheetIssued, SheetReprinted, StageAccepted, StageSignedOff, NcRaised,
                               NcCorrected, NcVerified, UnitHeld, UnitReleased>;

enum class EventKind {
    SheetIssued,
    SheetReprinted,
    StageAccepted,
    StageSignedOff,
    NcRaised,
    NcCorrected,
    NcVerified,
    UnitHeld,
    UnitReleased,
};
// "sheet_issued", "sheet_reprinted", "stage_accepted", "stage_signed_off", "nc_raised",
// "nc_corrected", "nc_verified", "unit_held", "unit_released"
const char* event_kind_name(EventKind kind);
bool parse_event_kind(std::string_view text, EventKind* out);

struct Event {
    Uuid id;                  // UUIDv7 made where the act happened
    std::string serial;       // the unit
    int sheet_version = 1;    // version of the sheet copy that was scanned
    std::string station;      // station id ("" for acts done in the office, e.g. sheet issue, hold)
    std::string stage;        // stage code the act concerns ("" for sheet and hold events)
    std::string stamp;        // stamp id of the signer ("" for office acts)
    std::string actor;        // who acted when there is no stamp, e.g. "auditor:petrova"
    Timestamp terminal_time;  // the clock of the terminal at the moment of the act
    // The terminal's best estimate of the server's clock at the act: terminal_time minus the
    // clock offset it last measured against the server (absent when it had measured none, and
    // for office acts, whose clock is the server's).
    std::optional<Timestamp> corrected_time;
    EventBody body;

    EventKind kind() const { return static_cast<EventKind>(body.index()); }
    // When the act happened, as well as the record knows: corrected_time when the terminal gave
    // one, else terminal_time. What the server's bounds, the stamp checks, the trail's order and
    // the analytics go by.
    Timestamp act_time() const { return corrected_time.value_or(terminal_time); }
};

}  // namespace stampline
