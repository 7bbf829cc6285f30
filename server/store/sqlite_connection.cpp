#include "server/store/sqlite_connection.h"

#include <utility>

namespace stampline::server::sqlite {

Statement::Statement(Connection& db, sqlite3_stmt* stmt, bool* busy_flag)
    : db_(&db), stmt_(stmt), busy_flag_(busy_flag) {}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      busy_flag_(std::exchange(other.busy_flag_, nullptr)),
      bind_error_(std::move(other.bind_error_)) {}

Statement::~Statement() {
    if (stmt_ == nullptr) return;
    if (busy_flag_ == nullptr) {
        sqlite3_finalize(stmt_);
        return;
    }
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *busy_flag_ = false;
}

Statement& Statement::bind(int index, std::string_view text) {
    // A null pointer would bind SQL NULL; an empty string must stay an empty string.
    const char* data = text.data() != nullptr ? text.data() : "";
    const int rc =
        sqlite3_bind_text64(stmt_, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK && bind_error_.is_ok()) bind_error_ = db_->error(rc, "binding a value");
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK && bind_error_.is_ok()) bind_error_ = db_->error(rc, "binding a value");
    return *this;
}

Statement& Statement::bind_blob(int index, std::span<const std::uint8_t> bytes) {
    static const std::uint8_t kEmpty = 0;
    const void* data = bytes.data() != nullptr ? bytes.data() : &kEmpty;
    const int rc = sqlite3_bind_blob64(stmt_, index, data, bytes.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK && bind_error_.is_ok()) bind_error_ = db_->error(rc, "binding a value");
    return *this;
}

void Statement::reset() {
    sqlite3_reset(stmt_);
}

Result<bool> Statement::step() {
    if (!bind_error_.is_ok()) return bind_error_;
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return db_->error(rc, sqlite3_sql(stmt_));
}

Status Statement::run() {
    for (;;) {
        Result<bool> row = step();
        if (!row) return row.error();
        if (!*row) return Status::ok();
    }
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

std::string Statement::text(int column) const {
    return std::string(text_view(column));
}

std::string_view Statement::text_view(int column) const {
    const auto* data = sqlite3_column_text(stmt_, column);
    const int size = sqlite3_column_bytes(stmt_, column);
    if (data == nullptr || size <= 0) return {};
    return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)};
}

std::span<const std::uint8_t> Statement::blob(int column) const {
    const void* data = sqlite3_column_blob(stmt_, column);
    const int size = sqlite3_column_bytes(stmt_, column);
    if (data == nullptr || size <= 0) return {};
    return {static_cast<const std::uint8_t*>(data), static_cast<std::size_t>(size)};
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, int flags,
                                                     int busy_timeout_ms) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    // Even on failure SQLite usually hands back a handle (for its message); the Connection owns
    // and closes it either way.
    std::unique_ptr<Connection> conn(new Connection(path, db));
    if (db == nullptr)
        return Status(Code::IOError, "database " + path + ": cannot open: out of memory");
    if (rc != SQLITE_OK) return conn->error(rc, "cannot open");
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, busy_timeout_ms);
    return conn;
}

Connection::~Connection() {
    for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
    sqlite3_close_v2(db_);
}

Result<Statement> Connection::prepare(const char* sql) {
    auto it = cache_.find(std::string_view(sql));
    const bool inserted = it == cache_.end();
    if (inserted) it = cache_.emplace(sql, Cached{}).first;
    Cached& cached = it->second;
    if (!inserted && !cached.busy) {
        cached.busy = true;
        return Statement(*this, cached.stmt, &cached.busy);
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, sql, -1, inserted ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        if (inserted) cache_.erase(it);
        return error(rc, std::string("preparing ") + sql);
    }
    if (!inserted) return Statement(*this, stmt, nullptr);  // the cached one is in use: own this
    cached.stmt = stmt;
    cached.busy = true;
    return Statement(*this, stmt, &cached.busy);
}

Status Connection::exec(const char* sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    sqlite3_free(message);  // the connection's errmsg says the same
    if (rc != SQLITE_OK) return error(rc, sql);
    return Status::ok();
}

Status Connection::error(int rc, std::string_view what) const {
    const int primary = rc & 0xFF;
    Code code = Code::IOError;
    switch (primary) {
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: code = Code::Corruption; break;
        case SQLITE_BUSY:
        case SQLITE_LOCKED: code = Code::Unavailable; break;
        case SQLITE_CONSTRAINT: code = Code::Conflict; break;
        default: break;
    }
    // The handle's message belongs to the last failing call; fall back to the code's text.
    std::string detail = db_ != nullptr && sqlite3_extended_errcode(db_) == rc ? sqlite3_errmsg(db_)
                                                                               : sqlite3_errstr(rc);
    if (primary == SQLITE_NOTADB) {
        return Status(code, "database " + path_ + " is not a SQLite database (" + detail + ")");
    }
    std::string message = "database " + path_ + ": " + std::string(what) + ": " + detail;
    if (primary == SQLITE_BUSY) message += " (another process holds the database; try again)";
    return Status(code, std::move(message));
}

}  // namespace stampline::server::sqlite
