#include "server/analytics/suspect_units.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace stampline::server::analytics {

namespace {

constexpr std::int64_t kHourMs = 3'600'000;

SuspectUnit describe(const UnitView& unit, const StageProgress& p) {
    SuspectUnit s;
    s.serial = unit.state.serial;
    s.product_type = unit.state.product_type;
    s.order = unit.state.order;
    s.stamp = p.sign_off.stamp;
    s.station = p.sign_off.station;
    s.signed_off_at = p.sign_off.at;
    s.sheet_version = unit.state.sheet_version;
    const std::size_t at = unit.state.current_index();
    if (at >= unit.state.stages.size())
        s.where = UnitWhere::Shipped;
    else {
        s.where = unit.state.on_hold ? UnitWhere::OnHold : UnitWhere::InWork;
        s.current_stage = unit.state.stages[at].stage;
    }
    return s;
}

bool matches(const SuspectUnit& s, const SuspectUnit& ref, const SuspectFilter& f) {
    if (f.same_stamp && s.stamp != ref.stamp) return false;
    if (f.same_station && s.station != ref.station) return false;
    if (f.same_product && s.product_type != ref.product_type) return false;
    if (f.same_order && s.order != ref.order) return false;
    return f.window_hours <= 0 ||
           std::llabs(s.signed_off_at.ms - ref.signed_off_at.ms) <= f.window_hours * kHourMs;
}

}  // namespace

const char* unit_where_name(UnitWhere w) {
    switch (w) {
        case UnitWhere::InWork: return "in_work";
        case UnitWhere::OnHold: return "on_hold";
        case UnitWhere::Shipped: return "shipped";
    }
    return "in_work";
}

Result<Suspects> suspect_units(std::span<const UnitView> units, const std::string& serial,
                               const std::string& stage, const SuspectFilter& filter) {
    const auto faulty = std::find_if(units.begin(), units.end(), [&](const UnitView& u) {
        return u.state.registered && u.state.serial == serial;
    });
    if (faulty == units.end()) return not_found("no unit '" + serial + "' in the record");
    Result<SuspectUnit> reference = suspect_reference(*faulty, stage);
    if (!reference) return reference.error();
    Suspects out;
    out.reference = std::move(reference).value();
    Query all;
    all.from = Timestamp{std::numeric_limits<std::int64_t>::min()};
    all.to = Timestamp{std::numeric_limits<std::int64_t>::max()};
    add_suspects(units, out.reference, stage, filter, all, &out.units);
    sort_suspects(out.units);
    return out;
}

Result<SuspectUnit> suspect_reference(const UnitView& faulty, const std::string& stage) {
    const std::string& serial = faulty.state.serial;
    if (!faulty.state.registered) return not_found("no unit '" + serial + "' in the record");
    const StageProgress* origin = faulty.state.progress(stage);
    if (!origin || !origin->signed_off)
        return invalid("stage: unit " + serial + " has not signed off stage '" + stage + "'");
    return describe(faulty, *origin);
}

Query suspect_period(const SuspectUnit& reference, const SuspectFilter& filter, Timestamp first,
                     Timestamp last) {
    Query q;
    if (filter.window_hours > 0) {
        const std::int64_t window = filter.window_hours * kHourMs;
        q.from = Timestamp{reference.signed_off_at.ms - window};
        q.to = Timestamp{reference.signed_off_at.ms + window + 1};
    } else {
        q.from = std::min(first, reference.signed_off_at);
        q.to = Timestamp{std::max(last, reference.signed_off_at).ms + 1};
    }
    return q;
}

void add_suspects(std::span<const UnitView> units, const SuspectUnit& reference,
                  const std::string& stage, const SuspectFilter& filter, const Query& part,
                  std::vector<SuspectUnit>* out) {
    for (const UnitView& unit : units) {
        if (!unit.state.registered || unit.state.serial == reference.serial) continue;
        const StageProgress* p = unit.state.progress(stage);
        if (!p || !p->signed_off || !part.in_period(p->sign_off.at)) continue;
        SuspectUnit s = describe(unit, *p);
        if (matches(s, reference, filter)) out->push_back(std::move(s));
    }
}

void sort_suspects(std::vector<SuspectUnit>& units) {
    std::sort(units.begin(), units.end(), [](const SuspectUnit& a, const SuspectUnit& b) {
        return a.signed_off_at.ms != b.signed_off_at.ms ? a.signed_off_at < b.signed_off_at
                                                        : a.serial < b.serial;
    });
}

}  // namespace stampline::server::analytics
