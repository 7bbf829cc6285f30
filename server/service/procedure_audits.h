// Procedure audits: an auditor checks that the procedure was followed on a unit, or by a stamp
// holder (or by a holder on one unit), and records a pass or a finding with its text. The audit
// joins the unit's trail and the stamp's oversight figures. Kept append-only in the store
// (ProcedureAudit): an audit is never changed or removed; a correction is a new audit.
//
// Errors, the field named first in the message ("text: ..."):
//   InvalidArgument  result not "pass" or "finding"; neither serial nor stamp; a finding without
//                    text; text longer than kMaxAuditTextChars characters
//   NotFound         serial: no sheet was issued for that unit; stamp: not in the registry
#pragma once

#include <string>
#include <string_view>

#include "server/store/store.h"
#include "shared/time.h"

namespace stampline::server {

inline constexpr std::size_t kMaxAuditTextChars = 2000;  // Unicode characters, not bytes

struct NewProcedureAudit {
    std::string serial;  // the audited unit, or ""
    std::string stamp;   // the audited stamp holder's stamp id, or ""
    std::string result;  // "pass" | "finding"
    std::string text;    // required for a finding; an optional note for a pass
};

// The checks that need no store.
Status validate_procedure_audit(const NewProcedureAudit& audit);

// Checks the audit, that its unit and stamp exist, and appends it at clock.now() with `actor`
// (e.g. "auditor:t-3f9a2c"). Returns the audit as stored, its id assigned.
Result<ProcedureAudit> record_procedure_audit(Store& store, const Clock& clock,
                                              const NewProcedureAudit& audit,
                                              std::string_view actor);

}  // namespace stampline::server
