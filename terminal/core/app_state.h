// The terminal's state: everything the screens show, owned by the UI thread and changed only by
// reduce() (reduce.h). No ImGui, no I/O: views draw from it, the shell executes its effects.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shared/badge_payload.h"
#include "shared/event.h"
#include "shared/plant.h"
#include "shared/sheet_payload.h"
#include "shared/stamp.h"
#include "shared/time.h"
#include "shared/unit_state.h"
#include "terminal/core/message.h"

namespace stampline::terminal {

// What the terminal knows of the plant and its stamps: the server's /api/v1/reference, cached.
struct Reference {
    Plant plant;
    std::vector<StampRecord> stamps;
    const StampRecord* stamp(std::string_view id) const;  // nullptr when unknown
};

// The terminal's own settings (its config file); values only, with their defaults.
struct TerminalSettings {
    std::string station;  // Station::id this terminal sits at
    Language language = Language::Ru;
    int pin_max_attempts = 5;                  // wrong PINs in a row before the badge is locked out
    std::int64_t pin_lockout_ms = 5 * 60'000;  // how long a locked-out badge is refused here
    std::int64_t session_timeout_ms = 120'000;  // auto sign-out after this long without an action
    std::int64_t result_display_ms = 4'000;     // the result screen returns to the card after this
    bool pin_on_sign_off = false;               // second factor: the PIN again to sign off a stage
    int utc_offset_minutes = 0;  // local time = UTC + this; for times shown to the worker
};

enum class Screen {
    Idle,        // station, stage, clock, "scan your stamp badge"
    Pin,         // badge read; on-screen PIN pad
    ScanSheet,   // signed in; "scan the identification sheet"
    UnitCard,    // the unit: route row, open NCs, hold, the actions
    Acceptance,  // the junction's control-point checklist
    SignOff,     // confirm the stage sign-off (with the PIN when pin_on_sign_off)
    NcForm,      // raise a nonconformance
    NcFollowUp,  // record a correction or a verification of an NC
    Result,      // big green "recorded" or red "refused: reason"
    Attention,   // events the server refused, for the worker to see (and an auditor to resolve)
};

// Where the unit card's trail came from.
enum class TrailSource {
    Server,   // fetched from the server just now (plus this terminal's unsent events)
    Cache,    // the terminal's cached copy (plus unsent events): may miss other stations' acts
    Unknown,  // never seen here and the server is unreachable: earlier stages are assumed done
};

struct Session {
    std::string stamp;   // StampRecord::id of the signed-in worker
    std::string holder;  // the worker's name, for the header and signatures
    Timestamp signed_in_at;
};

struct PinEntry {
    BadgeId badge;
    std::string holder;
    std::string digits;     // typed so far (never shown, only counted)
    bool checking = false;  // a VerifyPin effect is running
    Message error;          // the last refusal (wrong PIN, attempts left), empty when none
};

// Wrong PINs at this terminal, per stamp: locked out once failures reach pin_max_attempts.
struct PinFailures {
    int failures = 0;
    Timestamp locked_until;  // valid when failures >= pin_max_attempts
};

struct UnitCard {
    UnitIdentity sheet;  // as scanned
    UnitState unit;      // derived from the trail + this terminal's unsent events
    TrailSource source = TrailSource::Unknown;
    bool loading = false;  // a fresher trail was asked for
    std::string stage;     // the stage this station acts on for this unit ("" when none is due)
    bool loaded = false;   // a UnitLoaded answered; until then no act can start
    std::vector<Event> events;    // the trail as last loaded (UnitLoaded::events)
    std::vector<Event> recorded;  // acts recorded here since the card opened (Recorded ok)
};

struct CheckRow {
    ChecklistItem item;
    std::optional<bool> pass;  // not answered yet
};

struct AcceptanceForm {
    std::string from_stage;
    std::vector<CheckRow> rows;
};

struct NcFormState {
    std::string category;  // NcCategory::code chosen ("" = none yet)
    std::string code;      // NcCode::code chosen
    Severity severity = Severity::Minor;
    std::string origin_stage;
    int quantity = 1;
    std::string disposition;                       // Disposition::code ("" = none yet)
    std::string note;                              // typed on the on-screen keyboard
    std::optional<std::string> from_failed_check;  // ChecklistItem::id that opened this form
};

struct NcFollowUpForm {
    Uuid nc;
    bool verification = false;  // false: a correction; true: a verification
    std::string note;
};

struct ResultState {
    bool recorded = false;  // green "recorded"; else red "refused"
    Message message;        // what was recorded, or why it was refused
    Screen back_to = Screen::UnitCard;
    Timestamp shown_at;
    bool saving = false;  // allowed and handed to the outbox; Recorded has not answered yet
    Uuid event;           // the act this result is about (nil for refusals)
};

// An event the server refused (kept in its quarantine): shown until an auditor resolves it.
struct AttentionItem {
    Uuid event;
    std::string serial;
    std::string kind;     // event_kind_name
    std::string reason;   // refusal code from the server
    std::string message;  // the server's message
};

struct SyncState {
    bool online = false;
    int outbox_depth = 0;                // events not yet acknowledged by the server
    std::optional<Timestamp> last_sync;  // last successful exchange with the server
    int backlog_total = 0;               // depth when the current drain started (0: not draining)
    int backlog_sent = 0;                // acknowledged since the current drain started
    std::string last_error;              // why the last attempt failed ("" after a success)
    // What a person must fix before the server can be reached, as a catalog key (the server's
    // certificate refused: ServerClient::link_problem); "" otherwise.
    std::string link_problem;
    // This terminal's clock minus the server's, measured at the last exchange with the server
    // (nullopt before one); beyond kClockWarningMs the status bar warns. Acts carry their
    // corrected time by it (Event::corrected_time).
    std::optional<std::int64_t> clock_offset_ms;
};

struct AppState {
    TerminalSettings settings;
    std::optional<Reference> reference;  // nullopt until loaded from cache or server
    Screen screen = Screen::Idle;
    Timestamp now;            // the clock at the last action
    Timestamp last_activity;  // last worker action, for the auto sign-out
    std::optional<Session> session;
    std::optional<PinEntry> pin;
    std::map<std::string, PinFailures> pin_failures;  // by stamp id
    std::optional<UnitCard> card;
    std::optional<AcceptanceForm> acceptance;
    std::optional<NcFormState> nc_form;
    std::optional<NcFollowUpForm> follow_up;
    std::string sign_off_pin;        // digits typed on the sign-off screen when pin_on_sign_off
    bool sign_off_checking = false;  // a VerifyPin for the sign-off PIN is running
    Message form_error;              // why the open form (or sign-off PIN) was not accepted
    std::vector<Event> recording;    // acts sent as Record effects, awaiting their Recorded
    std::optional<ResultState> result;
    std::uint64_t scans_read = 0;  // every scan the core was given, read or refused
    Message scan_error;            // the last scan that was refused: what was read and why
    // The parser's own explanation of a refused scan (English, technical): for the log only.
    std::string scan_error_detail;
    std::vector<AttentionItem> attention;
    Screen attention_back_to = Screen::Idle;  // where Back leaves the Attention screen
    SyncState sync;
    bool scanner_connected = false;  // the last ScannerChanged
    std::string scanner_detail;
};

}  // namespace stampline::terminal
