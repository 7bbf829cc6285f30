// `stampline store copy` (store_copy.h): verify the source, copy in one transaction, verify the
// target and compare the heads.
#include "server/service/store_copy.h"

#include <memory>
#include <optional>
#include <utility>

#include "server/store/pg/pg_import.h"
#include "server/store/pg/pg_store.h"
#include "server/store/sqlite_export.h"
#include "shared/hash_chain.h"

namespace stampline::server {

namespace {

// Forwards every row to the import, checking on the way, in the snapshot actually copied, that
// the event and complaint chains link (the file was verified before, but a server may have
// written since) and keeping the head.
class CheckingSink final : public PlantRecordSink {
public:
    explicit CheckingSink(PlantImport& out) : out_(out) {}

    Status event(const EventRow& row) override {
        if (row.seq != head_seq_ + 1)
            return Status(Code::Corruption, "source event log: seq " + std::to_string(row.seq) +
                                                " follows seq " + std::to_string(head_seq_));
        if (chain_hash(head_hash_, row.canonical) != row.hash)
            return Status(Code::Corruption,
                          "source event chain broken at seq " + std::to_string(row.seq));
        head_seq_ = row.seq;
        head_hash_ = row.hash;
        return out_.event(row);
    }
    Status quarantined(std::int64_t n, const QuarantineEntry& entry) override {
        if (!entry.resolved) ++unresolved_;
        return out_.quarantined(n, entry);
    }
    Status id_conflict(std::int64_t n, const IdConflict& c) override {
        return out_.id_conflict(n, c);
    }
    Status stamp(const StampRow& row) override { return out_.stamp(row); }
    Status token(const TokenRow& row) override { return out_.token(row); }
    Status corrective_action(const CorrectiveActionEntry& e) override {
        return out_.corrective_action(e);
    }
    Status procedure_audit(const ProcedureAudit& a) override { return out_.procedure_audit(a); }
    Status complaint(const ComplaintEntry& e) override {
        if (chain_hash(complaint_hash_, complaint_entry_text(e)) != e.hash)
            return Status(Code::Corruption, "source complaint log broken at entry " +
                                                std::to_string(e.seq) + " (" + e.complaint_id +
                                                ", " + e.kind + ")");
        complaint_hash_ = e.hash;
        return out_.complaint(e);
    }
    Status crm_delivery(const CrmDelivery& d) override { return out_.crm_delivery(d); }

