#include "server/store/sqlite_store.h"

#include <climits>
#include <filesystem>
#include <mutex>
#include <utility>

#include "server/store/group_commit.h"
#include "server/store/sqlite_complaint_log.h"
#include "server/store/sqlite_connection.h"
#include "server/store/sqlite_event_rows.h"
#include "server/store/sqlite_facts.h"
#include "server/store/sqlite_rows.h"
#include "server/store/sqlite_schema.h"
#include "server/store/sqlite_txn.h"

namespace stampline::server {

namespace {

using namespace sqlite;  // the store's own internals (sqlite_*.h)
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

    Status units_in_work(std::span<const RouteLength> routes, Timestamp since,
                         const UnitFactsVisitor& fn) override {
        return read_apart(
            [&](Connection& db) { return sqlite::read_units_in_work(db, routes, since, fn); });
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

    Result<std::optional<KeptFigures>> kept_figures(std::string_view key) override {
        std::lock_guard lock(read_mu_);
        Result<Statement> st =
            reader_->prepare("SELECT position, text FROM kept_figures WHERE key = ?1");
        if (!st) return st.error();
        st->bind(1, key);
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (!*row) return std::optional<KeptFigures>();
        return std::optional<KeptFigures>(KeptFigures{st->int64(0), st->text(1)});
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
        Status s = run_write_call(fn, txn);
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
    // A larger page cache than the 2 MB default: each append also updates the facts and the
    // unit's row and indexes (sqlite_facts.h), whose recent pages it keeps at hand.
    if (Status s = db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
                           "PRAGMA cache_size = -32768");
        !s)
        return s;
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
