// Customer complaints (обращения), handled by the service department in three steps
// (shared/complaint_rules.h): registration, investigation by a service engineer (its decision:
// is the claim justified, and for a product fault the production stage it originated at, found
// from the unit's trail), and the claims commission chaired by the head of service (the
// measures for this customer and the corrective actions against a repeat). Every notice sent to
// the customer is recorded. Deadlines follow from the reason (plant complaint_reasons).
//
// Kept as an append-only, hash-chained log in the store (ComplaintEntry); a complaint is its
// "registered" entry folded with its later entries:
//   registered     {reason, product_type, serials, lifecycle_stage, damage_cents, customer
//                   {organisation, site, contact}, channel, description}
//   investigation  {engineer}                      registered -> investigation
//   decision       {justified, findings, conclusions [{department, text}], origin_stage,
//                   nc_code, field_ncs [{serial, nc, origin_stamp}]}
//                                                  investigation -> commission
//                  A justified product fault becomes a field NC on each unit (field_escapes.h),
//                  appended to the event log in the same transaction.
//   closed         {chair, members, measures, corrective_actions}   commission -> closed
//   withdrawn      {note}                          any open step -> withdrawn
//   notice         {channel, text}                 a notice sent to the customer (any open step)
//   attachment     {name, sha256, note}            a document by reference (any open step): the
//                                                  file stays where it is; its hash proves which
// Errors: InvalidArgument naming the field first ("reason: ..."), NotFound for an unknown id,
// Conflict for a step not allowed now.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/service/field_escapes.h"
#include "server/store/store.h"
#include "shared/complaint_rules.h"
#include "shared/plant.h"

namespace stampline::server {

// How a complaint comes in, and how a notice goes out.
inline constexpr const char* kComplaintChannels[] = {"letter", "phone", "email", "portal", "visit"};

struct Customer {
    std::string organisation;
    std::string site;
    std::string contact;
};

struct NewComplaint {
    std::string reason;                // a plant complaint reason
    std::string product_type;          // a plant product type
    std::vector<std::string> serials;  // the units, each registered in the log; at least one
    std::string lifecycle_stage;       // a plant lifecycle stage
    std::int64_t damage_cents = 0;     // the damage claimed, in kopecks (>= 0)
    Customer customer;                 // organisation required
    std::string channel;               // how it came in: letter, phone, email, portal, visit
    std::string description;           // what the customer reports; required
};

struct DepartmentConclusion {
    std::string department;  // design, production, procurement, ...
    std::string text;
};

struct ComplaintDecision {
    Justified justified = Justified::No;
    std::string findings;  // what the investigation established; required
    std::vector<DepartmentConclusion> conclusions;
    // Required when the claim is justified (yes or partly) and its reason is a product fault: a
    // stage on the unit's route; "" otherwise.
    std::string origin_stage;
    // With an origin stage: the NC catalog code the field NC is recorded under (required then).
    std::string nc_code;
    std::vector<FieldEscape> field_ncs;  // recorded by the decision, one per unit
};

struct CommissionProtocol {
    std::string chair;                            // the head of the service department; required
    std::vector<std::string> members;             // "name (department)"
    std::string measures;                         // what is done for this customer; required
    std::vector<std::string> corrective_actions;  // ids of existing corrective actions
};

struct ComplaintNotice {
    Timestamp at;
    std::string by;
    std::string channel;
    std::string text;
};

// A document by reference: its file name and SHA-256; the file itself is kept elsewhere.
struct ComplaintAttachment {
    Timestamp at;
    std::string by;
    std::string name;    // a file name, no folder
    std::string sha256;  // 64 lowercase hex digits
    std::string note;
};

struct ComplaintStep {
    ComplaintStatus to = ComplaintStatus::Registered;
    Timestamp at;
    std::string by;
};

struct Complaint {
    std::string id;  // "CL-YYYY-NNN": the plant's year of registration and its number in it
    NewComplaint registration;
    Timestamp registered_at;
    std::string registered_by;
    ComplaintStatus status = ComplaintStatus::Registered;
    ComplaintDeadlines deadlines;
    std::string engineer;  // from the investigation step
    std::optional<ComplaintDecision> decision;
    std::optional<CommissionProtocol> commission;
    std::string withdrawal_note;
    std::vector<ComplaintNotice> notices;          // in order
    std::vector<ComplaintAttachment> attachments;  // in order
    std::vector<ComplaintStep> history;            // every change of status, in order

    // When the first notice was sent; nullopt before one.
    std::optional<Timestamp> first_answer_at() const;
    // When it was closed or withdrawn; nullopt while open.
    std::optional<Timestamp> resolved_at() const;
    // The first answer (resolution) not given by its deadline, at `now`: still missing after
    // the deadline, or given after it.
    bool first_answer_overdue(Timestamp now) const;
    bool resolution_overdue(Timestamp now) const;
};

Result<Complaint> register_complaint(Store& store, const Plant& plant, const Clock& clock,
                                     const NewComplaint& complaint, std::string_view by);
Result<Complaint> start_investigation(Store& store, const Plant& plant, const Clock& clock,
                                      std::string_view id, std::string_view engineer,
                                      std::string_view by);
Result<Complaint> decide_complaint(Store& store, const Plant& plant, const Clock& clock,
                                   UuidV7Generator& ids, std::string_view id,
                                   const ComplaintDecision& decision, std::string_view by);
Result<Complaint> close_complaint(Store& store, const Plant& plant, const Clock& clock,
                                  std::string_view id, const CommissionProtocol& protocol,
                                  std::string_view by);
Result<Complaint> withdraw_complaint(Store& store, const Plant& plant, const Clock& clock,
                                     std::string_view id, std::string_view note,
                                     std::string_view by);
Result<Complaint> record_notice(Store& store, const Plant& plant, const Clock& clock,
                                std::string_view id, std::string_view channel,
                                std::string_view text, std::string_view by);
// a.name, a.sha256 and a.note are recorded; at and by come from the clock and `by`.
Result<Complaint> record_attachment(Store& store, const Clock& clock, std::string_view id,
                                    const ComplaintAttachment& a, std::string_view by);
// NotFound for an unknown id.
Result<Complaint> complaint(Store& store, const Plant& plant, std::string_view id);
// The complaint as it stood right after its log entry `seq`.
Result<Complaint> complaint_after(Store& store, std::string_view id, std::int64_t seq);
// Every complaint, in the order registered.
Result<std::vector<Complaint>> complaints(Store& store, const Plant& plant);

// Which complaints a list shows (the API's and the register page's); "" matches any value.
struct ComplaintFilter {
    std::string reason;
    std::string product_type;
    std::string lifecycle_stage;
    std::string status;  // complaint_status_name
    std::string customer;
    // The API's CRM reads its own customer's: the organisation exactly. A person searching the
    // register types part of the name.
    bool customer_part = false;
    bool matches(const Complaint& c) const;
};

}  // namespace stampline::server
