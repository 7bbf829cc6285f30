#include "server/service/procedure_audits.h"

#include <algorithm>

#include "shared/identity.h"
#include "shared/printable.h"

namespace stampline::server {

namespace {

// UTF-8 characters in text (the JSON reader has already refused invalid UTF-8).
std::size_t characters(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool blank(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

Status validate_procedure_audit(const NewProcedureAudit& audit) {
    AuditResult result;
    if (!parse_audit_result(audit.result, &result))
        return invalid("result: must be pass or finding, not '" + printable_clipped(audit.result) +
                       "'");
    if (audit.serial.empty() && audit.stamp.empty())
        return invalid("serial: name the audited unit (serial), stamp holder (stamp) or both");
    if (!audit.serial.empty())
        if (Status s = check_identity(IdentityKind::Serial, "serial", audit.serial); !s) return s;
    if (!audit.stamp.empty())
        if (Status s = check_identity(IdentityKind::Stamp, "stamp", audit.stamp); !s) return s;
    if (result == AuditResult::Finding && blank(audit.text))
        return invalid("text: a finding needs its text");
    if (characters(audit.text) > kMaxAuditTextChars)
        return invalid("text: longer than " + std::to_string(kMaxAuditTextChars) + " characters");
    return Status::ok();
}

Result<ProcedureAudit> record_procedure_audit(Store& store, const Clock& clock,
                                              const NewProcedureAudit& audit,
                                              std::string_view actor) {
    if (Status s = validate_procedure_audit(audit); !s) return s;
    ProcedureAudit stored;
    stored.serial = audit.serial;
    stored.stamp = audit.stamp;
    parse_audit_result(audit.result, &stored.result);
    stored.text = audit.text;
    stored.actor = std::string(actor);
    stored.recorded_at = clock.now();
    Status s = store.write([&](WriteTxn& txn) -> Status {
        if (!stored.serial.empty()) {
            Result<std::vector<Event>> events = txn.unit_events(stored.serial);
            if (!events) return events.error();
            if (events->empty())
                return not_found("serial: no identification sheet was issued for unit '" +
                                 printable_clipped(stored.serial) + "'");
        }
        if (!stored.stamp.empty()) {
            Result<std::optional<StampRecord>> stamp = txn.find_stamp(stored.stamp);
            if (!stamp) return stamp.error();
            if (!stamp->has_value())
                return not_found("stamp: no stamp '" + printable_clipped(stored.stamp) +
                                 "' in the registry");
        }
        Result<std::int64_t> id = txn.append_procedure_audit(stored);
        if (!id) return id.error();
        stored.id = *id;
        return Status::ok();
    });
    if (!s) return s;
    return stored;
}

}  // namespace stampline::server
