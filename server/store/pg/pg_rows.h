// Internal to the PostgreSQL store: the queries and row readers that the write transaction (on
// the writer connection) and the store's reads (on a reader) share. Every one is of one plant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/pg/pg_connection.h"
#include "server/store/store.h"

namespace stampline::server::pg {

// The plant a handle serves: its row id (every statement's $1) and its code (for messages).
struct PlantRef {
    std::int64_t id = 0;
    std::string code;
};

// Corruption naming the database and the plant.
Status corruption(const Connection& db, const PlantRef& plant, const std::string& what);

// A uuid column; Corruption naming table when it is not one.
Result<Uuid> uuid_column(const Connection& db, const PlantRef& plant, const Rows& rows, int row,
                         int column, std::string_view table);

// The event of a stored canonical text; Corruption naming seq when it does not parse.
Result<Event> decode_event(const Connection& db, const PlantRef& plant, std::int64_t seq,
                           std::string_view canonical);

// A unit's events through its facts (in seq order), each then read by its seq. $1 plant, $2
// serial. Columns: seq, received_at, canonical, hash.
inline constexpr const char* kTrailSql =
    "SELECT e.seq, e.received_at, e.canonical, e.hash FROM units u "
    "JOIN facts f ON f.unit = u.unit JOIN events e ON e.plant = u.plant AND e.seq = f.seq "
    "WHERE u.plant = $1 AND u.serial = $2 ORDER BY f.seq";

// The plant's events with seq > $2, in seq order, at most $3 (columns as kTrailSql).
inline constexpr const char* kEventsAfterSql =
    "SELECT seq, received_at, canonical, hash FROM events WHERE plant = $1 AND seq > $2 "
    "ORDER BY seq LIMIT $3";

// Appends the stored events of rows (columns as kTrailSql) to out.
Status read_events(const Connection& db, const PlantRef& plant, const Rows& rows,
                   std::vector<StoredEvent>& out);
Result<std::vector<StoredEvent>> query_trail(Connection& db, const PlantRef& plant,
                                             std::string_view serial);
// Every event of the plant in seq order, read in batches.
Result<std::vector<StoredEvent>> query_all_events(Connection& db, const PlantRef& plant);
Result<std::optional<EventAnswer>> query_answer(Connection& db, const PlantRef& plant,
                                                const Uuid& id);

// The last record of the chain: what the next append links to.
struct ChainHead {
    std::int64_t seq = 0;  // 0: the log is empty
    std::string hash;      // "" when empty
};
Result<ChainHead> query_head(Connection& db, const PlantRef& plant);

// The single integer sql ($1 = plant) returns.
Result<std::int64_t> query_int(Connection& db, const PlantRef& plant, const char* sql);

// Stamp rows: id, holder, stages, status, attestation_due, badge_issue, pin_hash.
Result<StampRecord> stamp_row(const Connection& db, const PlantRef& plant, const Rows& rows,
                              int row);
Result<std::optional<StampRecord>> query_stamp(Connection& db, const PlantRef& plant,
                                               std::string_view id);
Result<std::vector<StampRecord>> query_stamps(Connection& db, const PlantRef& plant);

// Token rows: id, role, station, label, created_at, revoked.
Result<std::optional<TokenRecord>> query_token(Connection& db, const PlantRef& plant,
                                               std::string_view secret_hash);
Result<std::vector<TokenRecord>> query_tokens(Connection& db, const PlantRef& plant);

Result<std::vector<QuarantineEntry>> query_quarantine(Connection& db, const PlantRef& plant,
                                                      bool include_resolved);
Result<std::vector<IdConflict>> query_id_conflicts(Connection& db, const PlantRef& plant);

// The corrective-action log entries of action_id ("": all), in seq order.
Result<std::vector<CorrectiveActionEntry>> query_corrective_entries(Connection& db,
                                                                    const PlantRef& plant,
                                                                    std::string_view action_id);
// The procedure audits on serial and stamp ("" = any), in id order.
Result<std::vector<ProcedureAudit>> query_procedure_audits(Connection& db, const PlantRef& plant,
                                                           std::string_view serial,
                                                           std::string_view stamp);
Result<std::optional<KeptFigures>> query_kept_figures(Connection& db, const PlantRef& plant,
                                                      std::string_view key);

}  // namespace stampline::server::pg
