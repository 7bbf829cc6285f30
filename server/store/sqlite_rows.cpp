#include "server/store/sqlite_rows.h"

#include <nlohmann/json.hpp>

#include "server/store/sqlite_event_rows.h"
#include "shared/printable.h"

namespace stampline::server::sqlite {

std::span<const std::uint8_t> id_bytes(const Uuid& id) {
    return id.bytes;
}

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

Result<std::int64_t> query_int(Connection& db, const char* sql) {
    Result<Statement> st = db.prepare(sql);
    if (!st) return st.error();
    Result<bool> row = st->step();
    if (!row) return row.error();
    if (!*row) return corruption(db, std::string(sql) + " returned no row");
    return st->int64(0);
}

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

}  // namespace stampline::server::sqlite
