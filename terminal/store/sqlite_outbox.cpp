// The Outbox in one SQLite file (outbox.h): WAL with synchronous=FULL, the schema applied by
// numbered migrations kept in PRAGMA user_version, and PRAGMA application_id "STLT" so that a
// server database or another application's file is refused rather than written to. Events are
// stored as their canonical JSON (event_json.h) under their id as lowercase text, which sorts
// like the UUIDv7 bytes: oldest first.
//
// One connection, guarded by a mutex: the UI thread appends, the sync thread drains.
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "shared/canonical_event.h"
#include "shared/event_json.h"
#include "terminal/store/outbox.h"

namespace stampline::terminal {

namespace {

// "STLT": a Stampline terminal file. (The server's database is "STLN".)
constexpr std::int64_t kApplicationId = 0x53544C54;
constexpr std::int64_t kServerApplicationId = 0x53544C4E;
constexpr int kBusyTimeoutMs = 5000;
// Unit trails kept in the cache: the most recently fetched ones.
constexpr int kCachedTrails = 2000;
constexpr std::size_t kMaxRowsPerRead = std::size_t{1} << 30;

// Migration N (1-based) brings the file from schema version N-1 to N. Append new migrations;
// never edit one that has shipped.
constexpr std::array<const char*, 1> kMigrations = {
    // 1: the outbox, the attention list, the reference and trail caches.
    R"sql(
CREATE TABLE outbox (
    id     TEXT PRIMARY KEY,  -- the event's UUIDv7, lowercase: sorts in time order
    serial TEXT NOT NULL,
    event  TEXT NOT NULL      -- canonical_event()
) STRICT, WITHOUT ROWID;
CREATE INDEX outbox_by_serial ON outbox (serial, id);

CREATE TABLE attention (
    id      TEXT PRIMARY KEY,  -- the refused event's id
    serial  TEXT NOT NULL,
    kind    TEXT NOT NULL,     -- event_kind_name
    reason  TEXT NOT NULL,     -- the server's refusal code
    message TEXT NOT NULL,     -- the server's message
    event   TEXT NOT NULL      -- canonical_event(): what the worker signed, kept
) STRICT, WITHOUT ROWID;

CREATE TABLE reference_cache (
    slot INTEGER PRIMARY KEY CHECK (slot = 1),  -- one row
    body TEXT NOT NULL,                         -- GET /api/v1/reference as received
    etag TEXT NOT NULL
) STRICT;

CREATE TABLE trail_cache (
    serial  TEXT PRIMARY KEY,
    events  TEXT NOT NULL,     -- JSON array of canonical events, in trail order
    touched INTEGER NOT NULL   -- increases with each put; the oldest are dropped
) STRICT;
CREATE INDEX trail_cache_by_touched ON trail_cache (touched);
)sql",
};
constexpr std::int64_t kSchemaVersion = static_cast<std::int64_t>(kMigrations.size());

// One SQLite connection; errors become Status values naming the file. Not thread-safe.
class Db {
public:
    Db(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
    ~Db() { sqlite3_close_v2(db_); }
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    const std::string& path() const { return path_; }
    sqlite3* handle() { return db_; }

    Status error(int rc, std::string_view what) const {
        const int primary = rc & 0xFF;
        const std::string detail = sqlite3_extended_errcode(db_) == rc
                                       ? std::string(sqlite3_errmsg(db_))
                                       : std::string(sqlite3_errstr(rc));
        switch (primary) {
            case SQLITE_NOTADB:
                return Status(Code::Corruption, "terminal outbox " + path_ +
                                                    " is not a SQLite database (" + detail + ")");
            case SQLITE_CORRUPT:
                return Status(Code::Corruption, "terminal outbox " + path_ + " is damaged: " +
                                                    std::string(what) + ": " + detail);
            case SQLITE_BUSY:
            case SQLITE_LOCKED:
                return Status(Code::Unavailable, "terminal outbox " + path_ + ": " +
                                                     std::string(what) + ": " + detail +
                                                     " (another process holds the file)");
            case SQLITE_CONSTRAINT:
                return conflict("terminal outbox " + path_ + ": " + std::string(what) + ": " +
                                detail);
            default:
                return io_error("terminal outbox " + path_ + ": " + std::string(what) + ": " +
                                detail);
        }
    }

    Status exec(const char* sql) {
        const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK) return error(rc, sql);
        return Status::ok();
    }

private:
    std::string path_;
    sqlite3* db_;
};

// A statement prepared for one use: values bound, never spliced into the SQL text.
class Stmt {
public:
    Stmt(Db& db, const char* sql) : db_(db) {
        const int rc = sqlite3_prepare_v2(db.handle(), sql, -1, &stmt_, nullptr);
        if (rc != SQLITE_OK) status_ = db.error(rc, std::string("preparing ") + sql);
    }
    ~Stmt() { sqlite3_finalize(stmt_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    Stmt& bind(int index, std::string_view text) {
        if (!status_) return *this;
        const char* data = text.data() != nullptr ? text.data() : "";
        const int rc =
            sqlite3_bind_text64(stmt_, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        if (rc != SQLITE_OK) status_ = db_.error(rc, "binding a value");
        return *this;
    }
    Stmt& bind(int index, std::int64_t value) {
        if (!status_) return *this;
        const int rc = sqlite3_bind_int64(stmt_, index, value);
        if (rc != SQLITE_OK) status_ = db_.error(rc, "binding a value");
        return *this;
    }

    // true: a row is ready; false: done.
    Result<bool> step() {
        if (!status_) return status_;
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        return db_.error(rc, sqlite3_sql(stmt_));
    }
    Status run() {
        for (;;) {
            Result<bool> row = step();
            if (!row) return row.error();
            if (!*row) return Status::ok();
        }
    }
    // Steps once and returns column 0 as an integer (the statement must yield a row).
    Result<std::int64_t> single_int() {
        Result<bool> row = step();
        if (!row) return row.error();
        if (!*row) return db_.error(SQLITE_ERROR, std::string(sqlite3_sql(stmt_)) + ": no row");
        return sqlite3_column_int64(stmt_, 0);
    }

    std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
    std::string text(int column) const {
        const auto* data = sqlite3_column_text(stmt_, column);
        const int size = sqlite3_column_bytes(stmt_, column);
        if (data == nullptr || size <= 0) return {};
        return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    }

private:
    Db& db_;
    sqlite3_stmt* stmt_ = nullptr;
    Status status_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless committed.
class Transaction {
public:
    explicit Transaction(Db& db) : db_(db) { status_ = db_.exec("BEGIN IMMEDIATE"); }
    ~Transaction() {
        if (status_ && !done_) db_.exec("ROLLBACK");
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    const Status& begun() const { return status_; }
    Status commit() {
        Status s = db_.exec("COMMIT");
        if (s) done_ = true;
        return s;
    }

private:
    Db& db_;
    Status status_;
    bool done_ = false;
};

Status migrate_in_transaction(Db& db) {
    Result<std::int64_t> app_id = Stmt(db, "PRAGMA application_id").single_int();
    if (!app_id) return app_id.error();
    Result<std::int64_t> version = Stmt(db, "PRAGMA user_version").single_int();
    if (!version) return version.error();
    Result<std::int64_t> objects = Stmt(db, "SELECT count(*) FROM sqlite_schema").single_int();
    if (!objects) return objects.error();

    const bool fresh = *app_id == 0 && *version == 0 && *objects == 0;
    if (*app_id == kServerApplicationId) {
        return Status(Code::Corruption, "file " + db.path() +
                                            " is a Stampline server database, not a terminal "
                                            "outbox: point the terminal at its own file");
    }
    if (*app_id != kApplicationId && !fresh) {
        char hex[32];
        std::snprintf(hex, sizeof hex, "0x%llX", static_cast<unsigned long long>(*app_id));
        return Status(Code::Corruption, "file " + db.path() +
                                            " is a SQLite database of another application "
                                            "(application_id " +
                                            hex + ", " + std::to_string(*objects) +
                                            " schema objects), not a Stampline terminal outbox");
    }
    if (*version > kSchemaVersion) {
        return invalid("terminal outbox " + db.path() + " has schema version " +
                       std::to_string(*version) + "; this terminal knows up to " +
                       std::to_string(kSchemaVersion) + ": upgrade the terminal");
    }
    if (*version < 0) {
        return Status(Code::Corruption, "terminal outbox " + db.path() + " has schema version " +
                                            std::to_string(*version) + ", which none has");
    }
    for (auto v = *version; v < kSchemaVersion; ++v) {
        if (Status s = db.exec(kMigrations[static_cast<std::size_t>(v)]); !s) {
            return Status(s.code(),
                          "schema migration " + std::to_string(v + 1) + ": " + s.message());
        }
    }
    if (*version != kSchemaVersion || fresh) {
        // PRAGMAs take no bound parameters; these are this build's own integer constants.
        const std::string set = "PRAGMA application_id = " + std::to_string(kApplicationId) +
                                "; PRAGMA user_version = " + std::to_string(kSchemaVersion);
        if (Status s = db.exec(set.c_str()); !s) return s;
    }
    return Status::ok();
}

Status migrate(Db& db) {
    Transaction tx(db);
    if (!tx.begun()) return tx.begun();
    if (Status s = migrate_in_transaction(db); !s) return s;
    return tx.commit();
}

class SqliteOutbox final : public Outbox {
public:
    explicit SqliteOutbox(std::unique_ptr<Db> db) : db_(std::move(db)) {}

    Status append(const Event& event) override {
        if (Status s = validate_event(event); !s) {
            return invalid("event " + to_string(event.id) + " not stored: " + s.message());
        }
        const std::string id = to_string(event.id);
        const std::string text = canonical_event(event);
        std::lock_guard lock(mu_);
        // An id already refused stays on the attention list; it does not go out again.
        Stmt st(*db_,
                "INSERT INTO outbox (id, serial, event) SELECT ?1, ?2, ?3 "
                "WHERE NOT EXISTS (SELECT 1 FROM attention WHERE id = ?1) "
                "ON CONFLICT (id) DO NOTHING");
        return st.bind(1, id).bind(2, event.serial).bind(3, text).run();
    }

    Result<std::vector<Event>> pending(std::size_t limit) override {
        std::lock_guard lock(mu_);
        Stmt st(*db_, "SELECT id, event FROM outbox ORDER BY id LIMIT ?1");
        st.bind(1, static_cast<std::int64_t>(std::min<std::size_t>(limit, kMaxRowsPerRead)));
        return read_events(st);
    }

    Result<std::vector<Event>> pending_for(const std::string& serial) override {
        std::lock_guard lock(mu_);
        Stmt st(*db_, "SELECT id, event FROM outbox WHERE serial = ?1 ORDER BY id");
        st.bind(1, serial);
        return read_events(st);
    }

    Result<int> depth() override {
        std::lock_guard lock(mu_);
        Result<std::int64_t> n = Stmt(*db_, "SELECT count(*) FROM outbox").single_int();
        if (!n) return n.error();
        return static_cast<int>(*n);
    }

    Status acknowledge(std::span<const Uuid> ids) override {
        if (ids.empty()) return Status::ok();
        std::lock_guard lock(mu_);
        Transaction tx(*db_);
        if (!tx.begun()) return tx.begun();
        for (const Uuid& id : ids) {
            Stmt st(*db_, "DELETE FROM outbox WHERE id = ?1");
            if (Status s = st.bind(1, to_string(id)).run(); !s) return s;
        }
        return tx.commit();
    }

    Status refuse(const Uuid& id, const std::string& reason, const std::string& message) override {
        const std::string key = to_string(id);
        std::lock_guard lock(mu_);
        Transaction tx(*db_);
        if (!tx.begun()) return tx.begun();
        std::string serial, text;
        {
            Stmt st(*db_, "SELECT serial, event FROM outbox WHERE id = ?1");
            Result<bool> row = st.bind(1, key).step();
            if (!row) return row.error();
            if (!*row) {
                Stmt seen(*db_, "SELECT count(*) FROM attention WHERE id = ?1");
                Result<std::int64_t> n = seen.bind(1, key).single_int();
                if (!n) return n.error();
                if (*n > 0) return Status::ok();  // refused before (a retry after a crash)
                return not_found("event " + key + " is not in the terminal outbox " + db_->path());
            }
            serial = st.text(0);
            text = st.text(1);
        }
        Result<Event> event = parse_stored_event(text);
        if (!event) return stored_event_error(key, event.error());
        Stmt insert(*db_,
                    "INSERT INTO attention (id, serial, kind, reason, message, event) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        insert.bind(1, key).bind(2, serial).bind(3, event_kind_name(event->kind()));
        if (Status s = insert.bind(4, reason).bind(5, message).bind(6, text).run(); !s) return s;
        Stmt del(*db_, "DELETE FROM outbox WHERE id = ?1");
        if (Status s = del.bind(1, key).run(); !s) return s;
        return tx.commit();
    }

    Result<std::vector<AttentionItem>> attention() override {
        std::lock_guard lock(mu_);
        Stmt st(*db_, "SELECT id, serial, kind, reason, message FROM attention ORDER BY id");
        std::vector<AttentionItem> out;
        for (;;) {
            Result<bool> row = st.step();
            if (!row) return row.error();
            if (!*row) break;
            AttentionItem item;
            Result<Uuid> id = parse_uuid(st.text(0));
            if (!id) return stored_event_error(st.text(0), id.error());
            item.event = *id;
            item.serial = st.text(1);
            item.kind = st.text(2);
            item.reason = st.text(3);
            item.message = st.text(4);
            out.push_back(std::move(item));
        }
        return out;
    }

    Status put_reference(const CachedReference& reference) override {
        std::lock_guard lock(mu_);
        Stmt st(*db_,
                "INSERT INTO reference_cache (slot, body, etag) VALUES (1, ?1, ?2) "
                "ON CONFLICT (slot) DO UPDATE SET body = excluded.body, etag = excluded.etag");
        return st.bind(1, reference.json).bind(2, reference.etag).run();
    }

    Result<std::optional<CachedReference>> reference() override {
        std::lock_guard lock(mu_);
        Stmt st(*db_, "SELECT body, etag FROM reference_cache WHERE slot = 1");
        Result<bool> row = st.step();
        if (!row) return row.error();
        if (!*row) return std::optional<CachedReference>();
        return std::optional<CachedReference>(CachedReference{st.text(0), st.text(1)});
    }

    Status put_trail(const std::string& serial, std::span<const Event> events) override {
        std::string text = "[";
        for (const Event& e : events) {
            if (text.size() > 1) text += ',';
            text += canonical_event(e);
        }
        text += ']';
        std::lock_guard lock(mu_);
        Transaction tx(*db_);
        if (!tx.begun()) return tx.begun();
        Stmt put(*db_,
                 "INSERT INTO trail_cache (serial, events, touched) "
                 "VALUES (?1, ?2, (SELECT coalesce(max(touched), 0) + 1 FROM trail_cache)) "
                 "ON CONFLICT (serial) DO UPDATE SET events = excluded.events, "
                 "touched = excluded.touched");
        if (Status s = put.bind(1, serial).bind(2, text).run(); !s) return s;
        Stmt trim(*db_,
                  "DELETE FROM trail_cache WHERE touched <= "
                  "(SELECT touched FROM trail_cache ORDER BY touched DESC LIMIT 1 OFFSET ?1)");
        if (Status s = trim.bind(1, std::int64_t{kCachedTrails}).run(); !s) return s;
        return tx.commit();
    }

    Result<std::optional<std::vector<Event>>> trail(const std::string& serial) override {
        std::string text;
        {
            std::lock_guard lock(mu_);
            Stmt st(*db_, "SELECT events FROM trail_cache WHERE serial = ?1");
            Result<bool> row = st.bind(1, serial).step();
            if (!row) return row.error();
            if (!*row) return std::optional<std::vector<Event>>();
            text = st.text(0);
        }
        const std::string what = "the cached trail of unit '" + serial + "'";
        const nlohmann::json list = nlohmann::json::parse(text, nullptr, false);
        if (list.is_discarded() || !list.is_array()) {
            return Status(Code::Corruption,
                          "terminal outbox " + db_->path() + ": " + what + " is not a JSON array");
        }
        std::vector<Event> events;
        events.reserve(list.size());
        for (std::size_t i = 0; i < list.size(); ++i) {
            Result<Event> e = event_from_json(list[i]);
            if (!e) {
                return Status(Code::Corruption, "terminal outbox " + db_->path() + ": " + what +
                                                    ", event " + std::to_string(i) + ": " +
                                                    e.error().message());
            }
            events.push_back(std::move(*e));
        }
        return std::optional<std::vector<Event>>(std::move(events));
    }

private:
    Status stored_event_error(const std::string& id, const Status& s) const {
        return Status(Code::Corruption, "terminal outbox " + db_->path() + ": stored event " + id +
                                            " does not parse: " + s.message());
    }

    // Rows of (id, canonical event) into events.
    Result<std::vector<Event>> read_events(Stmt& st) {
        std::vector<Event> out;
        for (;;) {
            Result<bool> row = st.step();
            if (!row) return row.error();
            if (!*row) break;
            Result<Event> e = parse_stored_event(st.text(1));
            if (!e) return stored_event_error(st.text(0), e.error());
            out.push_back(std::move(*e));
        }
        return out;
    }

    std::mutex mu_;
    std::unique_ptr<Db> db_;
};

}  // namespace

Result<std::unique_ptr<Outbox>> Outbox::open(const std::string& path) {
    if (path.empty()) return invalid("the terminal outbox path is empty");
    sqlite3* handle = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (handle == nullptr) {
        return io_error("terminal outbox " + path + ": cannot open: out of memory");
    }
    auto db = std::make_unique<Db>(path, handle);
    if (rc != SQLITE_OK) {
        Status s = db->error(rc, "cannot open");
        return Status(s.code() == Code::Corruption ? Code::Corruption : Code::IOError, s.message());
    }
    sqlite3_extended_result_codes(handle, 1);
    sqlite3_busy_timeout(handle, kBusyTimeoutMs);

    // The first statement reads the file: a file that is not a database fails here.
    {
        Stmt st(*db, "PRAGMA journal_mode = WAL");
        Result<bool> row = st.step();
        if (!row) return row.error();
        const std::string mode = *row ? st.text(0) : "";
        if (mode != "wal") {
            return io_error("terminal outbox " + path +
                            ": cannot switch to WAL journal mode (got '" + mode +
                            "'); is the file on a local file system?");
        }
    }
    // FULL: the WAL is fsynced at every commit, so append() survives power loss once it returns.
    if (Status s = db->exec("PRAGMA synchronous = FULL"); !s) return s;
    if (Status s = migrate(*db); !s) return s;
    return std::unique_ptr<Outbox>(new SqliteOutbox(std::move(db)));
}

}  // namespace stampline::terminal
