#include "server/store/sqlite_complaint_log.h"

#include "shared/printable.h"

namespace stampline::server::sqlite {

namespace {

Result<std::vector<ComplaintEntry>> read_entries(Statement& st) {
    std::vector<ComplaintEntry> out;
    for (;;) {
        Result<bool> row = st.step();
        if (!row) return row.error();
        if (!*row) return out;
        out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), Timestamp{st.int64(4)},
                       st.text(5), st.text(6)});
    }
}

}  // namespace

Result<std::int64_t> append_complaint_entry(Connection& db, const ComplaintEntry& entry) {
    if (entry.kind == "registered") {
        Result<Statement> seen = db.prepare(
            "SELECT 1 FROM complaint_log WHERE complaint_id = ?1 AND kind = 'registered'");
        if (!seen) return seen.error();
        Result<bool> row = seen->bind(1, entry.complaint_id).step();
        if (!row) return row.error();
        if (*row)
            return conflict("complaint " + printable_clipped(entry.complaint_id) +
                            " is already registered");
    }
    Result<Statement> head =
        db.prepare("SELECT seq, hash FROM complaint_log ORDER BY seq DESC LIMIT 1");
    if (!head) return head.error();
    Result<bool> row = head->step();
    if (!row) return row.error();
    const std::int64_t seq = *row ? head->int64(0) + 1 : 1;
    const std::string previous = *row ? head->text(1) : "";
    Result<Statement> insert = db.prepare(
        "INSERT INTO complaint_log (seq, complaint_id, kind, body, recorded_at, recorded_by, "
        "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert) return insert.error();
    if (Status s = insert->bind(1, seq)
                       .bind(2, entry.complaint_id)
                       .bind(3, entry.kind)
                       .bind(4, entry.body)
                       .bind(5, entry.at.ms)
                       .bind(6, entry.by)
                       .bind(7, chain_hash(previous, complaint_entry_text(entry)))
                       .run();
        !s)
        return s;
    return seq;
}

Result<std::vector<ComplaintEntry>> query_complaint_entries(Connection& db,
                                                            std::string_view complaint_id) {
    Result<Statement> st = db.prepare(
        "SELECT seq, complaint_id, kind, body, recorded_at, recorded_by, hash FROM complaint_log "
        "WHERE ?1 = '' OR complaint_id = ?1 ORDER BY seq");
    if (!st) return st.error();
    st->bind(1, complaint_id);
    return read_entries(*st);
}

Result<std::optional<ChainBreak>> verify_complaint_log(Connection& db) {
    Result<std::vector<ComplaintEntry>> entries = query_complaint_entries(db, "");
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

Status append_crm_delivery(Connection& db, const CrmDelivery& d) {
    Result<Statement> insert = db.prepare(
        "INSERT INTO crm_deliveries (entry_seq, attempt, at, delivered, detail) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!insert) return insert.error();
    return insert->bind(1, d.entry_seq)
        .bind(2, std::int64_t{d.attempt})
        .bind(3, d.at.ms)
        .bind(4, std::int64_t{d.delivered ? 1 : 0})
        .bind(5, d.detail)
        .run();
}

Result<std::vector<CrmDelivery>> query_crm_deliveries(Connection& db) {
    Result<Statement> st = db.prepare(
        "SELECT n, entry_seq, attempt, at, delivered, detail FROM crm_deliveries ORDER BY n");
    if (!st) return st.error();
    std::vector<CrmDelivery> out;
    for (;;) {
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (!*row) return out;
        out.push_back({st->int64(0), st->int64(1), static_cast<int>(st->int64(2)),
                       Timestamp{st->int64(3)}, st->int64(4) == 1, st->text(5)});
    }
}

}  // namespace stampline::server::sqlite
