#include "server/store/sqlite_store.h"

#include <climits>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <utility>

#include "server/store/group_commit.h"
#include "server/store/sqlite_complaint_log.h"
#include "server/store/sqlite_connection.h"
#include "server/store/sqlite_event_rows.h"
#include "server/store/sqlite_facts.h"
#include "server/store/sqlite_schema.h"
#include "shared/canonical_event.h"
#include "shared/event_json.h"
#include "shared/printable.h"

namespace stampline::server {

namespace {

using sqlite::Connection;
using sqlite::corruption;
using sqlite::decode_event;
using sqlite::Statement;
using sqlite::uuid_column;

// Each connection is used by one thread at a time (our own mutexes), so SQLite's own per-call
// connection mutex is not needed.
constexpr int kReadOnly = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
constexpr int kReadWrite = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

std::span<const std::uint8_t> id_bytes(const Uuid& id) {
    return id.bytes;
}

// ---- queries shared by the write transaction (writer connection) and the reads (reader) ----

constexpr const char* kTrailSql =
    "SELECT seq, received_at, canonical, hash FROM events WHERE serial = ?1 ORDER BY seq";

constexpr const char* kAllEventsSql =
    "SELECT seq, received_at, canonical, hash FROM events ORDER BY seq";

// The rows of a prepared statement with the columns of kTrailSql, as stored events.
Result<std::vector<StoredEvent>> read_events(Connection& db, Statement& st) {
    std::vector<StoredEvent> out;
    for (;;) {
        Result<bool> row = st.step();
        if (!row) return row.error();
        if (!*row) break;
        StoredEvent stored;
        stored.seq = st.int64(0);
        stored.received_at = Timestamp{st.int64(1)};
        Result<Event> event = decode_event(db, stored.seq, st.text(2));
        if (!event) return event.error();
        stored.event = std::move(event).value();
        stored.hash = st.text(3);
        out.push_back(std::move(stored));
    }
    return out;
}

// The events selected by sql (columns as kTrailSql; serial bound to ?1 when given).
Result<std::vector<StoredEvent>> query_events(Connection& db, const char* sql,
                                              std::optional<std::string_view> serial) {
    Result<Statement> st = db.prepare(sql);
    if (!st) return st.error();
    if (serial) st->bind(1, *serial);
    return read_events(db, *st);
}

Result<std::vector<StoredEvent>> query_trail(Connection& db, std::string_view serial) {
    return query_events(db, kTrailSql, serial);
}

Result<std::optional<EventAnswer>> query_answer(Connection& db, const Uuid& id) {
    // One statement for both tables: ingest asks this for every event it is posted.
    Result<Statement> st = db.prepare(
        "SELECT 1, seq, received_at, NULL, NULL FROM events WHERE id = ?1 "
        "UNION ALL SELECT 0, NULL, received_at, reason, message FROM quarantine WHERE id = ?1");
    if (!st) return st.error();
    st->bind_blob(1, id_bytes(id));
    Result<bool> row = st->step();
    if (!row) return row.error();
    if (!*row) return std::optional<EventAnswer>();
    EventAnswer answer;
    answer.id = id;
    answer.received_at = Timestamp{st->int64(2)};
    if (st->int64(0) == 1) {
        answer.verdict = Verdict::Accepted;
        answer.seq = st->int64(1);
    } else {
        answer.verdict = Verdict::Refused;
        answer.reason = st->text(3);
        answer.message = st->text(4);
    }
    return std::optional<EventAnswer>(std::move(answer));
}

std::string stages_json(const std::vector<std::string>& stages) {
    return nlohmann::json(stages).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<StampRecord> stamp_row(const Connection& db, const Statement& st) {
    StampRecord s;
    s.id = st.text(0);
    s.holder = st.text(1);
    const auto bad = [&](const std::string& why) {
        return corruption(db, "stamp '" + printable_clipped(s.id) + "': " + why);
    };
    const std::string stages = st.text(2);
    try {
        const auto json = nlohmann::json::parse(stages);
        if (!json.is_array()) return bad("stages is not a JSON array");
        for (const auto& stage : json) {
            if (!stage.is_string()) return bad("a stage is not a JSON string");
            s.stages.push_back(stage.get<std::string>());
        }
    } catch (const nlohmann::json::exception& e) {
        return bad(std::string("stages is not JSON: ") + e.what());
    }
    if (!parse_stamp_status(st.text(3), &s.status)) {
        return bad("unknown status '" + printable_clipped(st.text(3)) + "'");
    }
    Result<Date> due = parse_date(st.text(4));
    if (!due) return bad("attestation_due: " + due.error().message());
    s.attestation_due = *due;
    const std::int64_t badge = st.int64(5);
    if (badge < INT_MIN || badge > INT_MAX) return bad("badge_issue out of range");
    s.badge_issue = static_cast<int>(badge);
    s.pin_hash = st.text(6);
    return s;
}

Result<std::optional<StampRecord>> query_stamp(Connection& db, std::string_view id) {
    Result<Statement> st = db.prepare(
        "SELECT id, holder, stages, status, attestation_due, badge_issue, pin_hash FROM stamps "
        "WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, id);
    Result<bool> row = st->step();
    if (!row) return row.error();
    if (!*row) return std::optional<StampRecord>();
    Result<StampRecord> stamp = stamp_row(db, *st);
    if (!stamp) return stamp.error();
    return std::optional<StampRecord>(std::move(stamp).value());
}

Result<TokenRecord> token_row(const Connection& db, const Statement& st) {
    TokenRecord t;
    t.id = st.text(0);
    if (!parse_role(st.text(1), &t.role)) {
        return corruption(db, "token '" + printable_clipped(t.id) + "': unknown role '" +
                                  printable_clipped(st.text(1)) + "'");
    }
    t.station = st.text(2);
    t.label = st.text(3);
    t.created_at = Timestamp{st.int64(4)};
    t.revoked = st.int64(5) != 0;
    return t;
}

QuarantineEntry quarantine_row(const Statement& st, const Uuid& id) {
    QuarantineEntry q;
    q.answer.id = id;
    q.answer.verdict = Verdict::Refused;
    q.answer.received_at = Timestamp{st.int64(1)};
    q.station = st.text(2);
    q.answer.reason = st.text(3);
    q.answer.message = st.text(4);
    q.event_json = st.text(5);
    q.resolved = st.int64(6) != 0;
    q.resolution = st.text(7);
    q.resolved_by = st.text(8);
    q.accepted_seq = st.int64(9);
    return q;
}

template <typename T, typename RowFn>
Result<std::vector<T>> collect(Connection& db, const char* sql, RowFn row_fn) {
    Result<Statement> st = db.prepare(sql);
    if (!st) return st.error();
    std::vector<T> out;
    for (;;) {
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (!*row) return out;
        Result<T> value = row_fn(*st);
        if (!value) return value.error();
        out.push_back(std::move(value).value());
    }
}

Result<std::int64_t> query_int(Connection& db, const char* sql) {
    Result<Statement> st = db.prepare(sql);
    if (!st) return st.error();
    Result<bool> row = st->step();
    if (!row) return row.error();
    if (!*row) return corruption(db, std::string(sql) + " returned no row");
    return st->int64(0);
}

// The last record of the chain: what the next append links to.
struct ChainHead {
    std::int64_t seq = 0;  // 0: the log is empty
    std::string hash;      // "" when empty
};

Result<ChainHead> query_head(Connection& db) {
    Result<Statement> st = db.prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1");
    if (!st) return st.error();
    Result<bool> row = st->step();
    if (!row) return row.error();
    if (!*row) return ChainHead{};
    return ChainHead{st->int64(0), st->text(1)};
}

// The corrective-action log entries of action_id ("": all), in seq order.
Result<std::vector<CorrectiveActionEntry>> query_corrective_entries(Connection& db,
                                                                    std::string_view action_id) {
    Result<Statement> st = db.prepare(
        "SELECT seq, action_id, kind, body, recorded_at, recorded_by FROM corrective_action_log "
        "WHERE ?1 = '' OR action_id = ?1 ORDER BY seq");
    if (!st) return st.error();
    st->bind(1, action_id);
    std::vector<CorrectiveActionEntry> out;
    for (;;) {
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (!*row) return out;
        CorrectiveActionEntry e;
        e.seq = st->int64(0);
        e.action_id = st->text(1);
        e.kind = st->text(2);
        e.body = st->text(3);
        e.at = Timestamp{st->int64(4)};
        e.by = st->text(5);
        out.push_back(std::move(e));
    }
}

// The procedure audits on serial and stamp ("" = any), in id order. Each case has its own
// statement, so that the (serial, id) and (stamp, id) indexes serve it.
Result<std::vector<ProcedureAudit>> query_procedure_audits(Connection& db, std::string_view serial,
                                                           std::string_view stamp) {
    const char* sql =
        !serial.empty()
            ? "SELECT id, serial, stamp, result, text, actor, recorded_at FROM procedure_audit "
              "WHERE serial = ?1 AND (?2 = '' OR stamp = ?2) ORDER BY id"
        : !stamp.empty()
            ? "SELECT id, serial, stamp, result, text, actor, recorded_at FROM procedure_audit "
              "WHERE stamp = ?1 ORDER BY id"
            : "SELECT id, serial, stamp, result, text, actor, recorded_at FROM procedure_audit "
              "ORDER BY id";
    Result<Statement> st = db.prepare(sql);
    if (!st) return st.error();
    if (!serial.empty())
        st->bind(1, serial).bind(2, stamp);
    else if (!stamp.empty())
        st->bind(1, stamp);
    std::vector<ProcedureAudit> out;
    for (;;) {
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (!*row) return out;
        ProcedureAudit a;
        a.id = st->int64(0);
        a.serial = st->text(1);
        a.stamp = st->text(2);
        if (!parse_audit_result(st->text(3), &a.result)) {
            return corruption(db, "procedure audit " + std::to_string(a.id) + ": unknown result '" +
                                      printable_clipped(st->text(3)) + "'");
        }
        a.text = st->text(4);
        a.actor = st->text(5);
        a.recorded_at = Timestamp{st->int64(6)};
        out.push_back(std::move(a));
    }
}

// ---- the write transaction ----

class SqliteTxn final : public WriteTxn {
public:
    SqliteTxn(Connection& db, ChainHead head) : db_(db), head_(std::move(head)) {}

    const ChainHead& head() const { return head_; }

    Result<std::optional<EventAnswer>> find_answer(const Uuid& id) override {
        Result<std::optional<EventAnswer>> answer = query_answer(db_, id);
        if (answer && !answer->has_value()) known_absent_ = id;
        return answer;
    }

    Result<std::vector<Event>> unit_events(std::string_view serial) override {
        Result<std::vector<StoredEvent>> trail = query_trail(db_, serial);
        if (!trail) return trail.error();
        std::vector<Event> out;
        out.reserve(trail->size());
        for (auto& stored : *trail) out.push_back(std::move(stored.event));
        return out;
    }

    Result<std::optional<std::string>> known_text(const Uuid& id) override {
        Result<Statement> st = db_.prepare(
            "SELECT canonical FROM events WHERE id = ?1 "
            "UNION ALL SELECT event_json FROM quarantine WHERE id = ?1");
        if (!st) return st.error();
        st->bind_blob(1, id_bytes(id));
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (!*row) return std::optional<std::string>();
        return std::optional<std::string>(st->text(0));
    }

    Status record_id_conflict(const IdConflict& c) override {
        Result<Statement> st = db_.prepare(
            "INSERT INTO id_conflicts (id, received_at, station, text, stored_text) "
            "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id, text) DO NOTHING");
        if (!st) return st.error();
        st->bind_blob(1, id_bytes(c.id))
            .bind(2, c.received_at.ms)
            .bind(3, c.station)
            .bind(4, c.text)
            .bind(5, c.stored_text);
        return st->run();
    }

    Result<std::int64_t> unit_last_seq(std::string_view serial) override {
        Result<Statement> st =
            db_.prepare("SELECT coalesce(max(seq), 0) FROM events WHERE serial = ?1");
        if (!st) return st.error();
        st->bind(1, serial);
        Result<bool> row = st->step();
        if (!row) return row.error();
        return *row ? st->int64(0) : 0;
    }

    Result<std::optional<StampRecord>> find_stamp(std::string_view id) override {
        return query_stamp(db_, id);
    }

    Result<EventAnswer> append(const Event& event, std::string_view canonical,
                               Timestamp received_at) override {
        if (Status valid = check_loggable(event); !valid) return valid;
        // An accepted twin is refused by the UNIQUE id below; only the quarantine is looked up.
        if (Status fresh = check_absent("SELECT 1 FROM quarantine WHERE id = ?1", event.id); !fresh)
            return fresh;
        return insert_event(event, canonical, received_at);
    }

    Result<EventAnswer> accept_quarantined(const Event& event, std::string_view canonical,
                                           Timestamp received_at, std::string_view resolution,
                                           std::string_view by) override {
        if (Status valid = check_loggable(event); !valid) return valid;
        if (Status s = resolve_quarantine(event.id, resolution, by); !s) return s;
        return insert_event(event, canonical, received_at);
    }

private:
    Result<EventAnswer> insert_event(const Event& event, std::string_view canonical,
                                     Timestamp received_at) {
        known_absent_.reset();
        std::string hash = chain_hash(head_.hash, canonical);
        const std::int64_t seq = head_.seq + 1;

        Result<Statement> st = db_.prepare(
            "INSERT INTO events (seq, id, serial, kind, stage, station, stamp, terminal_time, "
            "received_at, canonical, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
        if (!st) return st.error();
        st->bind(1, seq)
            .bind_blob(2, id_bytes(event.id))
            .bind(3, event.serial)
            .bind(4, event_kind_name(event.kind()))
            .bind(5, event.stage)
            .bind(6, event.station)
            .bind(7, event.stamp)
            .bind(8, event.terminal_time.ms)
            .bind(9, received_at.ms)
            .bind(10, canonical)
            .bind(11, hash);
        if (Status s = st->run(); !s)
            return s.code() == Code::Conflict ? check_new_id(event.id, s) : s;
        if (Status s = sqlite::record_facts(db_, seq, event); !s) return s;
        head_ = ChainHead{seq, std::move(hash)};

        EventAnswer answer;
        answer.id = event.id;
        answer.verdict = Verdict::Accepted;
        answer.seq = seq;
        answer.received_at = received_at;
        return answer;
    }

public:
    Result<EventAnswer> quarantine(const Event& event, std::string_view station,
                                   Timestamp received_at, const Decision& decision) override {
        // A quarantined twin is refused by the primary key below; only the log is looked up.
        if (Status fresh = check_absent("SELECT 1 FROM events WHERE id = ?1", event.id); !fresh)
            return fresh;
        known_absent_.reset();
        const std::string json =
            event_to_json(event).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        EventAnswer answer;
        answer.id = event.id;
        answer.verdict = Verdict::Refused;
        answer.received_at = received_at;
        answer.reason = refusal_code(decision.refusal);
        answer.message = decision.message;

        Result<Statement> st = db_.prepare(
            "INSERT INTO quarantine (id, received_at, station, reason, message, event_json) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!st) return st.error();
        st->bind_blob(1, id_bytes(event.id))
            .bind(2, received_at.ms)
            .bind(3, station)
            .bind(4, answer.reason)
            .bind(5, answer.message)
            .bind(6, json);
        if (Status s = st->run(); !s)
            return s.code() == Code::Conflict ? check_new_id(event.id, s) : s;
        return answer;
    }

    Status put_stamp(const StampRecord& stamp) override {
        Result<Statement> st = db_.prepare(
            "INSERT INTO stamps (id, holder, stages, status, attestation_due, badge_issue, "
            "pin_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET "
            "holder = excluded.holder, stages = excluded.stages, status = excluded.status, "
            "attestation_due = excluded.attestation_due, badge_issue = excluded.badge_issue, "
            "pin_hash = excluded.pin_hash");
        if (!st) return st.error();
        st->bind(1, stamp.id)
            .bind(2, stamp.holder)
            .bind(3, stages_json(stamp.stages))
            .bind(4, stamp_status_name(stamp.status))
            .bind(5, format_date(stamp.attestation_due))
            .bind(6, std::int64_t{stamp.badge_issue})
            .bind(7, stamp.pin_hash);
        return st->run();
    }

    Status put_token(std::string_view secret_hash, const TokenRecord& token) override {
        Result<Statement> st = db_.prepare(
            "INSERT INTO tokens (secret_hash, id, role, station, label, created_at, revoked) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (secret_hash) DO UPDATE SET "
            "id = excluded.id, role = excluded.role, station = excluded.station, "
            "label = excluded.label, created_at = excluded.created_at, "
            "revoked = excluded.revoked");
        if (!st) return st.error();
        st->bind(1, secret_hash)
            .bind(2, token.id)
            .bind(3, role_name(token.role))
            .bind(4, token.station)
            .bind(5, token.label)
            .bind(6, token.created_at.ms)
            .bind(7, std::int64_t{token.revoked ? 1 : 0});
        Status s = st->run();
        if (s.code() == Code::Conflict) {
            return conflict("token id '" + printable_clipped(token.id) +
                            "' is already used by another token");
        }
        return s;
    }

    Status revoke_token(std::string_view token_id) override {
        Result<Statement> st = db_.prepare("UPDATE tokens SET revoked = 1 WHERE id = ?1");
        if (!st) return st.error();
        st->bind(1, token_id);
        if (Status s = st->run(); !s) return s;
        if (sqlite3_changes64(db_.handle()) == 0) {
            return not_found("no token with id '" + printable_clipped(token_id) + "'");
        }
        return Status::ok();
    }

    Status resolve_quarantine(const Uuid& id, std::string_view resolution,
                              std::string_view by) override {
        {
            Result<Statement> st =
                db_.prepare("SELECT resolved, resolved_by FROM quarantine WHERE id = ?1");
            if (!st) return st.error();
            st->bind_blob(1, id_bytes(id));
            Result<bool> row = st->step();
            if (!row) return row.error();
            if (!*row) return not_found("no quarantined event " + to_string(id));
            if (st->int64(0) != 0) {
                return conflict("quarantined event " + to_string(id) + " was already resolved by " +
                                st->text(1));
            }
        }
        Result<Statement> st = db_.prepare(
            "UPDATE quarantine SET resolved = 1, resolution = ?2, resolved_by = ?3 WHERE id = ?1");
        if (!st) return st.error();
        st->bind_blob(1, id_bytes(id)).bind(2, resolution).bind(3, by);
        return st->run();
    }

    Result<std::vector<CorrectiveActionEntry>> corrective_action_entries(
        std::string_view action_id) override {
        return query_corrective_entries(db_, action_id);
    }

    Result<std::vector<ComplaintEntry>> complaint_entries(std::string_view id) override {
        return sqlite::query_complaint_entries(db_, id);
    }

    Result<std::int64_t> append_complaint_entry(const ComplaintEntry& entry) override {
        return sqlite::append_complaint_entry(db_, entry);
    }

    Status append_crm_delivery(const CrmDelivery& delivery) override {
        return sqlite::append_crm_delivery(db_, delivery);
    }

    Result<std::int64_t> append_corrective_action_entry(
        const CorrectiveActionEntry& entry) override {
        if (entry.kind == "created") {
            Result<Statement> st = db_.prepare(
                "SELECT 1 FROM corrective_action_log WHERE action_id = ?1 AND kind = 'created'");
            if (!st) return st.error();
            st->bind(1, entry.action_id);
            Result<bool> row = st->step();
            if (!row) return row.error();
            if (*row) {
                return conflict("corrective action " + printable_clipped(entry.action_id) +
                                " already exists");
            }
        }
        Result<Statement> st = db_.prepare(
            "INSERT INTO corrective_action_log (action_id, kind, body, recorded_at, recorded_by) "
            "VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!st) return st.error();
        st->bind(1, entry.action_id)
            .bind(2, entry.kind)
            .bind(3, entry.body)
            .bind(4, entry.at.ms)
            .bind(5, entry.by);
        if (Status s = st->run(); !s) return s;
        return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.handle()));
    }

    Result<std::int64_t> append_procedure_audit(const ProcedureAudit& audit) override {
        if (Status valid = check_procedure_audit(audit); !valid) return valid;
        Result<Statement> st = db_.prepare(
            "INSERT INTO procedure_audit (serial, stamp, result, text, actor, recorded_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!st) return st.error();
        st->bind(1, audit.serial)
            .bind(2, audit.stamp)
            .bind(3, audit_result_name(audit.result))
            .bind(4, audit.text)
            .bind(5, audit.actor)
            .bind(6, audit.recorded_at.ms);
        if (Status s = st->run(); !s) return s;
        return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.handle()));
    }

private:
    // Conflict naming the answer the id already has (accepted or refused); `otherwise` when it
    // has none.
    Status check_new_id(const Uuid& id, Status otherwise = Status::ok()) {
        Result<std::optional<EventAnswer>> known = query_answer(db_, id);
        if (!known) return known.error();
        if (!known->has_value()) return otherwise;
        const EventAnswer& a = **known;
        return conflict("event " + to_string(id) + " is already recorded (" +
                        (a.verdict == Verdict::Accepted ? "accepted as seq " + std::to_string(a.seq)
                                                        : "refused: " + a.reason) +
                        ")");
    }

    // check_new_id's Conflict when select_sql (a literal selecting by id = ?1) finds a row. Not
    // looked up again when find_answer has just found id in neither table: nothing was appended
    // or quarantined since.
    Status check_absent(const char* select_sql, const Uuid& id) {
        if (known_absent_ == id) return Status::ok();
        Result<Statement> st = db_.prepare(select_sql);
        if (!st) return st.error();
        st->bind_blob(1, id_bytes(id));
        Result<bool> row = st->step();
        if (!row) return row.error();
        return *row ? check_new_id(id) : Status::ok();
    }

    Connection& db_;
    ChainHead head_;
    std::optional<Uuid> known_absent_;  // find_answer's last miss, until the next append
};

// ---- the store ----

class SqliteStore final : public Store {
public:
    SqliteStore(SqliteStoreOptions options, std::unique_ptr<Connection> writer,
                std::unique_ptr<Connection> reader, ChainHead head, std::int64_t data_version)
        : options_(std::move(options)),
          writer_(std::move(writer)),
          head_(std::move(head)),
          data_version_(data_version),
          reader_(std::move(reader)) {}

    Status write(const std::function<Status(WriteTxn&)>& fn) override {
        return group_commit_.submit(fn);
    }

    Result<std::vector<StoredEvent>> trail(std::string_view serial) override {
        std::lock_guard lock(read_mu_);
        return query_trail(*reader_, serial);
    }

    Result<std::vector<StoredEvent>> all_events() override {
        std::lock_guard lock(read_mu_);
        return query_events(*reader_, kAllEventsSql, std::nullopt);
    }

    // On a connection of their own: an analysis reads many units and must not hold up trails.
    // On a connection of their own, in one read transaction: the units and their facts are of
    // one moment of the log, and an analysis reading many units does not hold up trails.
    Result<std::int64_t> units_acting(Timestamp from, Timestamp to,
                                      const UnitFactsVisitor& fn) override {
        Result<std::int64_t> position = std::int64_t{0};
        const Status read = read_apart([&](Connection& db) {
            position = sqlite::read_units_acting(db, from, to, fn);
            return Status::ok();
        });
        if (!read) return read;
        return position;
    }

    Result<bool> units_changed_since(std::int64_t after, Timestamp from, Timestamp to) override {
        std::lock_guard lock(read_mu_);
        return sqlite::read_units_changed_since(*reader_, after, from, to);
    }

    Status units_in_work(std::span<const RouteLength> routes, const UnitFactsVisitor& fn) override {
        return read_apart(
            [&](Connection& db) { return sqlite::read_units_in_work(db, routes, fn); });
    }

    Result<UnitsSummary> units_summary() override {
        std::lock_guard lock(read_mu_);
        return sqlite::read_units_summary(*reader_);
    }

    Result<std::vector<StampRecord>> stamps() override {
        std::lock_guard lock(read_mu_);
        return collect<StampRecord>(*reader_,
                                    "SELECT id, holder, stages, status, attestation_due, "
                                    "badge_issue, pin_hash FROM stamps ORDER BY id",
                                    [&](const Statement& st) { return stamp_row(*reader_, st); });
    }

    Result<std::optional<StampRecord>> stamp(std::string_view id) override {
        std::lock_guard lock(read_mu_);
        return query_stamp(*reader_, id);
    }

    Result<std::optional<TokenRecord>> token_by_hash(std::string_view secret_hash) override {
        std::lock_guard lock(read_mu_);
        Result<Statement> st = reader_->prepare(
            "SELECT id, role, station, label, created_at, revoked FROM tokens "
            "WHERE secret_hash = ?1");
        if (!st) return st.error();
        st->bind(1, secret_hash);
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (!*row) return std::optional<TokenRecord>();
        Result<TokenRecord> token = token_row(*reader_, *st);
        if (!token) return token.error();
        return std::optional<TokenRecord>(std::move(token).value());
    }

    Result<std::vector<TokenRecord>> tokens() override {
        std::lock_guard lock(read_mu_);
        return collect<TokenRecord>(
            *reader_,
            "SELECT id, role, station, label, created_at, revoked FROM tokens "
            "ORDER BY created_at, id",
            [&](const Statement& st) { return token_row(*reader_, st); });
    }

    Result<std::vector<CorrectiveActionEntry>> corrective_action_entries(
        std::string_view action_id) override {
        std::lock_guard lock(read_mu_);
        return query_corrective_entries(*reader_, action_id);
    }

    Result<std::vector<ComplaintEntry>> complaint_entries(std::string_view id) override {
        std::lock_guard lock(read_mu_);
        return sqlite::query_complaint_entries(*reader_, id);
    }

    Result<std::vector<CrmDelivery>> crm_deliveries() override {
        std::lock_guard lock(read_mu_);
        return sqlite::query_crm_deliveries(*reader_);
    }

    Result<std::vector<ProcedureAudit>> procedure_audits(std::string_view serial,
                                                         std::string_view stamp) override {
        std::lock_guard lock(read_mu_);
        return query_procedure_audits(*reader_, serial, stamp);
    }

    Result<std::vector<QuarantineEntry>> quarantine_entries(bool include_resolved) override {
        std::lock_guard lock(read_mu_);
        const char* sql =
            include_resolved
                ? "SELECT q.id, q.received_at, q.station, reason, message, event_json, resolved, "
                  "resolution, resolved_by, coalesce(e.seq, 0) FROM quarantine q "
                  "LEFT JOIN events e ON e.id = q.id ORDER BY q.rowid"
                : "SELECT q.id, q.received_at, q.station, reason, message, event_json, resolved, "
                  "resolution, resolved_by, 0 FROM quarantine q WHERE resolved = 0 "
                  "ORDER BY q.rowid";
        return collect<QuarantineEntry>(
            *reader_, sql, [&](const Statement& st) -> Result<QuarantineEntry> {
                Result<Uuid> id = uuid_column(*reader_, st, 0, "quarantine");
                if (!id) return id.error();
                return quarantine_row(st, *id);
            });
    }

    Result<std::vector<IdConflict>> id_conflicts() override {
        std::lock_guard lock(read_mu_);
        return collect<IdConflict>(
            *reader_,
            "SELECT id, received_at, station, text, stored_text FROM id_conflicts ORDER BY n",
            [&](const Statement& st) -> Result<IdConflict> {
                Result<Uuid> id = uuid_column(*reader_, st, 0, "id_conflicts");
                if (!id) return id.error();
                return IdConflict{*id, Timestamp{st.int64(1)}, st.text(2), st.text(3), st.text(4)};
            });
    }

    Result<StoreCounts> counts() override {
        StoreCounts c;
        {
            std::lock_guard lock(read_mu_);
            // One read transaction: the four numbers come from the same snapshot.
            if (Status s = reader_->exec("BEGIN"); !s) return s;
            Result<StoreCounts> r = read_counts();
            reader_->exec("COMMIT");  // ends a read transaction; nothing to lose
            if (!r) return r.error();
            c = *r;
        }
        std::error_code ec;
        for (const std::string& file : {options_.path, options_.path + "-wal"}) {
            const auto size = std::filesystem::file_size(file, ec);
            if (!ec) c.db_bytes += static_cast<std::int64_t>(size);
        }
        return c;
    }

    Result<std::optional<ChainBreak>> verify_chain() override {
        // Its own connection: a verification of millions of events holds no lock of ours.
        Result<std::optional<ChainBreak>> result = std::optional<ChainBreak>();
        const Status read = read_apart([&](Connection& db) {
            result = sqlite::verify_event_chain(db);
            return Status::ok();
        });
        if (!read) return read;
        return result;
    }

    Result<std::optional<ChainBreak>> verify_complaint_chain() override {
        Result<std::unique_ptr<Connection>> conn =
            Connection::open(options_.path, kReadOnly, options_.busy_timeout_ms);
        if (!conn) return conn.error();
        return sqlite::verify_complaint_log(**conn);
    }

private:
    // Runs fn in a read transaction on a read-only connection of its own.
    Status read_apart(const std::function<Status(Connection&)>& fn) const {
        Result<std::unique_ptr<Connection>> conn =
            Connection::open(options_.path, kReadOnly, options_.busy_timeout_ms);
        if (!conn) return conn.error();
        Connection& db = **conn;
        if (Status s = db.exec("BEGIN"); !s) return s;
        Status result = fn(db);
        db.exec("COMMIT");
        return result;
    }

    // Runs a group of write() calls in one transaction, each inside its own savepoint: a call
    // that fails is rolled back alone, the others commit together with one fsync.
    void run_group(std::span<GroupCommit::Job* const> group) {
        const auto fail_all = [&](const Status& s) {
            for (GroupCommit::Job* job : group) job->result = s;
        };
        if (Status s = writer_->exec("BEGIN IMMEDIATE"); !s) return fail_all(s);
        if (Status s = refresh_head(); !s) {
            writer_->exec("ROLLBACK");
            return fail_all(s);
        }
        const ChainHead group_start = head_;
        const auto lose_group = [&](const std::string& why) {
            if (sqlite3_get_autocommit(writer_->handle()) == 0) writer_->exec("ROLLBACK");
            head_ = group_start;
            for (GroupCommit::Job* job : group)
                if (job->result) job->result = Status(Code::IOError, why + ", nothing was stored");
        };
        for (GroupCommit::Job* job : group) {
            if (Status s = writer_->exec("SAVEPOINT call"); !s) {
                job->result = s;
                return lose_group("the write transaction failed");
            }
            job->result = run_call(*job->fn);
            // A failed call is undone alone; if SQLite aborted the whole transaction instead
            // (I/O error, disk full), the group is lost.
            const bool undone = job->result || (sqlite3_get_autocommit(writer_->handle()) == 0 &&
                                                writer_->exec("ROLLBACK TO call"));
            if (!undone || !writer_->exec("RELEASE call")) {
                return lose_group("the write transaction was aborted (" + job->result.message() +
                                  ")");
            }
        }
        if (Status c = writer_->exec("COMMIT"); !c)
            return lose_group("commit failed: " + c.message());
    }

    // Runs one write() call at the chain head; on success the head moves past what it appended.
    Status run_call(const std::function<Status(WriteTxn&)>& fn) {
        SqliteTxn txn(*writer_, head_);
        Status s;
        try {
            s = fn(txn);
        } catch (const std::exception& e) {
            s = Status(Code::Internal, std::string("the write transaction threw: ") + e.what());
        } catch (...) {
            s = Status(Code::Internal, "the write transaction threw");
        }
        if (s) head_ = txn.head();
        return s;
    }

    // Another process (e.g. the admin CLI) may have appended since our last write: then the
    // cached chain head is stale. data_version changes exactly when another connection
    // committed; it costs no disk I/O.
    Status refresh_head() {
        Result<std::int64_t> version = query_int(*writer_, "PRAGMA data_version");
        if (!version) return version.error();
        if (*version != data_version_) {
            Result<ChainHead> head = query_head(*writer_);
            if (!head) return head.error();
            head_ = std::move(head).value();
            data_version_ = *version;
        }
        return Status::ok();
    }

    Result<StoreCounts> read_counts() {
        StoreCounts c;
        // The log is append-only with seq 1, 2, 3, ...: its last seq is its length, found in
        // O(log n) where count(*) would scan millions of rows.
        Result<ChainHead> head = query_head(*reader_);
        if (!head) return head.error();
        c.events = head->seq;
        c.head_hash = head->hash;
        Result<std::int64_t> quarantined =
            query_int(*reader_, "SELECT count(*) FROM quarantine WHERE resolved = 0");
        if (!quarantined) return quarantined.error();
        c.quarantined = *quarantined;
        Result<std::int64_t> conflicts = query_int(*reader_, "SELECT count(*) FROM id_conflicts");
        if (!conflicts) return conflicts.error();
        c.id_conflicts = *conflicts;
        Result<std::int64_t> stamps = query_int(*reader_, "SELECT count(*) FROM stamps");
        if (!stamps) return stamps.error();
        c.stamps = *stamps;
        Result<std::int64_t> tokens = query_int(*reader_, "SELECT count(*) FROM tokens");
        if (!tokens) return tokens.error();
        c.tokens = *tokens;
        return c;
    }

    const SqliteStoreOptions options_;

    // Used only by the group that is running (one at a time): writer_, head_, data_version_.
    std::unique_ptr<Connection> writer_;
    ChainHead head_;
    std::int64_t data_version_;
    GroupCommit group_commit_{
        [this](std::span<GroupCommit::Job* const> group) { run_group(group); }};

    std::mutex read_mu_;                  // guards reader_
    std::unique_ptr<Connection> reader_;  // declared after writer_: closed first
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteStoreOptions& options) {
    const std::string& path = options.path;
    if (path.empty()) return invalid("the database path is empty");
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    if (!exists && !options.create_if_missing) {
        return not_found("database " + path + " does not exist");
    }

    const int flags = kReadWrite | (options.create_if_missing ? SQLITE_OPEN_CREATE : 0);
    Result<std::unique_ptr<Connection>> writer =
        Connection::open(path, flags, options.busy_timeout_ms);
    if (!writer) return writer.error();
    Connection& db = **writer;

    // The first statement reads the file: a file that is not a database fails here.
    {
        Result<Statement> st = db.prepare("PRAGMA journal_mode = WAL");
        if (!st) return st.error();
        Result<bool> row = st->step();
        if (!row) return row.error();
        const std::string mode = *row ? st->text(0) : "";
        if (mode != "wal") {
            return io_error("database " + path + ": cannot switch to WAL journal mode (got '" +
                            mode + "'); is the file on a local file system?");
        }
    }
    // FULL: in WAL mode the WAL is fsynced at every commit, so a write() that returned ok
    // survives power loss (NORMAL syncs only at checkpoints and can lose the last commits).
    if (Status s = db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON"); !s) return s;
    if (Status s = sqlite::migrate(db); !s) return s;

    Result<ChainHead> head = query_head(db);
    if (!head) return head.error();
    Result<std::int64_t> data_version = query_int(db, "PRAGMA data_version");
    if (!data_version) return data_version.error();

    Result<std::unique_ptr<Connection>> reader =
        Connection::open(path, kReadOnly, options.busy_timeout_ms);
    if (!reader) return reader.error();

    return std::unique_ptr<Store>(new SqliteStore(options, std::move(writer).value(),
                                                  std::move(reader).value(),
                                                  std::move(head).value(), *data_version));
}

}  // namespace stampline::server
