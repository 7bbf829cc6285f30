// The PostgreSQL complaint log and CRM delivery log of one plant (pg_complaint_log.h).
#include "server/store/pg/pg_complaint_log.h"

#include "shared/hash_chain.h"
#include "shared/printable.h"

namespace stampline::server::pg {

Result<std::int64_t> append_complaint_entry(Connection& db, const PlantRef& plant,
                                            const ComplaintEntry& entry) {
    if (entry.kind == "registered") {
        Result<Rows> seen = db.query(
            "SELECT 1 FROM complaint_log WHERE plant = $1 AND complaint_id = $2 "
            "AND kind = 'registered'",
            Params().int64(plant.id).text(entry.complaint_id));
        if (!seen) return seen.error();
        if (seen->size() > 0)
            return conflict("complaint " + printable_clipped(entry.complaint_id) +
                            " is already registered");
    }
    Result<Rows> head =
        db.query("SELECT seq, hash FROM complaint_log WHERE plant = $1 ORDER BY seq DESC LIMIT 1",
                 Params().int64(plant.id));
    if (!head) return head.error();
    const bool first = head->size() == 0;
    const std::int64_t seq = first ? 1 : head->int64(0, 0) + 1;
    const std::string previous = first ? "" : head->str(0, 1);
    Result<Rows> inserted = db.query(
        "INSERT INTO complaint_log (plant, seq, complaint_id, kind, body, recorded_at, "
        "recorded_by, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        Params()
            .int64(plant.id)
            .int64(seq)
            .text(entry.complaint_id)
            .text(entry.kind)
            .text(entry.body)
            .int64(entry.at.ms)
            .text(entry.by)
            .text(chain_hash(previous, complaint_entry_text(entry))));
    if (!inserted) return inserted.error();
    return seq;
}

Result<std::vector<ComplaintEntry>> query_complaint_entries(Connection& db, const PlantRef& plant,
                                                            std::string_view complaint_id) {
    Result<Rows> rows = db.query(
        "SELECT seq, complaint_id, kind, body, recorded_at, recorded_by, hash FROM complaint_log "
        "WHERE plant = $1 AND ($2::text = '' OR complaint_id = $2::text) ORDER BY seq",
        Params().int64(plant.id).text(complaint_id));
    if (!rows) return rows.error();
    std::vector<ComplaintEntry> out;
    for (int r = 0; r < rows->size(); ++r) {
        out.push_back({rows->int64(r, 0), rows->str(r, 1), rows->str(r, 2), rows->str(r, 3),
                       Timestamp{rows->int64(r, 4)}, rows->str(r, 5), rows->str(r, 6)});
    }
    return out;
}

Result<std::optional<ChainBreak>> verify_complaint_log(Connection& db, const PlantRef& plant) {
    Result<std::vector<ComplaintEntry>> entries = query_complaint_entries(db, plant, "");
    if (!entries) return entries.error();
    std::string previous;
    for (const ComplaintEntry& e : *entries) {
        std::string expected = chain_hash(previous, complaint_entry_text(e));
        if (expected != e.hash)
            return std::optional<ChainBreak>(
                ChainBreak{static_cast<std::size_t>(e.seq - 1), std::move(expected), e.hash});
        previous = e.hash;
    }
    return std::optional<ChainBreak>();
}

Status append_crm_delivery(Connection& db, const PlantRef& plant, const CrmDelivery& d) {
    Result<Rows> inserted = db.query(
        "INSERT INTO crm_deliveries (plant, n, entry_seq, attempt, at, delivered, detail) "
        "SELECT $1::integer, coalesce(max(n), 0) + 1, $2::bigint, $3::integer, $4::bigint, "
        "$5::boolean, $6::text FROM crm_deliveries WHERE plant = $1::integer",
        Params()
            .int64(plant.id)
            .int64(d.entry_seq)
            .int64(d.attempt)
            .int64(d.at.ms)
            .boolean(d.delivered)
            .text(d.detail));
    return inserted.status();
}

Result<std::vector<CrmDelivery>> query_crm_deliveries(Connection& db, const PlantRef& plant) {
    Result<Rows> rows = db.query(
        "SELECT n, entry_seq, attempt, at, delivered, detail FROM crm_deliveries "
        "WHERE plant = $1 ORDER BY n",
        Params().int64(plant.id));
    if (!rows) return rows.error();
    std::vector<CrmDelivery> out;
    for (int r = 0; r < rows->size(); ++r) {
        out.push_back({rows->int64(r, 0), rows->int64(r, 1), static_cast<int>(rows->int64(r, 2)),
                       Timestamp{rows->int64(r, 3)}, rows->boolean(r, 4), rows->str(r, 5)});
    }
    return out;
}

}  // namespace stampline::server::pg
