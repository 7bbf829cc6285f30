// The PostgreSQL store's WriteTxn (pg_txn.h): look-ups, appends and upserts of one plant.
#include "server/store/pg/pg_txn.h"

#include <nlohmann/json.hpp>

#include "server/store/pg/pg_complaint_log.h"
#include "server/store/pg/pg_event_log.h"
#include "shared/canonical_event.h"
#include "shared/event_json.h"
#include "shared/hash_chain.h"
#include "shared/printable.h"
#include "shared/sha256.h"

namespace stampline::server::pg {

Result<std::optional<EventAnswer>> PgTxn::find_answer(const Uuid& id) {
    Result<std::optional<EventAnswer>> answer = query_answer(db_, plant_, id);
    if (answer && !answer->has_value()) known_absent_ = id;
    return answer;
}

Result<std::vector<Event>> PgTxn::unit_events(std::string_view serial) {
    Result<std::vector<StoredEvent>> trail = query_trail(db_, plant_, serial);
    if (!trail) return trail.error();
    std::vector<Event> out;
    out.reserve(trail->size());
    for (auto& stored : *trail) out.push_back(std::move(stored.event));
    return out;
}

Result<std::int64_t> PgTxn::unit_last_seq(std::string_view serial) {
    Result<Rows> rows = db_.query(
        "SELECT coalesce((SELECT f.seq FROM units u JOIN facts f ON f.unit = u.unit "
        "WHERE u.plant = $1 AND u.serial = $2 ORDER BY f.seq DESC LIMIT 1), 0)",
        Params().int64(plant_.id).text(serial));
    if (!rows) return rows.error();
    return rows->size() > 0 ? rows->int64(0, 0) : 0;
}

Result<std::optional<StampRecord>> PgTxn::find_stamp(std::string_view id) {
    return query_stamp(db_, plant_, id);
}

Result<std::optional<std::string>> PgTxn::known_text(const Uuid& id) {
    Result<Rows> rows = db_.query(
        "SELECT canonical FROM events WHERE plant = $1 AND id = $2 "
        "UNION ALL SELECT event_json FROM quarantine WHERE plant = $1 AND id = $2 LIMIT 1",
        Params().int64(plant_.id).uuid(id));
    if (!rows) return rows.error();
    if (rows->size() == 0) return std::optional<std::string>();
    return std::optional<std::string>(rows->str(0, 0));
}

Status PgTxn::record_id_conflict(const IdConflict& c) {
    Result<Rows> rows = db_.query(
        "INSERT INTO id_conflicts (plant, n, id, received_at, station, text, stored_text, "
        "text_sha256) SELECT $1::integer, coalesce(max(n), 0) + 1, $2::uuid, $3::bigint, "
        "$4::text, $5::text, $6::text, $7::text FROM id_conflicts WHERE plant = $1::integer "
        "ON CONFLICT (plant, id, text_sha256) DO NOTHING",
        Params()
            .int64(plant_.id)
            .uuid(c.id)
            .int64(c.received_at.ms)
            .text(c.station)
            .text(c.text)
            .text(c.stored_text)
            .text(sha256_hex(c.text)));
    return rows.status();
}

Result<EventAnswer> PgTxn::append(const Event& event, std::string_view canonical,
                                  Timestamp received_at) {
    if (Status valid = check_loggable(event); !valid) return valid;
    // An accepted twin is found by ON CONFLICT below; only the quarantine is looked up.
    if (Status fresh =
            check_absent("SELECT 1 FROM quarantine WHERE plant = $1 AND id = $2", event.id);
        !fresh)
        return fresh;
    return insert_event(event, canonical, received_at);
}

Result<EventAnswer> PgTxn::accept_quarantined(const Event& event, std::string_view canonical,
                                              Timestamp received_at, std::string_view resolution,
                                              std::string_view by) {
    if (Status valid = check_loggable(event); !valid) return valid;
    if (Status s = resolve_quarantine(event.id, resolution, by); !s) return s;
    return insert_event(event, canonical, received_at);
}

Result<EventAnswer> PgTxn::insert_event(const Event& event, std::string_view canonical,
                                        Timestamp received_at) {
    const bool known_new = known_absent_ == event.id;
    known_absent_.reset();
    std::string hash = chain_hash(head_.hash, canonical);
    const std::int64_t seq = head_.seq + 1;
    if (known_new) {
        // find_answer has just found the id in neither table, under the plant's lock: the append
        // needs no answer back, and travels with the next statement (the next event's look-up).
        if (Status s = send_new_event(db_, plant_, seq, event, canonical, hash, received_at); !s)
            return s;
    } else {
        Result<bool> inserted =
            pg::insert_event(db_, plant_, seq, event, canonical, hash, received_at);
        if (!inserted) return inserted.error();
        if (!*inserted)
            return check_new_id(event.id,
                                conflict("event " + to_string(event.id) + " is already recorded"));
    }
    head_ = ChainHead{seq, std::move(hash)};

    EventAnswer answer;
    answer.id = event.id;
    answer.verdict = Verdict::Accepted;
    answer.seq = seq;
    answer.received_at = received_at;
    return answer;
}

Result<EventAnswer> PgTxn::quarantine(const Event& event, std::string_view station,
                                      Timestamp received_at, const Decision& decision) {
    // A quarantined twin is found by ON CONFLICT below; only the log is looked up.
    if (Status fresh = check_absent("SELECT 1 FROM events WHERE plant = $1 AND id = $2", event.id);
        !fresh)
        return fresh;
    known_absent_.reset();
    const std::string json = quarantine_text(event);
    const EventAnswer answer = refused_answer(event, received_at, decision);

    Result<Rows> rows = db_.query(
        "INSERT INTO quarantine (plant, n, id, received_at, station, reason, message, "
        "event_json) SELECT $1::integer, coalesce(max(n), 0) + 1, $2::uuid, $3::bigint, "
        "$4::text, $5::text, $6::text, $7::text FROM quarantine WHERE plant = $1::integer "
        "ON CONFLICT (plant, id) DO NOTHING",
        Params()
            .int64(plant_.id)
            .uuid(event.id)
            .int64(received_at.ms)
            .text(station)
            .text(answer.reason)
            .text(answer.message)
            .text(json));
    if (!rows) return rows.error();
    if (rows->affected() == 0)
        return check_new_id(event.id,
                            conflict("event " + to_string(event.id) + " is already recorded"));
    return answer;
}

Status PgTxn::put_stamp(const StampRecord& stamp) {
    Result<Rows> rows = db_.query(
        "INSERT INTO stamps (plant, id, holder, stages, status, attestation_due, badge_issue, "
        "pin_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (plant, id) DO UPDATE "
        "SET holder = excluded.holder, stages = excluded.stages, status = excluded.status, "
        "attestation_due = excluded.attestation_due, badge_issue = excluded.badge_issue, "
        "pin_hash = excluded.pin_hash",
        Params()
            .int64(plant_.id)
            .text(stamp.id)
            .text(stamp.holder)
            .text(stages_json(stamp.stages))
            .text(stamp_status_name(stamp.status))
            .text(format_date(stamp.attestation_due))
            .int64(stamp.badge_issue)
            .text(stamp.pin_hash));
    return rows.status();
}

Status PgTxn::put_token(std::string_view secret_hash, const TokenRecord& token) {
    // Token ids are unique across the plants of a database (an actor names its token by id).
    {
        Result<Rows> taken = db_.query("SELECT 1 FROM tokens WHERE id = $1 AND secret_hash <> $2",
                                       Params().text(token.id).text(secret_hash));
        if (!taken) return taken.error();
        if (taken->size() > 0) {
            return conflict("token id '" + printable_clipped(token.id) +
                            "' is already used by another token");
        }
    }
    Result<Rows> rows = db_.query(
        "INSERT INTO tokens (secret_hash, id, plant, role, station, label, created_at, revoked) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (secret_hash) DO UPDATE SET "
        "id = excluded.id, role = excluded.role, station = excluded.station, "
        "label = excluded.label, created_at = excluded.created_at, revoked = excluded.revoked "
        "WHERE tokens.plant = excluded.plant",
        Params()
            .text(secret_hash)
            .text(token.id)
            .int64(plant_.id)
            .text(role_name(token.role))
            .text(token.station)
            .text(token.label)
            .int64(token.created_at.ms)
            .boolean(token.revoked));
    if (!rows) return rows.error();
    if (rows->affected() == 0)
        return conflict("token '" + printable_clipped(token.id) +
                        "': its secret is already the secret of another plant's token");
    return Status::ok();
}

Status PgTxn::revoke_token(std::string_view token_id) {
    Result<Rows> rows = db_.query("UPDATE tokens SET revoked = true WHERE plant = $1 AND id = $2",
                                  Params().int64(plant_.id).text(token_id));
    if (!rows) return rows.error();
    if (rows->affected() == 0)
        return not_found("no token with id '" + printable_clipped(token_id) + "'");
    return Status::ok();
}

Status PgTxn::resolve_quarantine(const Uuid& id, std::string_view resolution, std::string_view by) {
    {
        Result<Rows> rows =
            db_.query("SELECT resolved, resolved_by FROM quarantine WHERE plant = $1 AND id = $2",
                      Params().int64(plant_.id).uuid(id));
        if (!rows) return rows.error();
        if (rows->size() == 0) return not_found("no quarantined event " + to_string(id));
        if (rows->boolean(0, 0)) {
            return conflict("quarantined event " + to_string(id) + " was already resolved by " +
                            rows->str(0, 1));
        }
    }
    Result<Rows> rows = db_.query(
        "UPDATE quarantine SET resolved = true, resolution = $3, resolved_by = $4 "
        "WHERE plant = $1 AND id = $2",
        Params().int64(plant_.id).uuid(id).text(resolution).text(by));
    return rows.status();
}

Result<std::vector<CorrectiveActionEntry>> PgTxn::corrective_action_entries(
    std::string_view action_id) {
    return query_corrective_entries(db_, plant_, action_id);
}

Result<std::int64_t> PgTxn::append_corrective_action_entry(const CorrectiveActionEntry& entry) {
    if (entry.kind == "created") {
        Result<Rows> seen = db_.query(
            "SELECT 1 FROM corrective_action_log WHERE plant = $1 AND action_id = $2 "
            "AND kind = 'created'",
            Params().int64(plant_.id).text(entry.action_id));
        if (!seen) return seen.error();
        if (seen->size() > 0) {
            return conflict("corrective action " + printable_clipped(entry.action_id) +
                            " already exists");
        }
    }
    Result<Rows> rows = db_.query(
        "INSERT INTO corrective_action_log (plant, seq, action_id, kind, body, recorded_at, "
        "recorded_by) SELECT $1::integer, coalesce(max(seq), 0) + 1, $2::text, $3::text, "
        "$4::text, $5::bigint, $6::text FROM corrective_action_log WHERE plant = $1::integer "
        "RETURNING seq",
        Params()
            .int64(plant_.id)
            .text(entry.action_id)
            .text(entry.kind)
            .text(entry.body)
            .int64(entry.at.ms)
            .text(entry.by));
    if (!rows) return rows.error();
    return rows->int64(0, 0);
}

Result<std::int64_t> PgTxn::append_procedure_audit(const ProcedureAudit& audit) {
    if (Status valid = check_procedure_audit(audit); !valid) return valid;
    Result<Rows> rows = db_.query(
        "INSERT INTO procedure_audit (plant, id, serial, stamp, result, text, actor, "
        "recorded_at) SELECT $1::integer, coalesce(max(id), 0) + 1, $2::text, $3::text, "
        "$4::text, $5::text, $6::text, $7::bigint FROM procedure_audit WHERE plant = $1::integer "
        "RETURNING id",
        Params()
            .int64(plant_.id)
            .text(audit.serial)
            .text(audit.stamp)
            .text(audit_result_name(audit.result))
            .text(audit.text)
            .text(audit.actor)
            .int64(audit.recorded_at.ms));
    if (!rows) return rows.error();
    return rows->int64(0, 0);
}

Result<std::vector<ComplaintEntry>> PgTxn::complaint_entries(std::string_view complaint_id) {
    return query_complaint_entries(db_, plant_, complaint_id);
}

Result<std::int64_t> PgTxn::append_complaint_entry(const ComplaintEntry& entry) {
    return pg::append_complaint_entry(db_, plant_, entry);
}

Status PgTxn::append_crm_delivery(const CrmDelivery& delivery) {
    return pg::append_crm_delivery(db_, plant_, delivery);
}

Status PgTxn::keep_figures(std::string_view key, const KeptFigures& figures) {
    Result<Rows> rows = db_.query(
        "INSERT INTO kept_figures (plant, key, position, text) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (plant, key) DO UPDATE SET position = excluded.position, "
        "text = excluded.text",
        Params().int64(plant_.id).text(key).int64(figures.position).text(figures.text));
    return rows.status();
}

Status PgTxn::check_new_id(const Uuid& id, Status otherwise) {
    Result<std::optional<EventAnswer>> known = query_answer(db_, plant_, id);
    if (!known) return known.error();
    if (!known->has_value()) return otherwise;
    const EventAnswer& a = **known;
    return conflict("event " + to_string(id) + " is already recorded (" +
                    (a.verdict == Verdict::Accepted ? "accepted as seq " + std::to_string(a.seq)
                                                    : "refused: " + a.reason) +
                    ")");
}

Status PgTxn::check_absent(const char* select_sql, const Uuid& id) {
    if (known_absent_ == id) return Status::ok();
    Result<Rows> rows = db_.query(select_sql, Params().int64(plant_.id).uuid(id));
    if (!rows) return rows.error();
    return rows->size() > 0 ? check_new_id(id) : Status::ok();
}

}  // namespace stampline::server::pg
