// The PostgreSQL Store of one plant (pg_store.h): the group runner on the writer connection
// under the plant's advisory lock, and the reads on the reader pool.
#include "server/store/pg/pg_store.h"

#include <utility>

#include "server/store/group_commit.h"
#include "server/store/pg/pg_complaint_log.h"
#include "server/store/pg/pg_connection.h"
#include "server/store/pg/pg_event_log.h"
#include "server/store/pg/pg_facts.h"
#include "server/store/pg/pg_reader_pool.h"
#include "server/store/pg/pg_rows.h"
#include "server/store/pg/pg_schema.h"
#include "server/store/pg/pg_txn.h"

namespace stampline::server {

namespace {

using namespace pg;  // the store's own internals (pg/pg_*.h)

class PgStore final : public Store {
public:
    PgStore(PlantRef plant, std::unique_ptr<Connection> writer, ConnectOptions options,
            std::unique_ptr<Connection> reader)
        : plant_(std::move(plant)),
          writer_(std::move(writer)),
          readers_(std::move(options), std::move(reader)) {}

    Status write(const std::function<Status(WriteTxn&)>& fn) override {
        return group_commit_.submit(fn);
    }

    Result<std::vector<StoredEvent>> trail(std::string_view serial) override {
        return read([&](Connection& db) { return query_trail(db, plant_, serial); });
    }

    Result<std::vector<StoredEvent>> all_events() override {
        return read_snapshot([&](Connection& db) { return query_all_events(db, plant_); });
    }

    Result<std::int64_t> units_acting(Timestamp from, Timestamp to,
                                      const UnitFactsVisitor& fn) override {
        return read_snapshot(
            [&](Connection& db) { return read_units_acting(db, plant_, from, to, fn); });
    }

    Result<bool> units_changed_since(std::int64_t after, Timestamp from, Timestamp to) override {
        return read(
            [&](Connection& db) { return read_units_changed_since(db, plant_, after, from, to); });
    }

    Status units_in_work(std::span<const RouteLength> routes, Timestamp since,
                         const UnitFactsVisitor& fn) override {
        Result<bool> done = read_snapshot([&](Connection& db) -> Result<bool> {
            if (Status s = read_units_in_work(db, plant_, routes, since, fn); !s) return s;
            return true;
        });
        return done.status();
    }

    Result<UnitsSummary> units_summary() override {
        return read_snapshot([&](Connection& db) { return read_units_summary(db, plant_); });
    }

    Result<std::optional<KeptFigures>> kept_figures(std::string_view key) override {
        return read([&](Connection& db) { return query_kept_figures(db, plant_, key); });
    }

    Result<std::vector<StampRecord>> stamps() override {
        return read([&](Connection& db) { return query_stamps(db, plant_); });
    }

    Result<std::optional<StampRecord>> stamp(std::string_view id) override {
        return read([&](Connection& db) { return query_stamp(db, plant_, id); });
    }

    Result<std::optional<TokenRecord>> token_by_hash(std::string_view secret_hash) override {
        return read([&](Connection& db) { return query_token(db, plant_, secret_hash); });
    }

    Result<std::vector<TokenRecord>> tokens() override {
        return read([&](Connection& db) { return query_tokens(db, plant_); });
    }

    Result<std::vector<QuarantineEntry>> quarantine_entries(bool include_resolved) override {
        return read([&](Connection& db) { return query_quarantine(db, plant_, include_resolved); });
    }

    Result<std::vector<IdConflict>> id_conflicts() override {
        return read([&](Connection& db) { return query_id_conflicts(db, plant_); });
    }

    Result<std::vector<CorrectiveActionEntry>> corrective_action_entries(
        std::string_view action_id) override {
        return read(
            [&](Connection& db) { return query_corrective_entries(db, plant_, action_id); });
    }

    Result<std::vector<ProcedureAudit>> procedure_audits(std::string_view serial,
                                                         std::string_view stamp) override {
        return read(
            [&](Connection& db) { return query_procedure_audits(db, plant_, serial, stamp); });
    }

