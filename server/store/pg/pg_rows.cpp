// The PostgreSQL store's shared queries (pg_rows.h): events, answers, stamps, tokens, the
// quarantine, id conflicts, corrective actions, audits and kept figures of one plant.
#include "server/store/pg/pg_rows.h"

#include <climits>
#include <nlohmann/json.hpp>

#include "shared/canonical_event.h"
#include "shared/printable.h"

namespace stampline::server::pg {

Status corruption(const Connection& db, const PlantRef& plant, const std::string& what) {
    return Status(Code::Corruption, db.name() + " (plant " + plant.code + "): " + what);
}

Result<Uuid> uuid_column(const Connection& db, const PlantRef& plant, const Rows& rows, int row,
                         int column, std::string_view table) {
    Result<Uuid> id = parse_uuid(rows.text(row, column));
    if (!id)
        return corruption(db, plant,
                          "a row of " + std::string(table) + " has the id '" +
                              printable_clipped(rows.text(row, column)) + "'");
    return id;
}

Result<Event> decode_event(const Connection& db, const PlantRef& plant, std::int64_t seq,
                           std::string_view canonical) {
    Result<Event> event = parse_stored_event(canonical);
    if (!event) {
        return corruption(
            db, plant,
            "event seq " + std::to_string(seq) +
                ": the stored canonical text does not parse: " + event.error().message());
    }
    return event;
}

Status read_events(const Connection& db, const PlantRef& plant, const Rows& rows,
                   std::vector<StoredEvent>& out) {
    for (int r = 0; r < rows.size(); ++r) {
        StoredEvent stored;
        stored.seq = rows.int64(r, 0);
        stored.received_at = Timestamp{rows.int64(r, 1)};
        Result<Event> event = decode_event(db, plant, stored.seq, rows.text(r, 2));
        if (!event) return event.error();
        stored.event = std::move(event).value();
        stored.hash = rows.str(r, 3);
        out.push_back(std::move(stored));
    }
    return Status::ok();
}

Result<std::vector<StoredEvent>> query_trail(Connection& db, const PlantRef& plant,
                                             std::string_view serial) {
    Result<Rows> rows = db.query(kTrailSql, Params().int64(plant.id).text(serial));
    if (!rows) return rows.error();
    std::vector<StoredEvent> out;
    if (Status s = read_events(db, plant, *rows, out); !s) return s;
    return out;
}

Result<std::vector<StoredEvent>> query_all_events(Connection& db, const PlantRef& plant) {
    constexpr std::int64_t kBatch = 10000;  // rows per result: memory stays bounded per batch
    std::vector<StoredEvent> out;
    std::int64_t after = 0;
    for (;;) {
        Result<Rows> rows =
            db.query(kEventsAfterSql, Params().int64(plant.id).int64(after).int64(kBatch));
        if (!rows) return rows.error();
        if (Status s = read_events(db, plant, *rows, out); !s) return s;
        if (rows->size() < kBatch) return out;
        after = out.back().seq;
    }
}

Result<std::optional<EventAnswer>> query_answer(Connection& db, const PlantRef& plant,
                                                const Uuid& id) {
    // One statement for both tables: ingest asks this for every event it is posted.
    Result<Rows> rows = db.query(
        "SELECT true, seq, received_at, NULL, NULL FROM events WHERE plant = $1 AND id = $2 "
        "UNION ALL SELECT false, NULL, received_at, reason, message FROM quarantine "
        "WHERE plant = $1 AND id = $2 LIMIT 1",
        Params().int64(plant.id).uuid(id));
    if (!rows) return rows.error();
    if (rows->size() == 0) return std::optional<EventAnswer>();
    EventAnswer answer;
    answer.id = id;
    answer.received_at = Timestamp{rows->int64(0, 2)};
    if (rows->boolean(0, 0)) {
        answer.verdict = Verdict::Accepted;
        answer.seq = rows->int64(0, 1);
    } else {
        answer.verdict = Verdict::Refused;
        answer.reason = rows->str(0, 3);
        answer.message = rows->str(0, 4);
    }
    return std::optional<EventAnswer>(std::move(answer));
}

Result<ChainHead> query_head(Connection& db, const PlantRef& plant) {
    Result<Rows> rows =
        db.query("SELECT seq, hash FROM events WHERE plant = $1 ORDER BY seq DESC LIMIT 1",
                 Params().int64(plant.id));
    if (!rows) return rows.error();
    if (rows->size() == 0) return ChainHead{};
    return ChainHead{rows->int64(0, 0), rows->str(0, 1)};
}

Result<std::int64_t> query_int(Connection& db, const PlantRef& plant, const char* sql) {
    Result<Rows> rows = db.query(sql, Params().int64(plant.id));
    if (!rows) return rows.error();
    if (rows->size() == 0) return corruption(db, plant, std::string(sql) + " returned no row");
    return rows->int64(0, 0);
}

Result<StampRecord> stamp_row(const Connection& db, const PlantRef& plant, const Rows& rows,
                              int r) {
    StampRecord s;
    s.id = rows.str(r, 0);
    s.holder = rows.str(r, 1);
    const auto bad = [&](const std::string& why) {
        return corruption(db, plant, "stamp '" + printable_clipped(s.id) + "': " + why);
    };
    try {
        const auto json = nlohmann::json::parse(rows.text(r, 2));
        if (!json.is_array()) return bad("stages is not a JSON array");
        for (const auto& stage : json) {
            if (!stage.is_string()) return bad("a stage is not a JSON string");
            s.stages.push_back(stage.get<std::string>());
        }
    } catch (const nlohmann::json::exception& e) {
        return bad(std::string("stages is not JSON: ") + e.what());
    }
    if (!parse_stamp_status(rows.text(r, 3), &s.status))
        return bad("unknown status '" + printable_clipped(rows.text(r, 3)) + "'");
    Result<Date> due = parse_date(rows.text(r, 4));
    if (!due) return bad("attestation_due: " + due.error().message());
    s.attestation_due = *due;
    const std::int64_t badge = rows.int64(r, 5);
    if (badge < INT_MIN || badge > INT_MAX) return bad("badge_issue out of range");
    s.badge_issue = static_cast<int>(badge);
    s.pin_hash = rows.str(r, 6);
    return s;
}

Result<std::optional<StampRecord>> query_stamp(Connection& db, const PlantRef& plant,
                                               std::string_view id) {
    Result<Rows> rows = db.query(
        "SELECT id, holder, stages, status, attestation_due, badge_issue, pin_hash FROM stamps "
        "WHERE plant = $1 AND id = $2",
        Params().int64(plant.id).text(id));
    if (!rows) return rows.error();
    if (rows->size() == 0) return std::optional<StampRecord>();
    Result<StampRecord> stamp = stamp_row(db, plant, *rows, 0);
    if (!stamp) return stamp.error();
    return std::optional<StampRecord>(std::move(stamp).value());
}

Result<std::vector<StampRecord>> query_stamps(Connection& db, const PlantRef& plant) {
    Result<Rows> rows = db.query(
        "SELECT id, holder, stages, status, attestation_due, badge_issue, pin_hash FROM stamps "
        "WHERE plant = $1 ORDER BY id",
        Params().int64(plant.id));
    if (!rows) return rows.error();
    std::vector<StampRecord> out;
    for (int r = 0; r < rows->size(); ++r) {
        Result<StampRecord> stamp = stamp_row(db, plant, *rows, r);
        if (!stamp) return stamp.error();
        out.push_back(std::move(stamp).value());
    }
    return out;
}

namespace {

Result<TokenRecord> token_row(const Connection& db, const PlantRef& plant, const Rows& rows,
                              int r) {
    TokenRecord t;
    t.id = rows.str(r, 0);
    if (!parse_role(rows.text(r, 1), &t.role)) {
        return corruption(db, plant,
                          "token '" + printable_clipped(t.id) + "': unknown role '" +
                              printable_clipped(rows.text(r, 1)) + "'");
    }
    t.station = rows.str(r, 2);
    t.label = rows.str(r, 3);
    t.created_at = Timestamp{rows.int64(r, 4)};
    t.revoked = rows.boolean(r, 5);
    return t;
}

}  // namespace

Result<std::optional<TokenRecord>> query_token(Connection& db, const PlantRef& plant,
                                               std::string_view secret_hash) {
    Result<Rows> rows = db.query(
        "SELECT id, role, station, label, created_at, revoked FROM tokens "
        "WHERE secret_hash = $2 AND plant = $1",
        Params().int64(plant.id).text(secret_hash));
    if (!rows) return rows.error();
    if (rows->size() == 0) return std::optional<TokenRecord>();
    Result<TokenRecord> token = token_row(db, plant, *rows, 0);
    if (!token) return token.error();
    return std::optional<TokenRecord>(std::move(token).value());
}

Result<std::vector<TokenRecord>> query_tokens(Connection& db, const PlantRef& plant) {
    Result<Rows> rows = db.query(
        "SELECT id, role, station, label, created_at, revoked FROM tokens WHERE plant = $1 "
        "ORDER BY created_at, id",
        Params().int64(plant.id));
    if (!rows) return rows.error();
    std::vector<TokenRecord> out;
    for (int r = 0; r < rows->size(); ++r) {
        Result<TokenRecord> token = token_row(db, plant, *rows, r);
        if (!token) return token.error();
        out.push_back(std::move(token).value());
    }
    return out;
}

Result<std::vector<QuarantineEntry>> query_quarantine(Connection& db, const PlantRef& plant,
                                                      bool include_resolved) {
    const char* sql =
        include_resolved
            ? "SELECT q.id, q.received_at, q.station, q.reason, q.message, q.event_json, "
              "q.resolved, q.resolution, q.resolved_by, coalesce(e.seq, 0) FROM quarantine q "
              "LEFT JOIN events e ON e.plant = q.plant AND e.id = q.id WHERE q.plant = $1 "
              "ORDER BY q.n"
            : "SELECT id, received_at, station, reason, message, event_json, resolved, "
              "resolution, resolved_by, 0 FROM quarantine WHERE plant = $1 AND NOT resolved "
              "ORDER BY n";
    Result<Rows> rows = db.query(sql, Params().int64(plant.id));
    if (!rows) return rows.error();
    std::vector<QuarantineEntry> out;
    for (int r = 0; r < rows->size(); ++r) {
        Result<Uuid> id = uuid_column(db, plant, *rows, r, 0, "quarantine");
        if (!id) return id.error();
        QuarantineEntry q;
        q.answer.id = *id;
        q.answer.verdict = Verdict::Refused;
        q.answer.received_at = Timestamp{rows->int64(r, 1)};
        q.station = rows->str(r, 2);
        q.answer.reason = rows->str(r, 3);
        q.answer.message = rows->str(r, 4);
        q.event_json = rows->str(r, 5);
        q.resolved = rows->boolean(r, 6);
        q.resolution = rows->str(r, 7);
        q.resolved_by = rows->str(r, 8);
        q.accepted_seq = rows->int64(r, 9);
        out.push_back(std::move(q));
    }
    return out;
}

Result<std::vector<IdConflict>> query_id_conflicts(Connection& db, const PlantRef& plant) {
    Result<Rows> rows = db.query(
        "SELECT id, received_at, station, text, stored_text FROM id_conflicts WHERE plant = $1 "
        "ORDER BY n",
        Params().int64(plant.id));
    if (!rows) return rows.error();
    std::vector<IdConflict> out;
    for (int r = 0; r < rows->size(); ++r) {
        Result<Uuid> id = uuid_column(db, plant, *rows, r, 0, "id_conflicts");
        if (!id) return id.error();
        out.push_back(IdConflict{*id, Timestamp{rows->int64(r, 1)}, rows->str(r, 2),
                                 rows->str(r, 3), rows->str(r, 4)});
    }
    return out;
}

Result<std::vector<CorrectiveActionEntry>> query_corrective_entries(Connection& db,
                                                                    const PlantRef& plant,
                                                                    std::string_view action_id) {
    Result<Rows> rows = db.query(
        "SELECT seq, action_id, kind, body, recorded_at, recorded_by FROM corrective_action_log "
        "WHERE plant = $1 AND ($2::text = '' OR action_id = $2::text) ORDER BY seq",
        Params().int64(plant.id).text(action_id));
    if (!rows) return rows.error();
    std::vector<CorrectiveActionEntry> out;
    for (int r = 0; r < rows->size(); ++r) {
        out.push_back({rows->int64(r, 0), rows->str(r, 1), rows->str(r, 2), rows->str(r, 3),
                       Timestamp{rows->int64(r, 4)}, rows->str(r, 5)});
    }
    return out;
}

Result<std::vector<ProcedureAudit>> query_procedure_audits(Connection& db, const PlantRef& plant,
                                                           std::string_view serial,
                                                           std::string_view stamp) {
    // Each case its own statement, so that the (plant, serial, id) and (plant, stamp, id)
    // indexes serve it.
    const char* sql =
        !serial.empty()
            ? "SELECT id, serial, stamp, result, text, actor, recorded_at FROM procedure_audit "
              "WHERE plant = $1 AND serial = $2 AND ($3::text = '' OR stamp = $3::text) "
              "ORDER BY id"
        : !stamp.empty()
            ? "SELECT id, serial, stamp, result, text, actor, recorded_at FROM procedure_audit "
              "WHERE plant = $1 AND stamp = $2 ORDER BY id"
            : "SELECT id, serial, stamp, result, text, actor, recorded_at FROM procedure_audit "
              "WHERE plant = $1 ORDER BY id";
    Params params;
    params.int64(plant.id);
    if (!serial.empty())
        params.text(serial).text(stamp);
    else if (!stamp.empty())
        params.text(stamp);
    Result<Rows> rows = db.query(sql, params);
    if (!rows) return rows.error();
    std::vector<ProcedureAudit> out;
    for (int r = 0; r < rows->size(); ++r) {
        ProcedureAudit a;
        a.id = rows->int64(r, 0);
        a.serial = rows->str(r, 1);
        a.stamp = rows->str(r, 2);
        if (!parse_audit_result(rows->text(r, 3), &a.result)) {
            return corruption(db, plant,
                              "procedure audit " + std::to_string(a.id) + ": unknown result '" +
                                  printable_clipped(rows->text(r, 3)) + "'");
        }
        a.text = rows->str(r, 4);
        a.actor = rows->str(r, 5);
        a.recorded_at = Timestamp{rows->int64(r, 6)};
        out.push_back(std::move(a));
    }
    return out;
}

Result<std::optional<KeptFigures>> query_kept_figures(Connection& db, const PlantRef& plant,
                                                      std::string_view key) {
    Result<Rows> rows =
        db.query("SELECT position, text FROM kept_figures WHERE plant = $1 AND key = $2",
                 Params().int64(plant.id).text(key));
    if (!rows) return rows.error();
    if (rows->size() == 0) return std::optional<KeptFigures>();
    return std::optional<KeptFigures>(KeptFigures{rows->int64(0, 0), rows->str(0, 1)});
}

}  // namespace stampline::server::pg
