// The server's storage interface: the append-only hash-chained event log, the answers given to
// every event (so a re-post gets the same answer), the quarantine, the stamp registry, the
// access tokens, the corrective actions' log and the procedure audits. One real adapter
// (sqlite_store.h) and one in-memory fake (memory_store.h).
//
// Thread safety: every method may be called from any thread; writes are serialised by the store.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shared/canonical_event.h"
#include "shared/event.h"
#include "shared/event_json.h"
#include "shared/hash_chain.h"
#include "shared/stamp.h"
#include "shared/status.h"
#include "shared/trail_rules.h"

namespace stampline::server {

// An accepted event as the log holds it.
struct StoredEvent {
    std::int64_t seq = 0;   // 1, 2, 3, ... in append order, never reused
    Timestamp received_at;  // server clock when it was accepted
    Event event;
    std::string hash;  // chain hash after this event (hash_chain.h)
};

enum class Verdict { Accepted, Refused };
const char* verdict_name(Verdict v);  // "accepted" | "refused"

// The server's answer to one event id. Stored, so that a duplicate gets the first answer again.
struct EventAnswer {
    Uuid id;
    Verdict verdict = Verdict::Accepted;
    std::int64_t seq = 0;  // when accepted
    Timestamp received_at;
    std::string reason;   // when refused: refusal_code(...)
    std::string message;  // when refused: for a person
};

// A refused event, kept for an auditor to resolve. Never dropped.
struct QuarantineEntry {
    EventAnswer answer;      // verdict Refused, with reason and message
    std::string station;     // the station of the terminal that posted it ("" for office posts)
    std::string event_json;  // the event as received (event_to_json of the parsed event)
    bool resolved = false;
    std::string resolution;  // the auditor's note
    std::string resolved_by;
    // When the auditor accepted it into the log (WriteTxn::accept_quarantined): its seq there;
    // 0 otherwise.
    std::int64_t accepted_seq = 0;
};

// What every store records for WriteTxn::quarantine: the answer to the refused event, and the
// event as the quarantine keeps it (its JSON; an invalid UTF-8 byte replaced).
EventAnswer refused_answer(const Event& event, Timestamp received_at, const Decision& decision);
std::string quarantine_text(const Event& event);

// A stamp's stages as every store keeps them: a JSON array of stage codes.
std::string stages_json(const std::vector<std::string>& stages);

// An event id posted again with different content (DESIGN.md §5: a conflict, never a duplicate):
// a terminal whose id generator repeats, or a replayed id with altered content. The act it
// carries was not recorded; both texts are kept for an auditor.
struct IdConflict {
    Uuid id;
    Timestamp received_at;    // server clock when first posted with this content
    std::string station;      // the posting terminal's station ("" for office posts)
    std::string text;         // the event as posted (canonical text)
    std::string stored_text;  // what the log (canonical text) or the quarantine holds for the id
};

// Service: the service department (customer complaints); its CRM holds a service token too.
enum class Role { Terminal, Auditor, Admin, Service };
const char* role_name(Role r);  // "terminal" | "auditor" | "admin" | "service"
bool parse_role(std::string_view text, Role* out);

struct TokenRecord {
    std::string id;  // short public id, e.g. "t-3f9a2c"; the secret is never stored
    Role role = Role::Terminal;
    std::string station;  // for terminal tokens: the only station it may post for
    std::string label;    // e.g. "Иванова (аудитор)"
    Timestamp created_at;
    bool revoked = false;
};

// One entry of the corrective actions' append-only log: an action's creation, a status change or a
// verification. The service (service/corrective_actions.h) folds an action's entries, in seq
// order, into its current state; entries are never changed or removed.
struct CorrectiveActionEntry {
    std::int64_t seq = 0;   // 1, 2, 3, ... in append order; assigned by the store
    std::string action_id;  // e.g. "CA-2026-001"
    std::string kind;       // "created" | "status" | "verification"
    std::string body;       // a JSON object; its members are the service's business
    Timestamp at;           // server clock
    std::string by;         // actor_of the token, e.g. "auditor:t-3f9a2c"
};

// One entry of the customer complaints' log: a registration, a step, a notice to the customer
// (service/complaints.h folds a complaint's entries, in seq order, into its state). Append-only
// and hash-chained like the event log: hash = chain_hash(the previous entry's hash,
// complaint_entry_text(entry)), so an entry changed afterwards breaks the chain at itself.
struct ComplaintEntry {
    std::int64_t seq = 0;      // 1, 2, 3, ... in append order; assigned by the store
    std::string complaint_id;  // e.g. "CL-2026-001"
    std::string kind;          // the service's: "registered", "notice", ...
    std::string body;          // a JSON object; its members are the service's business
    Timestamp at;              // server clock
    std::string by;            // actor_of the token
    std::string hash;          // assigned by the store
};

// One attempt to tell the CRM of a change of a complaint (service/crm_webhook.h): the delivery
// log. Append-only.
struct CrmDelivery {
    std::int64_t n = 0;          // 1, 2, 3, ... assigned by the store
    std::int64_t entry_seq = 0;  // the complaint log entry told
    int attempt = 1;             // 1 for the first try of that entry
    Timestamp at;                // server clock
    bool delivered = false;      // the receiver answered 2xx
    std::string detail;          // "HTTP 200", "HTTP 500", "connection refused", ...
};

// The bytes the complaint chain hashes for e: its id, kind, time (Unix ms), actor and body,
// each followed by a newline (the body last, without one).
std::string complaint_entry_text(const ComplaintEntry& e);

// What a procedure audit concluded.
enum class AuditResult { Pass, Finding };
const char* audit_result_name(AuditResult r);  // "pass" | "finding"
bool parse_audit_result(std::string_view text, AuditResult* out);

// A procedure audit an auditor recorded on a unit, on a stamp holder, or on both (the holder's
// work on that unit). Append-only: never changed or removed. The service
// (service/procedure_audits.h) checks the subject exists and the text rules before appending.
struct ProcedureAudit {
    std::int64_t id = 0;  // 1, 2, 3, ... in record order; assigned by the store
    std::string serial;   // the audited unit; "" when the audit is on a stamp holder only
    std::string stamp;    // the audited holder's stamp id; "" when on a unit only
    AuditResult result = AuditResult::Pass;
    std::string text;       // the finding (never empty for a finding) or a note ("" allowed)
    std::string actor;      // actor_of the token, e.g. "auditor:t-3f9a2c"
    Timestamp recorded_at;  // server clock
};

// The rules every stored audit keeps, checked by both stores on append: InvalidArgument naming
// the field when it has neither serial nor stamp, or is a finding without text.
inline Status check_procedure_audit(const ProcedureAudit& audit) {
    if (audit.serial.empty() && audit.stamp.empty())
        return invalid("serial: an audit is on a unit (serial), a stamp holder (stamp) or both");
    if (audit.result == AuditResult::Finding && audit.text.empty())
        return invalid("text: a finding needs its text");
    return Status::ok();
}

// What both stores check before an event enters the log: validate_event, named for the log.
inline Status check_loggable(const Event& event) {
    if (Status valid = validate_event(event); !valid)
        return invalid("event " + to_string(event.id) + " cannot be logged: " + valid.message());
    return Status::ok();
}

struct StoreCounts {
    std::int64_t events = 0;       // also the seq of the chain's head (the last event)
    std::string head_hash;         // the chain hash of the last event; "" when there is none
    std::int64_t quarantined = 0;  // unresolved
    std::int64_t id_conflicts = 0;
    std::int64_t stamps = 0;
    std::int64_t tokens = 0;
    std::int64_t db_bytes = 0;  // size of the database file(s); 0 for the in-memory fake
};

// The analyses' facts of one unit (Store::units_acting, Store::units_in_work): its accepted
// events in log order, as the analyses and the trail's derived state read them. Everything of
// the logged event but the free texts neither reads: notes, the control point's check items
// (kept: whether all passed; a failed control point reads as one failed item with an empty id)
// and a reprint's reason. The span is valid during the call only; an error returned stops the
// reading.
struct UnitFacts {
    std::span<const Event> events;
    std::int64_t last_seq = 0;  // of the unit's last event
};
using UnitFactsVisitor = std::function<Status(const UnitFacts&)>;

// A product type's route length (Store::units_in_work).
struct RouteLength {
    std::string product_type;
    int stages = 0;
};

// Figures derived from the log and kept beside it so that they outlive a restart (the review
// pack's closed months: analytics/month_figures_cache.h), by a key their maker chooses. Not part
// of the record: never chained, verified or exported; dropping them all changes no answer, only
// how long the next one takes.
struct KeptFigures {
    std::int64_t position = 0;  // the log position (its last seq) they were derived at
    std::string text;
};

// Registered units counted by where they are (Store::units_summary). Stages are signed off in
// route order (the trail rules refuse any other), so a unit of product type P with n sign-offs
// is at P's route stage n, and done when n is the route's length.
struct ProgressCount {
    std::string product_type;
    int stages_signed = 0;
    bool on_hold = false;
    int units = 0;
};

struct UnitsSummary {
    std::optional<Timestamp> first_act;   // the earliest act of any unit; none in an empty log
    std::optional<Timestamp> last_act;    // the latest
    std::vector<ProgressCount> progress;  // by product type, then stages signed, then hold
};

// One write transaction. Reads see the writes made earlier in the same transaction. Errors
// (IOError, Corruption) abort the transaction: return them from the write() callback.
class WriteTxn {
public:
    virtual ~WriteTxn() = default;
    virtual Result<std::optional<EventAnswer>> find_answer(const Uuid& id) = 0;
    // The accepted events of a unit, in log order.
    virtual Result<std::vector<Event>> unit_events(std::string_view serial) = 0;
    // The seq of the unit's last accepted event; 0 when it has none. One index lookup: how a
    // state derived earlier (service/unit_state_cache.h) is known to be still current.
    virtual Result<std::int64_t> unit_last_seq(std::string_view serial) = 0;
    virtual Result<std::optional<StampRecord>> find_stamp(std::string_view id) = 0;
    // Appends an accepted event: assigns the next seq and chains its hash. Conflict if the id
    // exists.
    // `canonical` is canonical_event(event), made by the caller before the transaction (ingest
    // makes it outside the write lock); verify_chain catches a text that disagrees with the row.
    virtual Result<EventAnswer> append(const Event& event, std::string_view canonical,
                                       Timestamp received_at) = 0;
    Result<EventAnswer> append(const Event& event, Timestamp received_at) {
        return append(event, canonical_event(event), received_at);
    }
    // The text kept for a known id: the canonical text of an accepted event, or the event as
    // the quarantine keeps it (the same canonical text); nullopt when the id is unknown.
    virtual Result<std::optional<std::string>> known_text(const Uuid& id) = 0;
    // Keeps an id conflict; a repeat of the same id and text is kept once.
    virtual Status record_id_conflict(const IdConflict& conflict) = 0;
    // Records a refused event in the quarantine with its answer. Conflict if the id exists.
    virtual Result<EventAnswer> quarantine(const Event& event, std::string_view station,
                                           Timestamp received_at, const Decision& decision) = 0;
    virtual Status put_stamp(const StampRecord& stamp) = 0;  // insert or replace by id
    virtual Status put_token(std::string_view secret_hash, const TokenRecord& token) = 0;
    virtual Status revoke_token(std::string_view token_id) = 0;  // NotFound when absent
    virtual Status resolve_quarantine(const Uuid& id, std::string_view resolution,
                                      std::string_view by) = 0;  // NotFound when absent
    // Appends the quarantined `event` to the log after all (assigns the next seq, chains its
    // hash) and resolves its quarantine entry with `resolution` by `by`: an auditor's acceptance
    // (service/quarantine_acceptance.h decides whether it may be). The entry stays, resolved,
    // with its first answer; find_answer gives the acceptance from then on. NotFound when the
    // id is not in the quarantine, Conflict when its entry is already resolved.
    virtual Result<EventAnswer> accept_quarantined(const Event& event, std::string_view canonical,
                                                   Timestamp received_at,
                                                   std::string_view resolution,
                                                   std::string_view by) = 0;
    // The corrective-action log entries of action_id ("": of every action), in seq order.
    virtual Result<std::vector<CorrectiveActionEntry>> corrective_action_entries(
        std::string_view action_id) = 0;
    // Appends an entry (its seq is assigned; the given one is ignored) and returns the seq.
    // Conflict for a second "created" entry of one action id.
    virtual Result<std::int64_t> append_corrective_action_entry(
        const CorrectiveActionEntry& entry) = 0;
    // Appends a procedure audit (its id is assigned; the given one is ignored) and returns the
    // id. InvalidArgument when it has neither serial nor stamp, or is a finding without text.
    virtual Result<std::int64_t> append_procedure_audit(const ProcedureAudit& audit) = 0;
    // The complaint log entries of complaint_id ("": of every complaint), in seq order.
    virtual Result<std::vector<ComplaintEntry>> complaint_entries(
        std::string_view complaint_id) = 0;
    // Appends an entry (seq and hash are assigned; the given ones are ignored) and returns the
    // seq. Conflict for a second "registered" entry of one complaint id.
    virtual Result<std::int64_t> append_complaint_entry(const ComplaintEntry& entry) = 0;
    // Appends an attempt to the CRM delivery log (its n is assigned; the given one is ignored).
    virtual Status append_crm_delivery(const CrmDelivery& delivery) = 0;
    // Keeps figures under key, replacing what was kept there.
    virtual Status keep_figures(std::string_view key, const KeptFigures& figures) = 0;
};

class Store {
public:
    virtual ~Store() = default;