    Result<std::vector<ComplaintEntry>> complaint_entries(std::string_view id) override {
        return read([&](Connection& db) { return query_complaint_entries(db, plant_, id); });
    }

    Result<std::vector<CrmDelivery>> crm_deliveries() override {
        return read([&](Connection& db) { return query_crm_deliveries(db, plant_); });
    }

    Result<StoreCounts> counts() override {
        // One snapshot: the numbers are of the same moment.
        return read_snapshot([&](Connection& db) { return read_counts(db); });
    }

    Result<std::optional<ChainBreak>> verify_chain() override {
        return read_snapshot([&](Connection& db) { return verify_event_chain(db, plant_); });
    }

    Result<std::optional<ChainBreak>> verify_complaint_chain() override {
        return read_snapshot([&](Connection& db) { return verify_complaint_log(db, plant_); });
    }

private:
    // fn's result on a leased reader connection, in autocommit (one statement: one snapshot).
    // fn reads and calls nothing back, so a read that failed because its connection was lost
    // (e.g. the server restarted while the connection sat idle) runs once more on a connection
    // made again.
    template <typename Fn>
    auto read(Fn fn) -> decltype(fn(std::declval<Connection&>())) {
        for (int attempt = 1;; ++attempt) {
            Result<ReaderPool::Lease> lease = readers_.lease();
            if (!lease) return lease.error();
            auto result = fn(**lease);
            if (result || attempt == 2 || !(*lease)->broken()) return result;
        }
    }

    // fn's result inside one REPEATABLE READ READ ONLY transaction: every statement of fn sees
    // the same moment of the log. fn may call a visitor back, so it runs once: only a BEGIN that
    // finds its connection lost is tried again.
    template <typename Fn>
    auto read_snapshot(Fn fn) -> decltype(fn(std::declval<Connection&>())) {
        for (int attempt = 1;; ++attempt) {
            Result<ReaderPool::Lease> lease = readers_.lease();
            if (!lease) return lease.error();
            Connection& db = **lease;
            if (Status s = db.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s) {
                if (attempt == 1 && db.broken()) continue;
                return s;
            }
            auto result = fn(db);
            db.exec(result ? "COMMIT" : "ROLLBACK");  // ends a read transaction; nothing to lose
            return result;
        }
    }

    Result<StoreCounts> read_counts(Connection& db) {
        StoreCounts c;
        // The log is append-only with seq 1, 2, 3, ...: its last seq is its length.
        Result<ChainHead> head = query_head(db, plant_);
        if (!head) return head.error();
        c.events = head->seq;
        c.head_hash = head->hash;
        Result<Rows> rows = db.query(
            "SELECT (SELECT count(*) FROM quarantine WHERE plant = $1 AND NOT resolved), "
            "(SELECT count(*) FROM id_conflicts WHERE plant = $1), "
            "(SELECT count(*) FROM stamps WHERE plant = $1), "
            "(SELECT count(*) FROM tokens WHERE plant = $1), "
            "pg_database_size(current_database())",
            Params().int64(plant_.id));
        if (!rows) return rows.error();
        c.quarantined = rows->int64(0, 0);
        c.id_conflicts = rows->int64(0, 1);
        c.stamps = rows->int64(0, 2);
        c.tokens = rows->int64(0, 3);
        c.db_bytes = rows->int64(0, 4);  // the whole database: every plant's share
        return c;
    }

