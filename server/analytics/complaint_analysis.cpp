#include "server/analytics/complaint_analysis.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace stampline::server::analytics {

namespace {

YearMonth add_months(YearMonth m, int n) {
    const int index = m.year * 12 + (m.month - 1) + n;
    return YearMonth{index / 12, index % 12 + 1};
}

}  // namespace

ComplaintFigures complaint_figures(std::span<const Complaint> complaints, const TimeZone& zone,
                                   YearMonth month, int trend_months, Timestamp as_of) {
    ComplaintFigures out;
    const int n = std::max(trend_months, 1);
    for (int i = n - 1; i >= 0; --i) out.months.push_back({add_months(month, -i)});
    const auto month_row = [&](Timestamp t) -> ComplaintMonth* {
        const YearMonth m = zone.month_of(t);
        for (ComplaintMonth& row : out.months)
            if (row.month == m) return &row;
        return nullptr;
    };
    std::map<std::tuple<std::string, std::string, std::string, std::string>, ComplaintSlice> slices;
    for (const Complaint& c : complaints) {
        if (c.registered_at > as_of) continue;
        const NewComplaint& r = c.registration;
        if (ComplaintMonth* row = month_row(c.registered_at)) {
            ++row->registered;
            row->damage_cents += r.damage_cents;
        }
        if (const std::optional<Timestamp> done = c.resolved_at(); done && *done <= as_of) {
            if (ComplaintMonth* row = month_row(*done)) ++row->resolved;
        } else {
            ++out.open;
        }
        if (c.resolution_overdue(as_of)) ++out.overdue;
        if (zone.month_of(c.registered_at) != month) continue;
        ++out.registered;
        out.damage_cents += r.damage_cents;
        const bool justified = c.decision && c.decision->justified != Justified::No;
        const std::string origin = justified ? c.decision->origin_stage : "";
        ComplaintSlice& s = slices[{r.reason, r.product_type, r.lifecycle_stage, origin}];
        s.reason = r.reason;
        s.product_type = r.product_type;
        s.lifecycle_stage = r.lifecycle_stage;
        s.origin_stage = origin;
        ++s.complaints;
        if (justified) ++s.justified;
        s.damage_cents += r.damage_cents;
        if (c.decision) out.field_escapes += static_cast<int>(c.decision->field_ncs.size());
    }
    for (auto& [key, s] : slices) out.slices.push_back(std::move(s));
    std::stable_sort(out.slices.begin(), out.slices.end(),
                     [](const ComplaintSlice& a, const ComplaintSlice& b) {
                         return a.complaints > b.complaints;
                     });
    return out;
}

}  // namespace stampline::server::analytics