    std::int64_t head_seq() const { return head_seq_; }
    const std::string& head_hash() const { return head_hash_; }
    std::int64_t unresolved() const { return unresolved_; }

private:
    PlantImport& out_;
    std::int64_t head_seq_ = 0;
    std::string head_hash_;
    std::string complaint_hash_;
    std::int64_t unresolved_ = 0;
};

Status differs(const std::string& what, std::int64_t source, std::int64_t target) {
    if (source == target) return Status::ok();
    return Status(Code::Corruption, "the copy does not match its source: " + what + " " +
                                        std::to_string(source) + " in the file, " +
                                        std::to_string(target) + " in PostgreSQL");
}

// Opens the written plant as a Store and checks its chains, head and counts.
Status verify_target(const RecordTarget& to, const StoreCopyReport& r) {
    Result<std::unique_ptr<Store>> opened = open_pg_store({.conninfo = to.where.target,
                                                           .password = to.password,
                                                           .plant = to.plant_code,
                                                           .create_if_missing = false});
    if (!opened) return opened.error();
    Store& store = **opened;
    Result<std::optional<ChainBreak>> broken = store.verify_chain();
    if (!broken) return broken.error();
    if (*broken)
        return Status(Code::Corruption, "the copy's event chain is broken at seq " +
                                            std::to_string((*broken)->index + 1));
    Result<std::optional<ChainBreak>> complaints = store.verify_complaint_chain();
    if (!complaints) return complaints.error();
    if (*complaints)
        return Status(Code::Corruption, "the copy's complaint log is broken at entry " +
                                            std::to_string((*complaints)->index + 1));
    Result<StoreCounts> c = store.counts();
    if (!c) return c.error();
    if (c->events != r.head_seq || c->head_hash != r.head_hash)
        return Status(Code::Corruption, "the copy's head " + std::to_string(c->events) + ":" +
                                            c->head_hash + " is not the source's " +
                                            std::to_string(r.head_seq) + ":" + r.head_hash);
    const PlantRecordCounts& n = r.copied;
    if (Status s =
            differs("unresolved quarantined events", r.unresolved_quarantine, c->quarantined);
        !s)
        return s;
    if (Status s = differs("id conflicts", n.id_conflicts, c->id_conflicts); !s) return s;
    if (Status s = differs("stamps", n.stamps, c->stamps); !s) return s;
    if (Status s = differs("tokens", n.tokens, c->tokens); !s) return s;
    Result<std::vector<QuarantineEntry>> quarantine = store.quarantine_entries(true);
    if (!quarantine) return quarantine.error();
    if (Status s = differs("quarantined events", n.quarantine,
                           static_cast<std::int64_t>(quarantine->size()));
        !s)
        return s;
    Result<std::vector<CorrectiveActionEntry>> actions = store.corrective_action_entries("");
    if (!actions) return actions.error();
    if (Status s = differs("corrective-action entries", n.corrective_actions,
                           static_cast<std::int64_t>(actions->size()));
        !s)
        return s;
    Result<std::vector<ProcedureAudit>> audits = store.procedure_audits("", "");
    if (!audits) return audits.error();
    if (Status s = differs("procedure audits", n.procedure_audits,
                           static_cast<std::int64_t>(audits->size()));
        !s)
        return s;
    Result<std::vector<ComplaintEntry>> complaint_log = store.complaint_entries("");
    if (!complaint_log) return complaint_log.error();
    if (Status s = differs("complaint entries", n.complaints,
                           static_cast<std::int64_t>(complaint_log->size()));
        !s)
        return s;
    Result<std::vector<CrmDelivery>> crm = store.crm_deliveries();
    if (!crm) return crm.error();
    return differs("CRM deliveries", n.crm_deliveries, static_cast<std::int64_t>(crm->size()));
}

Status with_context(const Status& s, const std::string& context) {
    return Status(s.code(), context + s.message());
}

}  // namespace

Result<StoreCopyReport> copy_sqlite_to_postgresql(const RecordTarget& from,
                                                  const RecordTarget& to) {
    if (from.where.kind != StoreKind::Sqlite)
        return invalid("the source must be a SQLite file (--from sqlite:FILE), not " +
                       describe(from.where));
    if (to.where.kind != StoreKind::Postgresql)
        return invalid(
            "the target must be a PostgreSQL database (--to postgresql:CONNINFO), "
            "not " +
            describe(to.where));
    if (to.plant_code.empty())
        return invalid("the file does not record its plant's code: say which (--plant-code)");
    const std::string& path = from.where.target;

    Result<VerifyReport> source = verify_database(path);
    if (!source) return source.error();
    if (source->broken)
        return Status(Code::Corruption, "refusing to copy " + path +
                                            ": its event chain is broken at seq " +
                                            std::to_string(source->broken->index + 1));
    if (!source->complaints_broken.empty())
        return Status(Code::Corruption,
                      "refusing to copy " + path + ": its " + source->complaints_broken);

    const std::string target_name = "plant " + to.plant_code + " in " + describe(to.where);
    Result<std::unique_ptr<PlantImport>> import = begin_pg_import({.conninfo = to.where.target,
                                                                   .password = to.password,
                                                                   .plant = to.plant_code,
                                                                   .create_if_missing = true});
    if (!import) return with_context(import.error(), "cannot copy to " + target_name + ": ");
    CheckingSink sink(**import);
    Result<PlantRecordCounts> copied = sqlite::export_record(path, sink);
    if (!copied) return with_context(copied.error(), "nothing was copied to " + target_name + ": ");
    if (Status s = (*import)->commit(); !s) return with_context(s, target_name + ": ");
    import->reset();

    StoreCopyReport report;
    report.copied = *copied;
    report.unresolved_quarantine = sink.unresolved();
    report.head_seq = sink.head_seq();
    report.head_hash = sink.head_hash();
    if (Status s = verify_target(to, report); !s)
        return with_context(s, "copied to " + target_name + ", but ");
    return report;
}

std::string store_copy_summary(const StoreCopyReport& r) {
    const PlantRecordCounts& n = r.copied;
    std::string out =
        "copied " + std::to_string(n.events) + " events, " + std::to_string(n.quarantine) +
        " quarantined (" + std::to_string(r.unresolved_quarantine) + " unresolved), " +
        std::to_string(n.id_conflicts) + " id conflicts, " + std::to_string(n.stamps) +
        " stamps, " + std::to_string(n.tokens) + " tokens, " +
        std::to_string(n.corrective_actions) + " corrective-action entries, " +
        std::to_string(n.procedure_audits) + " procedure audits, " + std::to_string(n.complaints) +
        " complaint entries, " + std::to_string(n.crm_deliveries) + " CRM deliveries; ";
    if (r.head_seq == 0)
        out += "no events on either side\n";
    else
        out += "head " + std::to_string(r.head_seq) + ":" + r.head_hash + " on both sides\n";
    return out;
}

}  // namespace stampline::server
