// Oversight of the self-control right: what each personal stamp signed in a period, how many
// nonconformances later got past it, what procedure audits of its holder found, and when its
// holder is due for attestation.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "server/analytics/analytics_query.h"
#include "shared/stamp.h"

namespace stampline::server::analytics {

struct StampOversight {
    std::string stamp;
    std::string holder;  // "" for a stamp seen in events but absent from the registry
    StampStatus status = StampStatus::Active;
    bool registered = true;
    Date attestation_due;
    int days_to_attestation = 0;  // from `today`; negative when overdue
    int acceptances = 0;          // passed control points signed in the period
    int sign_offs = 0;            // stage sign-offs signed in the period
    // Escapes past the stamp: NCs raised in the period (code filter applies) whose stage of
    // origin this stamp signed off on that unit, raised after that sign-off.
    int escapes = 0;
    int field_escapes = 0;  // of the escapes, those found in the field after delivery
    std::int64_t escaped_quantity = 0;
    // Procedure audits on this stamp holder recorded in the period (server time), and of them
    // the findings. The stage, product and code filters do not apply to audits.
    int audits = 0;
    int findings = 0;
};

// One row per registry stamp by id, then stamps seen in events or audits only, by id.
// query.stage, when set, restricts the acts and escapes counted to that stage.
std::vector<StampOversight> stamp_oversight(const Plant& plant, std::span<const StampRecord> stamps,
                                            std::span<const UnitEvents> units, const Query& query,
                                            Date today,
                                            std::span<const ProcedureAudit> audits = {});
// The same over derived views (analytics_query.h).
std::vector<StampOversight> stamp_oversight(const Plant& plant, std::span<const StampRecord> stamps,
                                            std::span<const UnitView> units, const Query& query,
                                            Date today,
                                            std::span<const ProcedureAudit> audits = {});

struct AttestationDue {
    std::string stamp;
    std::string holder;
    StampStatus status = StampStatus::Active;
    Date attestation_due;
    int days_left = 0;  // negative when overdue
};

// The stamps not revoked whose attestation is due within `within_days` days of today (overdue
// ones included), earliest first.
std::vector<AttestationDue> stamps_due(std::span<const StampRecord> stamps, Date today,
                                       int within_days);

}  // namespace stampline::server::analytics
