// Internal to the SQLite store: the queries and row readers that the write transaction (on
// the writer connection) and the store's reads (on the reader) share.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/sqlite_connection.h"
#include "server/store/store.h"

namespace stampline::server::sqlite {

// Each connection is used by one thread at a time (our own mutexes), so SQLite's own per-call
// connection mutex is not needed.
inline constexpr int kReadOnly = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
inline constexpr int kReadWrite = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

std::span<const std::uint8_t> id_bytes(const Uuid& id);

// A unit's events through its facts (clustered by unit, in seq order; sqlite_facts.h), each then
// read by its seq: the facts are the unit's index into the log.
inline constexpr const char* kTrailSql =
    "SELECT e.seq, e.received_at, e.canonical, e.hash FROM units u JOIN facts f ON f.unit = u.unit "
    "JOIN events e ON e.seq = f.seq WHERE u.serial = ?1 ORDER BY f.seq";

inline constexpr const char* kAllEventsSql =
    "SELECT seq, received_at, canonical, hash FROM events ORDER BY seq";

// The rows of a prepared statement with the columns of kTrailSql, as stored events.
Result<std::vector<StoredEvent>> read_events(Connection& db, Statement& st);
// The events selected by sql (columns as kTrailSql; serial bound to ?1 when given).
Result<std::vector<StoredEvent>> query_events(Connection& db, const char* sql,
                                              std::optional<std::string_view> serial);
Result<std::vector<StoredEvent>> query_trail(Connection& db, std::string_view serial);
Result<std::optional<EventAnswer>> query_answer(Connection& db, const Uuid& id);

Result<StampRecord> stamp_row(const Connection& db, const Statement& st);
Result<std::optional<StampRecord>> query_stamp(Connection& db, std::string_view id);
Result<TokenRecord> token_row(const Connection& db, const Statement& st);
QuarantineEntry quarantine_row(const Statement& st, const Uuid& id);

// Every row of sql, each made a T by row_fn (a Result<T>).
template <typename T, typename RowFn>
Result<std::vector<T>> collect(Connection& db, const char* sql, RowFn row_fn) {
    Result<Statement> st = db.prepare(sql);
    if (!st) return st.error();
    std::vector<T> out;
    for (;;) {
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (!*row) return out;
        Result<T> value = row_fn(*st);
        if (!value) return value.error();
        out.push_back(std::move(value).value());
    }
}

// The single integer sql returns; Corruption when it returns no row.
Result<std::int64_t> query_int(Connection& db, const char* sql);

// The last record of the chain: what the next append links to.
struct ChainHead {
    std::int64_t seq = 0;  // 0: the log is empty
    std::string hash;      // "" when empty
};

Result<ChainHead> query_head(Connection& db);

// The corrective-action log entries of action_id ("": all), in seq order.
Result<std::vector<CorrectiveActionEntry>> query_corrective_entries(Connection& db,
                                                                    std::string_view action_id);
// The procedure audits on serial and stamp ("" = any), in id order.
Result<std::vector<ProcedureAudit>> query_procedure_audits(Connection& db, std::string_view serial,
                                                           std::string_view stamp);

}  // namespace stampline::server::sqlite