    // Runs fn inside one transaction. When fn returns ok the transaction is committed and durable
    // (survives power loss) before write() returns; otherwise it is rolled back and fn's error
    // returned. Writers are serialised; concurrent calls may share one transaction (each one
    // still atomic on its own, and none told "ok" before the shared commit is durable).
    virtual Status write(const std::function<Status(WriteTxn&)>& fn) = 0;

    virtual Result<std::vector<StoredEvent>> trail(std::string_view serial) = 0;
    // Every accepted event of every unit, in log order (seq ascending).
    virtual Result<std::vector<StoredEvent>> all_events() = 0;
    // The facts of every unit with an act in [from, to) by act time: all the analyses of a
    // period count (the work in progress aside: units_summary). fn is called once per unit, units
    // in the order of their first event in the log. Kept in columns beside the log: nothing is
    // parsed. Returns the log position read: the last seq of the snapshot (0 for an empty log).
    virtual Result<std::int64_t> units_acting(Timestamp from, Timestamp to,
                                              const UnitFactsVisitor& fn) = 0;
    // Whether an event appended after seq `after` belongs to a unit with an act in [from, to)
    // (as units_acting selects them): what may have changed a period's figures since.
    virtual Result<bool> units_changed_since(std::int64_t after, Timestamp from, Timestamp to) = 0;
    // The facts of every registered unit of these product types not signed off at the end of its
    // route (fewer sign-offs than its route's stages) with an act at or after `since`, in the
    // order of their first event.
    virtual Status units_in_work(std::span<const RouteLength> routes, Timestamp since,
                                 const UnitFactsVisitor& fn) = 0;
    virtual Result<UnitsSummary> units_summary() = 0;
    // What keep_figures last kept under key; nullopt when nothing is.
    virtual Result<std::optional<KeptFigures>> kept_figures(std::string_view key) = 0;
    virtual Result<std::vector<StampRecord>> stamps() = 0;
    virtual Result<std::optional<StampRecord>> stamp(std::string_view id) = 0;
    // The token whose secret hashes to secret_hash (revoked ones included, flagged).
    virtual Result<std::optional<TokenRecord>> token_by_hash(std::string_view secret_hash) = 0;
    virtual Result<std::vector<TokenRecord>> tokens() = 0;
    virtual Result<std::vector<QuarantineEntry>> quarantine_entries(bool include_resolved) = 0;
    // Every id conflict kept, in the order first posted.
    virtual Result<std::vector<IdConflict>> id_conflicts() = 0;
    // The corrective-action log entries of action_id ("": of every action), in seq order.
    virtual Result<std::vector<CorrectiveActionEntry>> corrective_action_entries(
        std::string_view action_id) = 0;
    // The procedure audits on unit `serial` and on stamp `stamp`, in id order; "" for either
    // matches every audit (both "": every audit). Both given: the audits naming both.
    virtual Result<std::vector<ProcedureAudit>> procedure_audits(std::string_view serial,
                                                                 std::string_view stamp) = 0;
    // The complaint log entries of complaint_id ("": of every complaint), in seq order.
    virtual Result<std::vector<ComplaintEntry>> complaint_entries(
        std::string_view complaint_id) = 0;
    // The CRM delivery log, in order.
    virtual Result<std::vector<CrmDelivery>> crm_deliveries() = 0;
    virtual Result<StoreCounts> counts() = 0;
    // Recomputes the whole chain from the stored canonical events; nullopt when intact.
    virtual Result<std::optional<ChainBreak>> verify_chain() = 0;
    // Recomputes the complaint log's chain; nullopt when intact (ChainBreak.index = seq - 1).
    virtual Result<std::optional<ChainBreak>> verify_complaint_chain() = 0;
};

}  // namespace stampline::server
