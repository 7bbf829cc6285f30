// libpq behind pg_connection.h: connecting with the store's session settings, prepared
// statements by SQL text, results as Rows, and SQLSTATEs as Status codes.
#include "server/store/pg/pg_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <utility>

namespace stampline::server::pg {

namespace {

PGconn* pq(ConnHandle* conn) {
    return reinterpret_cast<PGconn*>(conn);
}
PGresult* pq(ResultHandle* result) {
    return reinterpret_cast<PGresult*>(result);
}

// The settings every session of the store runs with (PostgreSQL takes no parameters in SET).
// synchronous_commit=on: COMMIT returns once the WAL is flushed (write() promises durability);
// lock_timeout: a writer waits this long for the plant's lock before failing with Unavailable;
// idle_in_transaction_session_timeout: a hung writer cannot hold the plant's lock for ever.
constexpr const char* kSessionSql =
    "SET synchronous_commit = on; SET lock_timeout = '5s'; "
    "SET idle_in_transaction_session_timeout = '30s'; SET search_path = stampline";

Code code_of_sqlstate(std::string_view state) {
    if (state == "23505" || state == "23514") return Code::Conflict;
    if (state == "55P03" || state == "40P01" || state.starts_with("57P") || state.starts_with("08"))
        return Code::Unavailable;
    if (state == "22021" || state == "22P05") return Code::InvalidArgument;
    return Code::IOError;
}

// The first line of a statement, shortened: what a message says was being done.
std::string clipped_sql(std::string_view sql) {
    while (!sql.empty() && (sql.front() == '\n' || sql.front() == ' ')) sql.remove_prefix(1);
    std::string_view line = sql.substr(0, sql.find('\n'));
    constexpr std::size_t kMax = 72;
    if (line.size() > kMax) return std::string(line.substr(0, kMax)) + "...";
    return std::string(line);
}

std::string trimmed(const char* text) {
    std::string out = text != nullptr ? text : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

Status check_conninfo(const std::string& conninfo) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (options == nullptr) {
        std::string why = error != nullptr ? trimmed(error) : "out of memory";
        PQfreemem(error);
        return invalid("the PostgreSQL connection string does not parse: " + why);
    }
    bool has_password = false;
    for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o)
        if (std::string_view(o->keyword) == "password" && o->val != nullptr && *o->val != '\0')
            has_password = true;
    PQconninfoFree(options);
    if (has_password)
        return invalid(
            "the PostgreSQL connection string holds a password: give it in a password file "
            "(or PGPASSWORD / ~/.pgpass) instead, so that it appears in no config or log");
    return Status::ok();
}

void ignore_notice(void*, const char*) {}

}  // namespace

// ---- Params ----

Params& Params::text(std::string_view value) {
    if (nul_param_ == 0 && value.find('\0') != std::string_view::npos)
        nul_param_ = values_.size() + 1;
    values_.emplace_back(value);
    nulls_.push_back(0);
    return *this;
}

Params& Params::int64(std::int64_t value) {
    values_.push_back(std::to_string(value));
    nulls_.push_back(0);
    return *this;
}

Params& Params::boolean(bool value) {
    values_.emplace_back(value ? "t" : "f");
    nulls_.push_back(0);
    return *this;
}

Params& Params::uuid(const Uuid& id) {
    values_.push_back(to_string(id));
    nulls_.push_back(0);
    return *this;
}

Params& Params::null() {
    values_.emplace_back();
    nulls_.push_back(1);
    return *this;
}

// ---- Rows ----

Rows::Rows(Rows&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}

Rows::~Rows() {
    if (result_ != nullptr) PQclear(pq(result_));
}

int Rows::size() const {
    return PQntuples(pq(result_));
}

bool Rows::is_null(int row, int column) const {
    return PQgetisnull(pq(result_), row, column) != 0;
}

std::string_view Rows::text(int row, int column) const {
    const char* value = PQgetvalue(pq(result_), row, column);
    if (value == nullptr) return {};
    return {value, static_cast<std::size_t>(PQgetlength(pq(result_), row, column))};
}

std::int64_t Rows::int64(int row, int column) const {
    const std::string_view t = text(row, column);
    std::int64_t value = 0;
    std::from_chars(t.data(), t.data() + t.size(), value);
    return value;
}

bool Rows::boolean(int row, int column) const {
    return text(row, column) == "t";
}

std::int64_t Rows::affected() const {
    const char* tuples = PQcmdTuples(pq(result_));
    std::int64_t value = 0;
    if (tuples != nullptr)
        std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), value);
    return value;
}

// ---- Connection ----

