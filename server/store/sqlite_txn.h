// Internal to the SQLite store: its WriteTxn (store.h), the writes of one write() call.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/store/sqlite_complaint_log.h"
#include "server/store/sqlite_connection.h"
#include "server/store/sqlite_event_rows.h"
#include "server/store/sqlite_facts.h"
#include "server/store/sqlite_rows.h"
#include "shared/canonical_event.h"
#include "shared/event_json.h"
#include "shared/printable.h"

namespace stampline::server::sqlite {

// The write transaction of one write() call, on the writer connection inside the store's open
// transaction (its savepoint): appends link to the chain head it was given, which it advances.
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
        Result<Statement> st = db_.prepare(
            "SELECT coalesce((SELECT seq FROM facts WHERE unit = "
            "(SELECT unit FROM units WHERE serial = ?1) ORDER BY seq DESC LIMIT 1), 0)");
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
        if (Status s = record_facts(db_, seq, event); !s) return s;
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
        const std::string json = quarantine_text(event);
        const EventAnswer answer = refused_answer(event, received_at, decision);

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

    Status keep_figures(std::string_view key, const KeptFigures& figures) override {
        Result<Statement> st = db_.prepare(
            "INSERT INTO kept_figures (key, position, text) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (key) DO UPDATE SET position = excluded.position, text = excluded.text");
        if (!st) return st.error();
        st->bind(1, key).bind(2, figures.position).bind(3, figures.text);
        return st->run();
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

}  // namespace stampline::server::sqlite
