// The names of store.h's enums as they appear on the wire, in the database and in the CLI.
#include "server/store/store.h"

namespace stampline::server {

const char* verdict_name(Verdict v) {
    switch (v) {
        case Verdict::Accepted: return "accepted";
        case Verdict::Refused: return "refused";
    }
    return "refused";
}

const char* role_name(Role r) {
    switch (r) {
        case Role::Terminal: return "terminal";
        case Role::Auditor: return "auditor";
        case Role::Admin: return "admin";
        case Role::Service: return "service";
    }
    return "terminal";
}

bool parse_role(std::string_view text, Role* out) {
    for (Role r : {Role::Terminal, Role::Auditor, Role::Admin, Role::Service}) {
        if (text == role_name(r)) {
            *out = r;
            return true;
        }
    }
    return false;
}

const char* audit_result_name(AuditResult r) {
    switch (r) {
        case AuditResult::Pass: return "pass";
        case AuditResult::Finding: return "finding";
    }
    return "finding";
}

std::string complaint_entry_text(const ComplaintEntry& e) {
    return e.complaint_id + "\n" + e.kind + "\n" + std::to_string(e.at.ms) + "\n" + e.by + "\n" +
           e.body;
}

bool parse_audit_result(std::string_view text, AuditResult* out) {
    for (AuditResult r : {AuditResult::Pass, AuditResult::Finding}) {
        if (text == audit_result_name(r)) {
            *out = r;
            return true;
        }
    }
    return false;
}

}  // namespace stampline::server