Result<std::unique_ptr<Connection>> Connection::open(const ConnectOptions& options) {
    if (Status s = check_conninfo(options.conninfo); !s) return s;
    // Later keywords override those of the expanded conninfo: the encoding is always ours.
    const char* keys[] = {"fallback_application_name", "dbname", "client_encoding",
                          options.password.empty() ? nullptr : "password", nullptr};
    const char* values[] = {"stampline", options.conninfo.c_str(), "UTF8", options.password.c_str(),
                            nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (conn == nullptr) return Status(Code::Unavailable, "PostgreSQL: out of memory connecting");
    if (PQstatus(conn) != CONNECTION_OK) {
        const bool needs_password = PQconnectionNeedsPassword(conn) != 0;
        std::string why = trimmed(PQerrorMessage(conn));
        PQfinish(conn);
        const std::string where = "cannot connect to PostgreSQL (" + options.conninfo + "): ";
        if (needs_password)
            return Status(Code::PermissionDenied,
                          where + why + " (give the password in the password file)");
        return Status(Code::Unavailable, where + why);
    }
    PQsetNoticeProcessor(conn, ignore_notice, nullptr);
    std::unique_ptr<Connection> out(
        new Connection(reinterpret_cast<ConnHandle*>(conn), "database " + std::string(PQdb(conn))));
    if (Status s = out->set_session(); !s) return s;
    return out;
}

Connection::~Connection() {
    PQfinish(pq(conn_));
}

Status Connection::set_session() {
    return exec(kSessionSql);
}

namespace {

Status nul_error(const std::string& name, const char* sql, const Params& params) {
    return invalid(name + ": value $" + std::to_string(params.nul_param()) + " of '" +
                   clipped_sql(sql) + "' holds a NUL character, which PostgreSQL cannot store");
}

std::vector<const char*> values_of(const Params& params) {
    std::vector<const char*> values(params.size());
    for (std::size_t i = 0; i < params.size(); ++i)
        values[i] = params.is_null(i) ? nullptr : params.value(i).c_str();
    return values;
}

}  // namespace

// The prepared statement of sql, prepared now when new (outside pipeline mode: the caller has
// read every sent result first).
const std::string& Connection::statement(const char* sql, Status* error) {
    static const std::string kNone;
    auto it = prepared_.find(std::string_view(sql));
    if (it != prepared_.end()) return it->second;
    std::string name = "stl_" + std::to_string(prepared_.size() + 1);
    PGresult* made = PQprepare(pq(conn_), name.c_str(), sql, 0, nullptr);
    *error = result_status(reinterpret_cast<ResultHandle*>(made), sql);
    PQclear(made);
    if (!*error) return kNone;
    return prepared_.emplace(sql, std::move(name)).first->second;
}

Result<Rows> Connection::query(const char* sql, const Params& params) {
    if (params.nul_param() != 0) return failed(nul_error(name_, sql, params));
    if (!sent_.empty() && prepared_.find(std::string_view(sql)) == prepared_.end())
        if (Status s = flush(); !s) return s;
    Status prepared;
    const std::string& name = statement(sql, &prepared);
    if (!prepared) return prepared;
    const std::vector<const char*> values = values_of(params);
    if (sent_.empty()) {
        PGresult* result = PQexecPrepared(pq(conn_), name.c_str(), static_cast<int>(values.size()),
                                          values.data(), nullptr, nullptr, 0);
        Rows rows(reinterpret_cast<ResultHandle*>(result));
        if (Status s = result_status(rows.result_, sql); !s) return s;
        return rows;
    }
    // In the pipeline behind what was sent: one round trip reads their results and this one's.
    if (PQsendQueryPrepared(pq(conn_), name.c_str(), static_cast<int>(values.size()), values.data(),
                            nullptr, nullptr, 0) == 0)
        return failed(error(clipped_sql(sql)));
    const Sent self{sql, -1, ""};
    sent_.push_back(self);
    if (PQpipelineSync(pq(conn_)) == 0) {
        sent_.clear();
        return failed(error(clipped_sql(sql)));
    }
    ResultHandle* last = nullptr;
    const Status first = collect(&last);
    Rows rows(last);
    if (!first) return first;
    if (Status s = sent_result(last, self); !s) return s;
    return rows;
}

Status Connection::send(const char* sql, const Params& params, std::int64_t rows,
                        std::string mismatch) {
    if (params.nul_param() != 0) return failed(nul_error(name_, sql, params));
    if (!sent_.empty() && prepared_.find(std::string_view(sql)) == prepared_.end())
        if (Status s = flush(); !s) return s;
    Status prepared;
    const std::string& name = statement(sql, &prepared);
    if (!prepared) return prepared;
    if (sent_.empty() && PQpipelineStatus(pq(conn_)) == PQ_PIPELINE_OFF &&
        PQenterPipelineMode(pq(conn_)) == 0)
        return failed(error(clipped_sql(sql)));
    const std::vector<const char*> values = values_of(params);
    if (PQsendQueryPrepared(pq(conn_), name.c_str(), static_cast<int>(values.size()), values.data(),
                            nullptr, nullptr, 0) == 0) {
        Status s = failed(error(clipped_sql(sql)));
        if (sent_.empty()) PQexitPipelineMode(pq(conn_));
        return s;
    }
    sent_.push_back({sql, rows, std::move(mismatch)});
    return Status::ok();
}

Status Connection::flush() {
    if (sent_.empty()) return Status::ok();
    if (PQpipelineSync(pq(conn_)) == 0) {
        sent_.clear();
        return failed(error("sending the pipeline"));
    }
    return collect();
}

// The Status of a result read from the pipeline: a statement skipped because an earlier one
// failed, an error, or a write that touched another number of rows than it should.
Status Connection::sent_result(ResultHandle* handle, const Sent& sent) {
    if (PQresultStatus(pq(handle)) == PGRES_PIPELINE_ABORTED)
        return Status(Code::IOError, name_ + ": " + clipped_sql(sent.sql) +
                                         ": not run: an earlier statement of the pipeline failed");
    if (Status s = result_status(handle, sent.sql); !s) return s;
    if (sent.rows >= 0 && PQcmdTuples(pq(handle)) != std::to_string(sent.rows))
        return failed(Status(Code::Conflict, name_ + ": " + sent.mismatch));
    return Status::ok();
}

// After PQpipelineSync: reads the results of sent_ in order (the first error is returned), then
// the sync's, and leaves pipeline mode. With last, the last statement's result is not checked
// but handed over (the caller owns it).
Status Connection::collect(ResultHandle** last) {
    Status first;
    for (std::size_t i = 0; i < sent_.size(); ++i) {
        PGresult* r = PQgetResult(pq(conn_));
        if (r == nullptr) {  // no result where one is due: the connection failed
            Status lost = failed(error(clipped_sql(sent_[i].sql)));
            sent_.clear();
            return first ? lost : first;
        }
        if (last != nullptr && i + 1 == sent_.size()) {
            *last = reinterpret_cast<ResultHandle*>(r);
        } else {
            const Status s = sent_result(reinterpret_cast<ResultHandle*>(r), sent_[i]);
            PQclear(r);
            if (first && !s) first = s;
        }
        for (PGresult* end; (end = PQgetResult(pq(conn_))) != nullptr;) PQclear(end);
    }
    sent_.clear();
    for (PGresult* r; (r = PQgetResult(pq(conn_))) != nullptr;) {
        const bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync) break;
    }
    if (PQexitPipelineMode(pq(conn_)) == 0 && first) return failed(error("leaving the pipeline"));
    return first;
}

