// Writing a plant's record into PostgreSQL in one transaction (pg_import.h).
#include "server/store/pg/pg_import.h"

#include <iterator>
#include <string>
#include <utility>

#include "server/store/pg/pg_connection.h"
#include "server/store/pg/pg_event_log.h"
#include "server/store/pg/pg_rows.h"
#include "server/store/pg/pg_schema.h"
#include "shared/sha256.h"

namespace stampline::server {

namespace {

using namespace pg;  // the store's own internals (pg/pg_*.h)

// What a plant already holds, table by table ($1 plant): any row refuses the copy.
constexpr const char* kHoldsSql =
    "SELECT (SELECT count(*) FROM events WHERE plant = $1), "
    "(SELECT count(*) FROM quarantine WHERE plant = $1), "
    "(SELECT count(*) FROM id_conflicts WHERE plant = $1), "
    "(SELECT count(*) FROM stamps WHERE plant = $1), "
    "(SELECT count(*) FROM tokens WHERE plant = $1), "
    "(SELECT count(*) FROM corrective_action_log WHERE plant = $1), "
    "(SELECT count(*) FROM procedure_audit WHERE plant = $1), "
    "(SELECT count(*) FROM complaint_log WHERE plant = $1), "
    "(SELECT count(*) FROM crm_deliveries WHERE plant = $1), "
    "(SELECT count(*) FROM units WHERE plant = $1), "
    "(SELECT count(*) FROM kept_figures WHERE plant = $1)";
constexpr const char* kHoldsNames[] = {"events",           "quarantined events",
                                       "id conflicts",     "stamps",
                                       "tokens",           "corrective-action entries",
                                       "procedure audits", "complaint entries",
                                       "CRM deliveries",   "units",
                                       "kept figures"};

class PgImport final : public PlantImport {
public:
    PgImport(std::unique_ptr<Connection> db, PlantRef plant, bool registered)
        : db_(std::move(db)), plant_(std::move(plant)), registered_(registered) {}

    ~PgImport() override {
        if (committed_) return;
        if (db_->in_transaction()) db_->exec("ROLLBACK");
        if (registered_) {
            // Best effort: a plant this import registered goes again with the copy, so that
            // `init` and a second copy find nothing.
            db_->query("DELETE FROM plants WHERE id = $1", Params().int64(plant_.id));
        }
    }

    Status begin() {
        if (Status s = db_->exec("BEGIN ISOLATION LEVEL READ COMMITTED"); !s) return s;
        if (Result<Rows> locked = db_->query("SELECT pg_advisory_xact_lock($1::integer, $2)",
                                             Params().int64(kLockKey).int64(plant_.id));
            !locked)
            return locked.error();
        Result<Rows> holds = db_->query(kHoldsSql, Params().int64(plant_.id));
        if (!holds) return holds.error();
        std::string held;
        for (int c = 0; c < static_cast<int>(std::size(kHoldsNames)); ++c) {
            if (holds->int64(0, c) == 0) continue;
            held += (held.empty() ? "" : ", ") + std::to_string(holds->int64(0, c)) + " " +
                    kHoldsNames[c];
        }
        if (!held.empty())
            return conflict("refusing to overwrite: plant " + plant_.code + " in " + db_->name() +
                            " already holds a record (" + held + ")");
        return Status::ok();
    }

    Status event(const EventRow& row) override {
        const auto key = [&] { return "events seq " + std::to_string(row.seq); };
        Result<Event> decoded = decode_event(*db_, plant_, row.seq, row.canonical);
        if (!decoded) return named(key(), decoded.error());
        Result<bool> inserted =
            insert_event(*db_, plant_, row.seq, *decoded, row.canonical, row.hash, row.received_at);
        if (!inserted) return named(key(), inserted.error());
        if (!*inserted)
            return conflict(key() + ": event " + to_string(decoded->id) + " is already recorded");
        return Status::ok();
    }

    Status quarantined(std::int64_t n, const QuarantineEntry& q) override {
        Result<Rows> rows = db_->query(
            "INSERT INTO quarantine (plant, n, id, received_at, station, reason, message, "
            "event_json, resolved, resolution, resolved_by) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            Params()
                .int64(plant_.id)
                .int64(n)
                .uuid(q.answer.id)
                .int64(q.answer.received_at.ms)
                .text(q.station)
                .text(q.answer.reason)
                .text(q.answer.message)
                .text(q.event_json)
                .boolean(q.resolved)
                .text(q.resolution)
                .text(q.resolved_by));
        return named("quarantine " + to_string(q.answer.id), rows.status());
    }

    Status id_conflict(std::int64_t n, const IdConflict& c) override {
        Result<Rows> rows = db_->query(
            "INSERT INTO id_conflicts (plant, n, id, received_at, station, text, stored_text, "
            "text_sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            Params()
                .int64(plant_.id)
                .int64(n)
                .uuid(c.id)
                .int64(c.received_at.ms)
                .text(c.station)
                .text(c.text)
                .text(c.stored_text)
                .text(sha256_hex(c.text)));
        return named("id_conflicts n " + std::to_string(n), rows.status());
    }