    // Runs a group of write() calls in one transaction under the plant's lock, each inside its
    // own savepoint: a call that fails is rolled back alone, the others commit together.
    void run_group(std::span<GroupCommit::Job* const> group) {
        const auto fail_all = [&](const Status& s) {
            if (writer_->in_transaction()) writer_->exec("ROLLBACK");
            for (GroupCommit::Job* job : group) job->result = s;
        };
        if (Status s = begin(); !s) return fail_all(s);
        // READ COMMITTED: each statement's snapshot is taken after the lock is granted, so the
        // head read next is the one the last holder committed.
        if (Result<Rows> locked = writer_->query("SELECT pg_advisory_xact_lock($1::integer, $2)",
                                                 Params().int64(kLockKey).int64(plant_.id));
            !locked)
            return fail_all(locked.error());
        Result<ChainHead> head = query_head(*writer_, plant_);
        if (!head) return fail_all(head.error());
        head_ = std::move(head).value();

        const auto lose_group = [&](const std::string& why) {
            const Code code = writer_->broken() ? Code::Unavailable : Code::IOError;
            if (writer_->in_transaction()) writer_->exec("ROLLBACK");
            for (GroupCommit::Job* job : group)
                if (job->result) job->result = Status(code, why + ", nothing was stored");
        };
        for (GroupCommit::Job* job : group) {
            if (Status s = writer_->exec("SAVEPOINT call"); !s) {
                job->result = s;
                return lose_group("the write transaction failed (" + s.message() + ")");
            }
            job->result = run_call(*job->fn);
            if (job->result && writer_->in_failed_transaction()) {
                // The call went on after one of its statements failed: it did not happen.
                job->result = Status(
                    writer_->last_error().is_ok() ? Code::IOError : writer_->last_error().code(),
                    "a statement of the write failed: " + writer_->last_error().message());
            }
            const bool undone = job->result || writer_->exec("ROLLBACK TO SAVEPOINT call");
            if (!undone || !writer_->exec("RELEASE SAVEPOINT call")) {
                return lose_group("the write transaction was aborted (" + job->result.message() +
                                  ")");
            }
        }
        if (Status c = writer_->exec("COMMIT"); !c) {
            // The server may have committed before the reply was lost: the outcome is unknown.
            // A retry re-posts the same event ids and is answered "duplicate" when it had.
            if (writer_->in_transaction()) writer_->exec("ROLLBACK");
            for (GroupCommit::Job* job : group) {
                if (job->result) {
                    job->result = Status(Code::Unavailable,
                                         "the outcome of the commit is unknown (" + c.message() +
                                             "): retry; what was stored is answered as such");
                }
            }
        }
    }

    // Opens the group's transaction; a connection found lost (e.g. the server restarted since
    // the last group) is made again first, and once more if BEGIN finds it lost: nothing of the
    // group has been sent yet.
    Status begin() {
        Status s;
        for (int attempt = 1; attempt <= 2; ++attempt) {
            if (s = writer_->ensure_open(); !s) return s;
            if (writer_->in_transaction()) writer_->exec("ROLLBACK");  // never expected
            if (s = writer_->exec("BEGIN ISOLATION LEVEL READ COMMITTED"); s || !writer_->broken())
                return s;
        }
        return s;
    }

    // Runs one write() call at the chain head; on success the head moves past what it appended.
    Status run_call(const std::function<Status(WriteTxn&)>& fn) {
        PgTxn txn(*writer_, plant_, head_);
        Status s = run_write_call(fn, txn);
        // Appends still in the pipeline (Connection::send) are the call's too: it succeeded only
        // if they did.
        if (Status sent = writer_->flush(); s && !sent) s = sent;
        if (s) head_ = txn.head();
        return s;
    }

    const PlantRef plant_;

    // Used only by the group that is running (one at a time): writer_, head_.
    std::unique_ptr<Connection> writer_;
    ChainHead head_;
    GroupCommit group_commit_{
        [this](std::span<GroupCommit::Job* const> group) { run_group(group); }};

    ReaderPool readers_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_pg_store(const PgStoreOptions& options) {
    if (options.plant.empty()) return invalid("the plant code is empty");
    const ConnectOptions connect{options.conninfo, options.password};
    Result<std::unique_ptr<Connection>> writer = Connection::open(connect);
    if (!writer) return writer.error();
    Connection& db = **writer;
    if (Status s = check_durable(db); !s) return s;
    Result<std::int64_t> plant = prepare_database(db, options.plant, options.create_if_missing);
    if (!plant) return plant.error();

    Result<std::unique_ptr<Connection>> reader = Connection::open(connect);
    if (!reader) return reader.error();
    return std::unique_ptr<Store>(new PgStore(PlantRef{*plant, options.plant},
                                              std::move(writer).value(), connect,
                                              std::move(reader).value()));
}

}  // namespace stampline::server
