#include "server/analytics/stamp_oversight.h"

#include <algorithm>
#include <map>

namespace stampline::server::analytics {

namespace {

int days_between(Date from, Date to) {
    return static_cast<int>(days_from_civil(to) - days_from_civil(from));
}

}  // namespace

std::vector<StampOversight> stamp_oversight(const Plant& plant, std::span<const StampRecord> stamps,
                                            std::span<const UnitEvents> units, const Query& query,
                                            Date today, std::span<const ProcedureAudit> audits) {
    return stamp_oversight(plant, stamps, derive_units(plant, units, query), query, today, audits);
}

std::vector<StampOversight> stamp_oversight(const Plant&, std::span<const StampRecord> stamps,
                                            std::span<const UnitView> units, const Query& query,
                                            Date today, std::span<const ProcedureAudit> audits) {
    std::map<std::string, StampOversight> rows;
    for (const StampRecord& s : stamps) {
        StampOversight& row = rows[s.id];
        row.stamp = s.id;
        row.holder = s.holder;
        row.status = s.status;
        row.attestation_due = s.attestation_due;
        row.days_to_attestation = days_between(today, s.attestation_due);
    }
    auto row_of = [&](const std::string& stamp) -> StampOversight& {
        auto [it, fresh] = rows.try_emplace(stamp);
        if (fresh) {
            it->second.stamp = stamp;
            it->second.registered = false;
        }
        return it->second;
    };
    const bool any_stage = query.stage.empty();

    for (const UnitView& unit : units) {
        if (!selected(unit, query) || !acted_in(unit, query)) continue;
        for (const StageProgress& p : unit.state.stages) {
            if (!any_stage && p.stage != query.stage) continue;
            if (p.accepted && !p.acceptance.stamp.empty() && query.in_period(p.acceptance.at))
                ++row_of(p.acceptance.stamp).acceptances;
            if (p.signed_off && !p.sign_off.stamp.empty() && query.in_period(p.sign_off.at))
                ++row_of(p.sign_off.stamp).sign_offs;
        }
        for (const NcState& nc : unit.state.ncs) {
            if (!query.in_period(nc.raised_by.at)) continue;
            if (!query.code.empty() && nc.raised.code != query.code) continue;
            if (!any_stage && nc.raised.origin_stage != query.stage) continue;
            const StageProgress* origin = unit.state.progress(nc.raised.origin_stage);
            if (!origin || !origin->signed_off || origin->sign_off.stamp.empty()) continue;
            if (origin->sign_off.at >= nc.raised_by.at) continue;
            StampOversight& row = row_of(origin->sign_off.stamp);
            ++row.escapes;
            if (nc.raised.in_field()) ++row.field_escapes;
            row.escaped_quantity += nc.raised.quantity;
        }
    }
    for (const ProcedureAudit& a : audits) {
        if (a.stamp.empty() || !query.in_period(a.recorded_at)) continue;
        StampOversight& row = row_of(a.stamp);
        ++row.audits;
        if (a.result == AuditResult::Finding) ++row.findings;
    }
    std::vector<StampOversight> out;
    for (auto& [id, row] : rows)
        if (row.registered) out.push_back(std::move(row));
    for (auto& [id, row] : rows)
        if (!row.registered) out.push_back(std::move(row));
    return out;
}

std::vector<AttestationDue> stamps_due(std::span<const StampRecord> stamps, Date today,
                                       int within_days) {
    std::vector<AttestationDue> out;
    for (const StampRecord& s : stamps) {
        if (s.status == StampStatus::Revoked) continue;
        const int left = days_between(today, s.attestation_due);
        if (left > within_days) continue;
        out.push_back({s.id, s.holder, s.status, s.attestation_due, left});
    }
    std::sort(out.begin(), out.end(), [](const AttestationDue& a, const AttestationDue& b) {
        if (a.attestation_due != b.attestation_due) return a.attestation_due < b.attestation_due;
        return a.stamp < b.stamp;
    });
    return out;
}

}  // namespace stampline::server::analytics