Status Connection::exec(const char* sql) {
    if (Status s = flush(); !s) return s;
    PGresult* result = PQexec(pq(conn_), sql);
    Status s = result_status(reinterpret_cast<ResultHandle*>(result), sql);
    PQclear(result);
    return s;
}

Status Connection::ensure_open() {
    if (PQstatus(pq(conn_)) == CONNECTION_OK) return Status::ok();
    PQreset(pq(conn_));
    prepared_.clear();  // they went with the old session
    sent_.clear();
    if (PQstatus(pq(conn_)) != CONNECTION_OK) {
        return Status(Code::Unavailable, name_ + ": the connection was lost and cannot be made " +
                                             "again: " + trimmed(PQerrorMessage(pq(conn_))));
    }
    return set_session();
}

bool Connection::broken() const {
    return PQstatus(pq(conn_)) != CONNECTION_OK;
}

bool Connection::in_transaction() const {
    const PGTransactionStatusType t = PQtransactionStatus(pq(conn_));
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

bool Connection::in_failed_transaction() const {
    return PQtransactionStatus(pq(conn_)) == PQTRANS_INERROR;
}

Status Connection::error(std::string_view what) const {
    const bool lost = broken();
    std::string message =
        name_ + ": " + std::string(what) + ": " + trimmed(PQerrorMessage(pq(conn_)));
    if (lost) message += " (the connection to the server was lost; try again)";
    return Status(lost ? Code::Unavailable : Code::IOError, std::move(message));
}

Status Connection::failed(Status error) {
    last_error_ = error;
    return error;
}

Status Connection::result_status(ResultHandle* handle, std::string_view what) {
    const PGresult* result = pq(handle);
    if (result == nullptr) return failed(error(clipped_sql(what)));
    switch (PQresultStatus(result)) {
        case PGRES_COMMAND_OK:
        case PGRES_TUPLES_OK:
        case PGRES_EMPTY_QUERY: return Status::ok();
        default: break;
    }
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    if (state == nullptr) return failed(error(clipped_sql(what)));  // libpq's own: the link
    const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
    std::string message =
        name_ + ": " + clipped_sql(what) + ": " +
        (primary != nullptr ? trimmed(primary) : trimmed(PQresultErrorMessage(result)));
    if (detail != nullptr) message += " (" + trimmed(detail) + ")";
    message += " [SQLSTATE " + std::string(state) + "]";
    const Code code = code_of_sqlstate(state);
    if (std::string_view(state) == "55P03")
        message += " (another writer holds the lock; try again)";
    else if (code == Code::Unavailable)
        message += " (the server is unavailable; try again)";
    // 25P02 ("the transaction is aborted") follows the error that aborted it: that one is kept.
    if (std::string_view(state) == "25P02") return Status(code, std::move(message));
    return failed(Status(code, std::move(message)));
}

}  // namespace stampline::server::pg
