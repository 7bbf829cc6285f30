// Internal to the SQLite store (included only by server/store/sqlite_*.cpp): one SQLite
// connection and its prepared statements as RAII objects, with SQLite's errors turned into
// Status values that name the database file.
//
// Not thread-safe: the owner guards each Connection with its own mutex.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "shared/status.h"
#include "shared/text_map.h"

namespace stampline::server::sqlite {

class Connection;

// A prepared statement, borrowed from the connection's cache (or owned when the cached one is
// already in use). Values are always bound, never spliced into SQL text. On destruction the
// statement is reset and its bindings cleared. Bind and column indexes: bind from 1, columns
// from 0, as in SQLite.
class Statement {
public:
    Statement(Connection& db, sqlite3_stmt* stmt, bool* busy_flag);
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // A bind error is kept and returned by the next step()/run().
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind_blob(int index, std::span<const std::uint8_t> bytes);

    // true when a row is ready, false when the statement is done; an error Status otherwise.
    Result<bool> step();
    // Steps to the end, for statements that return no rows.
    Status run();
    // Makes the statement ready to bind and step again (it keeps its bindings until rebound).
    void reset();

    std::int64_t int64(int column) const;
    std::string text(int column) const;  // "" for NULL
    // The same without a copy, valid until the next step(), reset() or column call on it.
    std::string_view text_view(int column) const;
    std::span<const std::uint8_t> blob(int column) const;

private:
    Connection* db_;
    sqlite3_stmt* stmt_;
    bool* busy_flag_;  // the cache entry's "in use" flag; nullptr when this object owns stmt_
    Status bind_error_;
};

class Connection {
public:
    // Opens path with SQLite's flags (SQLITE_OPEN_READONLY or READWRITE [| CREATE]); sets
    // extended result codes and busy_timeout_ms. Errors name the path.
    static Result<std::unique_ptr<Connection>> open(const std::string& path, int flags,
                                                    int busy_timeout_ms);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // A statement for fixed SQL text (a literal); prepared once, then reused.
    Result<Statement> prepare(const char* sql);
    // Runs fixed SQL without values (BEGIN, COMMIT, PRAGMA, DDL).
    Status exec(const char* sql);

    // The Status for SQLite result code rc, naming the database and what was being done:
    // Corruption for a damaged or foreign file, Unavailable when locked, Conflict for a
    // constraint, IOError otherwise.
    Status error(int rc, std::string_view what) const;

    const std::string& path() const { return path_; }
    sqlite3* handle() { return db_; }

private:
    Connection(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}

    struct Cached {
        sqlite3_stmt* stmt = nullptr;
        bool busy = false;
    };

    std::string path_;
    sqlite3* db_;
    TextMap<Cached> cache_;  // by SQL text (prepare runs several times per event)
};

}  // namespace stampline::server::sqlite
