// A plant's whole record as rows, the way `stampline store copy` moves it from one store to
// another: every number (seq, n, id), hash and stored text as the source holds it, so that the
// chains and review-pack anchors hold on the other side. A source streams the rows into a
// PlantRecordSink (sqlite_export.h); the sink decides how to keep them (pg/pg_import.h).
//
// Left out on purpose: the analyses' facts and units (rebuilt from the events by the target's
// append path) and kept figures (derived, never part of the record: store.h).
#pragma once

#include <cstdint>
#include <string>

#include "server/store/store.h"
#include "shared/status.h"

namespace stampline::server {

// An accepted event as the log holds it: the canonical text the chain hashes and its hash.
// Its id, unit, kind and the other indexed columns are read from the canonical text.
struct EventRow {
    std::int64_t seq = 0;
    Timestamp received_at;
    std::string canonical;
    std::string hash;
};

// A stamp as stored, its texts untouched (stages: a JSON array; status, attestation_due as kept).
struct StampRow {
    std::string id;
    std::string holder;
    std::string stages;
    std::string status;
    std::string attestation_due;
    std::int64_t badge_issue = 0;
    std::string pin_hash;
};

// An access token as stored: the hash of its secret (so that the secret keeps working) and its
// record, the role as its stored name.
struct TokenRow {
    std::string secret_hash;
    std::string id;
    std::string role;
    std::string station;
    std::string label;
    Timestamp created_at;
    bool revoked = false;
};

// Receives one plant's record, table by table; each table's rows in their order (events by seq,
// the quarantine in the order refused, id conflicts by n, the logs by seq, audits by id, CRM
// deliveries by n). An error returned stops the source, which returns it.
class PlantRecordSink {
public:
    virtual ~PlantRecordSink() = default;
    virtual Status event(const EventRow& row) = 0;
    // n: 1, 2, 3, ... in the order refused. accepted_seq is not read (the log holds it).
    virtual Status quarantined(std::int64_t n, const QuarantineEntry& entry) = 0;
    virtual Status id_conflict(std::int64_t n, const IdConflict& conflict) = 0;
    virtual Status stamp(const StampRow& row) = 0;
    virtual Status token(const TokenRow& row) = 0;
    virtual Status corrective_action(const CorrectiveActionEntry& entry) = 0;
    virtual Status procedure_audit(const ProcedureAudit& audit) = 0;
    virtual Status complaint(const ComplaintEntry& entry) = 0;
    virtual Status crm_delivery(const CrmDelivery& delivery) = 0;
};

// How many rows of each table a record holds (or a copy moved).
struct PlantRecordCounts {
    std::int64_t events = 0;
    std::int64_t quarantine = 0;
    std::int64_t id_conflicts = 0;
    std::int64_t stamps = 0;
    std::int64_t tokens = 0;
    std::int64_t corrective_actions = 0;
    std::int64_t procedure_audits = 0;
    std::int64_t complaints = 0;
    std::int64_t crm_deliveries = 0;
    bool operator==(const PlantRecordCounts&) const = default;
};

}  // namespace stampline::server
