// Internal to the PostgreSQL store: its WriteTxn (store.h), the writes of one write() call of
// one plant, on the writer connection inside the group's transaction (its savepoint), under the
// plant's advisory lock.
//
// No call continues after a statement of its own failed (PostgreSQL would refuse every later
// statement of the transaction, 25P02): expected refusals are found by a look-up first or by
// ON CONFLICT DO NOTHING and the rows it touched; a failing statement's error is returned.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/pg/pg_connection.h"
#include "server/store/pg/pg_rows.h"
#include "server/store/store.h"

namespace stampline::server::pg {

class PgTxn final : public WriteTxn {
public:
    // Appends link to head, which the transaction advances.
    PgTxn(Connection& db, const PlantRef& plant, ChainHead head)
        : db_(db), plant_(plant), head_(std::move(head)) {}

    const ChainHead& head() const { return head_; }

    Result<std::optional<EventAnswer>> find_answer(const Uuid& id) override;
    Result<std::vector<Event>> unit_events(std::string_view serial) override;
    Result<std::int64_t> unit_last_seq(std::string_view serial) override;
    Result<std::optional<StampRecord>> find_stamp(std::string_view id) override;
    Result<EventAnswer> append(const Event& event, std::string_view canonical,
                               Timestamp received_at) override;
    Result<std::optional<std::string>> known_text(const Uuid& id) override;
    Status record_id_conflict(const IdConflict& conflict) override;
    Result<EventAnswer> quarantine(const Event& event, std::string_view station,
                                   Timestamp received_at, const Decision& decision) override;
    Status put_stamp(const StampRecord& stamp) override;
    Status put_token(std::string_view secret_hash, const TokenRecord& token) override;
    Status revoke_token(std::string_view token_id) override;
    Status resolve_quarantine(const Uuid& id, std::string_view resolution,
                              std::string_view by) override;
    Result<EventAnswer> accept_quarantined(const Event& event, std::string_view canonical,
                                           Timestamp received_at, std::string_view resolution,
                                           std::string_view by) override;
    Result<std::vector<CorrectiveActionEntry>> corrective_action_entries(
        std::string_view action_id) override;
    Result<std::int64_t> append_corrective_action_entry(
        const CorrectiveActionEntry& entry) override;
    Result<std::int64_t> append_procedure_audit(const ProcedureAudit& audit) override;
    Result<std::vector<ComplaintEntry>> complaint_entries(std::string_view complaint_id) override;
    Result<std::int64_t> append_complaint_entry(const ComplaintEntry& entry) override;
    Status append_crm_delivery(const CrmDelivery& delivery) override;
    Status keep_figures(std::string_view key, const KeptFigures& figures) override;

private:
    Result<EventAnswer> insert_event(const Event& event, std::string_view canonical,
                                     Timestamp received_at);
    // Conflict naming the answer the id already has; `otherwise` when it has none.
    Status check_new_id(const Uuid& id, Status otherwise = Status::ok());
    // check_new_id's Conflict when select_sql ($1 plant, $2 id) finds a row. Not looked up when
    // find_answer has just found the id in neither table: nothing was appended since.
    Status check_absent(const char* select_sql, const Uuid& id);

    Connection& db_;
    const PlantRef& plant_;
    ChainHead head_;
    std::optional<Uuid> known_absent_;  // find_answer's last miss, until the next append
};

}  // namespace stampline::server::pg