    Status stamp(const StampRow& s) override {
        Result<Rows> rows = db_->query(
            "INSERT INTO stamps (plant, id, holder, stages, status, attestation_due, badge_issue, "
            "pin_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            Params()
                .int64(plant_.id)
                .text(s.id)
                .text(s.holder)
                .text(s.stages)
                .text(s.status)
                .text(s.attestation_due)
                .int64(s.badge_issue)
                .text(s.pin_hash));
        return named("stamps id " + s.id, rows.status());
    }

    Status token(const TokenRow& t) override {
        Result<Rows> rows = db_->query(
            "INSERT INTO tokens (secret_hash, id, plant, role, station, label, created_at, "
            "revoked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            Params()
                .text(t.secret_hash)
                .text(t.id)
                .int64(plant_.id)
                .text(t.role)
                .text(t.station)
                .text(t.label)
                .int64(t.created_at.ms)
                .boolean(t.revoked));
        return named("tokens id " + t.id, rows.status());
    }

    Status corrective_action(const CorrectiveActionEntry& e) override {
        Result<Rows> rows = db_->query(
            "INSERT INTO corrective_action_log (plant, seq, action_id, kind, body, recorded_at, "
            "recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            Params()
                .int64(plant_.id)
                .int64(e.seq)
                .text(e.action_id)
                .text(e.kind)
                .text(e.body)
                .int64(e.at.ms)
                .text(e.by));
        return named("corrective_action_log seq " + std::to_string(e.seq), rows.status());
    }

    Status procedure_audit(const ProcedureAudit& a) override {
        Result<Rows> rows = db_->query(
            "INSERT INTO procedure_audit (plant, id, serial, stamp, result, text, actor, "
            "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            Params()
                .int64(plant_.id)
                .int64(a.id)
                .text(a.serial)
                .text(a.stamp)
                .text(audit_result_name(a.result))
                .text(a.text)
                .text(a.actor)
                .int64(a.recorded_at.ms));
        return named("procedure_audit id " + std::to_string(a.id), rows.status());
    }

    Status complaint(const ComplaintEntry& e) override {
        Result<Rows> rows = db_->query(
            "INSERT INTO complaint_log (plant, seq, complaint_id, kind, body, recorded_at, "
            "recorded_by, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            Params()
                .int64(plant_.id)
                .int64(e.seq)
                .text(e.complaint_id)
                .text(e.kind)
                .text(e.body)
                .int64(e.at.ms)
                .text(e.by)
                .text(e.hash));
        return named("complaint_log seq " + std::to_string(e.seq), rows.status());
    }

    Status crm_delivery(const CrmDelivery& d) override {
        Result<Rows> rows = db_->query(
            "INSERT INTO crm_deliveries (plant, n, entry_seq, attempt, at, delivered, detail) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            Params()
                .int64(plant_.id)
                .int64(d.n)
                .int64(d.entry_seq)
                .int64(d.attempt)
                .int64(d.at.ms)
                .boolean(d.delivered)
                .text(d.detail));
        return named("crm_deliveries n " + std::to_string(d.n), rows.status());
    }

    Status commit() override {
        if (Status c = db_->exec("COMMIT"); !c) {
            if (db_->in_transaction()) db_->exec("ROLLBACK");
            return Status(Code::Unavailable, "the outcome of the copy's commit is unknown (" +
                                                 c.message() + "): check the target");
        }
        committed_ = true;
        return Status::ok();
    }

private:
    // s with the table and key of the row it refused in front; ok stays ok.
    static Status named(const std::string& key, const Status& s) {
        if (s) return s;
        return Status(s.code(), key + ": " + s.message());
    }

    std::unique_ptr<Connection> db_;
    const PlantRef plant_;
    const bool registered_;  // this import registered the plant
    bool committed_ = false;
};

}  // namespace

Result<std::unique_ptr<PlantImport>> begin_pg_import(const PgStoreOptions& options) {
    if (options.plant.empty()) return invalid("the plant code is empty");
    Result<std::unique_ptr<Connection>> conn =
        Connection::open(ConnectOptions{options.conninfo, options.password});
    if (!conn) return conn.error();
    Connection& db = **conn;
    if (Status s = check_durable(db); !s) return s;
    bool registered = false;
    Result<std::int64_t> plant = prepare_database(db, options.plant, false);
    if (!plant && plant.error().code() == Code::NotFound && options.create_if_missing) {
        plant = prepare_database(db, options.plant, true);
        registered = plant.has_value();
    }
    if (!plant) return plant.error();
    auto import = std::make_unique<PgImport>(std::move(conn).value(),
                                             PlantRef{*plant, options.plant}, registered);
    if (Status s = import->begin(); !s) return s;
    return std::unique_ptr<PlantImport>(std::move(import));
}

}  // namespace stampline::server
