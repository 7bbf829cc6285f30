// Internal to the PostgreSQL store (included only by server/store/pg/*.cpp): one libpq
// connection and its results as RAII objects, with PostgreSQL's errors turned into Status values
// that name the database. libpq's own types stay in pg_connection.cpp.
//
// Values are always sent as parameters ($1, $2, ...), never spliced into SQL text. Statements
// run through query() are prepared once per connection and reused.
//
// Error codes by SQLSTATE: 23505 (unique) and 23514 (check) -> Conflict; 55P03 (lock timeout),
// 40P01 (deadlock), 57P0x (shutdown) and 08xxx or a lost connection -> Unavailable; 22021 (bad
// UTF-8) and 22P05 (untranslatable) -> InvalidArgument; any other -> IOError.
//
// Not thread-safe: one thread uses a Connection at a time (the owner's mutex or lease).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/status.h"
#include "shared/text_map.h"
#include "shared/uuid.h"

namespace stampline::server::pg {

// Opaque stand-ins for libpq's PGconn and PGresult (cast back only in pg_connection.cpp).
struct ConnHandle;
struct ResultHandle;

struct ConnectOptions {
    std::string conninfo;  // libpq connection string or URI; a password in it is refused
    std::string password;  // "" = libpq's own (PGPASSWORD, the password file)
};

// The values of $1, $2, ... in order, sent in libpq's text format.
class Params {
public:
    Params& text(std::string_view value);
    Params& int64(std::int64_t value);
    Params& boolean(bool value);
    Params& uuid(const Uuid& id);
    Params& null();

    std::size_t size() const { return values_.size(); }
    const std::string& value(std::size_t i) const { return values_[i]; }
    bool is_null(std::size_t i) const { return nulls_[i] != 0; }
    // The first text value holding a NUL character (PostgreSQL text cannot), 1-based; 0: none.
    std::size_t nul_param() const { return nul_param_; }

private:
    std::vector<std::string> values_;
    std::vector<char> nulls_;
    std::size_t nul_param_ = 0;
};

// The rows of one statement. Row and column indexes from 0.
class Rows {
public:
    Rows(Rows&& other) noexcept;
    Rows& operator=(Rows&&) = delete;
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;
    ~Rows();

    int size() const;
    bool is_null(int row, int column) const;
    std::string_view text(int row, int column) const;  // "" for NULL
    std::string str(int row, int column) const { return std::string(text(row, column)); }
    std::int64_t int64(int row, int column) const;  // 0 for NULL
    bool boolean(int row, int column) const;        // false for NULL
    // The rows an INSERT, UPDATE or DELETE touched.
    std::int64_t affected() const;

private:
    friend class Connection;
    explicit Rows(ResultHandle* result) : result_(result) {}
    ResultHandle* result_;
};

class Connection {
public:
    // Connects and sets this store's session settings (synchronous_commit=on, lock_timeout=5s,
    // idle_in_transaction_session_timeout=30s, search_path=stampline, UTF8). InvalidArgument
    // for a conninfo that does not parse or holds a password; Unavailable when the server cannot
    // be reached; PermissionDenied when it wants a password none was given for.
    static Result<std::unique_ptr<Connection>> open(const ConnectOptions& options);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs one statement of fixed SQL text (a literal) with params; prepared once, then reused.
    Result<Rows> query(const char* sql, const Params& params = Params());
    // Runs fixed SQL without values (BEGIN, COMMIT, SAVEPOINT, DDL); several statements allowed.
    // Reads what send() left first; when that fails, its error is returned and sql is not run.
    Status exec(const char* sql);

    // Sends one statement of fixed SQL text without waiting for its result (libpq's pipeline
    // mode), for a write whose rows are not needed back: it travels with the next query(), whose
    // round trip reads its result too, or with flush(). A result that is an error, or that
    // touched another number of rows than `rows` (Conflict: `mismatch`), is the error of that
    // next query() or flush(), which then reads nothing else. The caller must flush() before
    // ending its transaction or savepoint.
    Status send(const char* sql, const Params& params, std::int64_t rows, std::string mismatch);
    // Reads the results of every statement sent and not yet read: the first error among them.
    Status flush();

    // Reconnects when the connection was lost (its prepared statements go with it and are
    // prepared again on use). Unavailable when the server cannot be reached.
    Status ensure_open();
    bool broken() const;
    bool in_transaction() const;         // inside BEGIN ... COMMIT (aborted or not)
    bool in_failed_transaction() const;  // an error aborted the transaction (25P02 until rollback)

    // "database <dbname>", for messages.
    const std::string& name() const { return name_; }
    // The Status for a failure of `what`, from the last error on this connection.
    Status error(std::string_view what) const;
    // The last statement error on this connection (ok when none yet), not counting the 25P02s
    // of an aborted transaction: after one, the error that aborted it.
    const Status& last_error() const { return last_error_; }

private:
    Connection(ConnHandle* conn, std::string name) : conn_(conn), name_(std::move(name)) {}
    Status set_session();
    Status result_status(ResultHandle* result, std::string_view what);
    Status failed(Status error);  // keeps error as last_error_, returns it
    const std::string& statement(const char* sql, Status* error);  // prepared name; "" on error
    struct Sent {
        const char* sql;
        std::int64_t rows;  // the rows it must touch; -1: any
        std::string mismatch;
    };
    Status sent_result(ResultHandle* result, const Sent& sent);
    Status collect(ResultHandle** last = nullptr);

    ConnHandle* conn_;
    std::string name_;
    TextMap<std::string> prepared_;  // SQL text -> prepared statement name
    std::vector<Sent> sent_;         // sent in pipeline mode, results not read yet
    Status last_error_;
};

}  // namespace stampline::server::pg
