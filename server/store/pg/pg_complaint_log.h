// Internal to the PostgreSQL store: one plant's complaint log (append with its hash chain, read,
// verify) and its CRM delivery log.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "server/store/pg/pg_connection.h"
#include "server/store/pg/pg_rows.h"
#include "server/store/store.h"

namespace stampline::server::pg {

// Inside the caller's write transaction, under the plant's lock. Conflict for a second
// "registered" of one complaint id.
Result<std::int64_t> append_complaint_entry(Connection& db, const PlantRef& plant,
                                            const ComplaintEntry& entry);
// The entries of complaint_id ("": all), in seq order.
Result<std::vector<ComplaintEntry>> query_complaint_entries(Connection& db, const PlantRef& plant,
                                                            std::string_view complaint_id);
// The first entry whose hash does not match its text and the previous hash; nullopt when none.
Result<std::optional<ChainBreak>> verify_complaint_log(Connection& db, const PlantRef& plant);

Status append_crm_delivery(Connection& db, const PlantRef& plant, const CrmDelivery& delivery);
Result<std::vector<CrmDelivery>> query_crm_deliveries(Connection& db, const PlantRef& plant);

}  // namespace stampline::server::pg
