// Reading a SQLite plant record out row by row (sqlite_export.h).
#include "server/store/sqlite_export.h"

#include <memory>

#include "server/store/sqlite_connection.h"
#include "server/store/sqlite_event_rows.h"
#include "server/store/sqlite_schema.h"
#include "server/store/sqlite_store.h"

namespace stampline::server::sqlite {

namespace {

constexpr int kReadOnly = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
constexpr int kBusyTimeoutMs = 5000;

// Calls row(st) for every row of sql; counts them into *count.
template <typename RowFn>
Status each_row(Connection& db, const char* sql, std::int64_t* count, RowFn row) {
    Result<Statement> st = db.prepare(sql);
    if (!st) return st.error();
    for (;;) {
        Result<bool> more = st->step();
        if (!more) return more.error();
        if (!*more) return Status::ok();
        ++*count;
        if (Status s = row(*st); !s) return s;
    }
}

Status export_tables(Connection& db, PlantRecordSink& sink, PlantRecordCounts& n) {
    if (Status s = each_row(db, "SELECT seq, received_at, canonical, hash FROM events ORDER BY seq",
                            &n.events,
                            [&](const Statement& st) {
                                return sink.event(EventRow{st.int64(0), Timestamp{st.int64(1)},
                                                           st.text(2), st.text(3)});
                            });
        !s)
        return s;
    if (Status s = each_row(
            db,
            "SELECT id, received_at, station, reason, message, event_json, resolved, resolution, "
            "resolved_by FROM quarantine ORDER BY rowid",
            &n.quarantine,
            [&](const Statement& st) {
                Result<Uuid> id = uuid_column(db, st, 0, "quarantine");
                if (!id) return id.error();
                QuarantineEntry q;
                q.answer.id = *id;
                q.answer.verdict = Verdict::Refused;
                q.answer.received_at = Timestamp{st.int64(1)};
                q.station = st.text(2);
                q.answer.reason = st.text(3);
                q.answer.message = st.text(4);
                q.event_json = st.text(5);
                q.resolved = st.int64(6) != 0;
                q.resolution = st.text(7);
                q.resolved_by = st.text(8);
                return sink.quarantined(n.quarantine, q);
            });
        !s)
        return s;
    if (Status s = each_row(
            db,
            "SELECT n, id, received_at, station, text, stored_text FROM id_conflicts ORDER BY n",
            &n.id_conflicts,
            [&](const Statement& st) {
                Result<Uuid> id = uuid_column(db, st, 1, "id_conflicts");
                if (!id) return id.error();
                return sink.id_conflict(
                    st.int64(0),
                    IdConflict{*id, Timestamp{st.int64(2)}, st.text(3), st.text(4), st.text(5)});
            });
        !s)
        return s;
    if (Status s =
            each_row(db,
                     "SELECT id, holder, stages, status, attestation_due, badge_issue, "
                     "pin_hash FROM stamps ORDER BY id",
                     &n.stamps,
                     [&](const Statement& st) {
                         return sink.stamp(StampRow{st.text(0), st.text(1), st.text(2), st.text(3),
                                                    st.text(4), st.int64(5), st.text(6)});
                     });
        !s)
        return s;
    if (Status s = each_row(db,
                            "SELECT secret_hash, id, role, station, label, created_at, revoked "
                            "FROM tokens ORDER BY created_at, id",
                            &n.tokens,
                            [&](const Statement& st) {
                                return sink.token(
                                    TokenRow{st.text(0), st.text(1), st.text(2), st.text(3),
                                             st.text(4), Timestamp{st.int64(5)}, st.int64(6) != 0});
                            });
        !s)
        return s;
    if (Status s = each_row(db,
                            "SELECT seq, action_id, kind, body, recorded_at, recorded_by FROM "
                            "corrective_action_log ORDER BY seq",
                            &n.corrective_actions,
                            [&](const Statement& st) {
                                return sink.corrective_action(CorrectiveActionEntry{
                                    st.int64(0), st.text(1), st.text(2), st.text(3),
                                    Timestamp{st.int64(4)}, st.text(5)});
                            });
        !s)
        return s;
    if (Status s = each_row(
            db,
            "SELECT id, serial, stamp, result, text, actor, recorded_at FROM procedure_audit "
            "ORDER BY id",
            &n.procedure_audits,
            [&](const Statement& st) {
                ProcedureAudit a;
                a.id = st.int64(0);
                a.serial = st.text(1);
                a.stamp = st.text(2);
                if (!parse_audit_result(st.text_view(3), &a.result))
                    return Status(Code::Corruption, "database " + db.path() + ": procedure audit " +
                                                        std::to_string(a.id) +
                                                        " has the unknown result '" + st.text(3) +
                                                        "'");
                a.text = st.text(4);
                a.actor = st.text(5);
                a.recorded_at = Timestamp{st.int64(6)};
                return sink.procedure_audit(a);
            });
        !s)
        return s;
    if (Status s = each_row(db,
                            "SELECT seq, complaint_id, kind, body, recorded_at, recorded_by, hash "
                            "FROM complaint_log ORDER BY seq",
                            &n.complaints,
                            [&](const Statement& st) {
                                return sink.complaint(
                                    ComplaintEntry{st.int64(0), st.text(1), st.text(2), st.text(3),
                                                   Timestamp{st.int64(4)}, st.text(5), st.text(6)});
                            });
        !s)
        return s;
    return each_row(db,
                    "SELECT n, entry_seq, attempt, at, delivered, detail FROM crm_deliveries "
                    "ORDER BY n",
                    &n.crm_deliveries, [&](const Statement& st) {
                        return sink.crm_delivery(
                            CrmDelivery{st.int64(0), st.int64(1), static_cast<int>(st.int64(2)),
                                        Timestamp{st.int64(3)}, st.int64(4) != 0, st.text(5)});
                    });
}

}  // namespace

Result<PlantRecordCounts> export_record(const std::string& path, PlantRecordSink& sink) {
    Result<std::unique_ptr<Connection>> conn = Connection::open(path, kReadOnly, kBusyTimeoutMs);
    if (!conn) return conn.error();
    Connection& db = **conn;
    if (Status s = db.exec("BEGIN"); !s) return s;
    PlantRecordCounts counts;
    Status s = [&]() -> Status {
        Result<std::int64_t> version = schema_version_of(db);
        if (!version) return version.error();
        if (*version != kSqliteSchemaVersion)
            return invalid("database " + path + " has schema version " + std::to_string(*version) +
                           "; migrate it first (`stampline-server migrate --db " + path + "`)");
        return export_tables(db, sink, counts);
    }();
    db.exec("COMMIT");  // ends a read transaction; nothing to lose
    if (!s) return s;
    return counts;
}

}  // namespace stampline::server::sqlite
