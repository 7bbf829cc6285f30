// Internal to the SQLite store: the complaint log table (migration 5) — append with its hash
// chain, read, verify — and the CRM delivery log (migration 6).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "server/store/sqlite_connection.h"
#include "server/store/store.h"

namespace stampline::server::sqlite {

// Inside the caller's write transaction. Conflict for a second "registered" of one id.
Result<std::int64_t> append_complaint_entry(Connection& db, const ComplaintEntry& entry);
// The entries of complaint_id ("": all), in seq order.
Result<std::vector<ComplaintEntry>> query_complaint_entries(Connection& db,
                                                            std::string_view complaint_id);
// The first entry whose hash does not match its text and the previous hash; nullopt when none.
Result<std::optional<ChainBreak>> verify_complaint_log(Connection& db);

Status append_crm_delivery(Connection& db, const CrmDelivery& delivery);
Result<std::vector<CrmDelivery>> query_crm_deliveries(Connection& db);

}  // namespace stampline::server::sqlite
