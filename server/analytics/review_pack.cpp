#include "server/analytics/review_pack.h"

#include <algorithm>

namespace stampline::server::analytics {

namespace {

YearMonth months_before(YearMonth m, int n) {
    const int ordinal = m.year * 12 + (m.month - 1) - n;
    return YearMonth{ordinal / 12, ordinal % 12 + 1};
}

Query month_query(const Plant& plant, YearMonth m) {
    Query q;
    q.from = plant.zone.start_of(m);
    q.to = plant.zone.start_of(next_month(m));
    return q;
}

int units_passed(std::span<const UnitView> units, const Query& q) {
    int n = 0;
    for (const UnitView& unit : units) {
        if (!selected(unit, q) || !acted_in(unit, q)) continue;
        const bool passed = std::any_of(
            unit.state.stages.begin(), unit.state.stages.end(),
            [&](const StageProgress& p) { return p.signed_off && q.in_period(p.sign_off.at); });
        if (passed) ++n;
    }
    return n;
}

TrendRow trend_row(const Plant& plant, std::span<const UnitView> units, YearMonth month) {
    TrendRow row;
    row.month = month;
    const Query q = month_query(plant, month);
    row.units_passed = units_passed(units, q);
    const EscapeMatrix m = escape_matrix(plant, units, q);
    row.ncs = m.total_ncs;
    for (const EscapeCell& cell : m.cells) row.nc_quantity += cell.quantity;
    row.escapes = m.escapes;
    row.escaped_quantity = m.escaped_quantity;
    if (row.units_passed > 0) row.ncs_per_100_units = 100.0 * row.ncs / row.units_passed;

    int passes = 0;
    int first_time = 0;
    for (const StageStats& s : stage_stats(plant, units, q)) {
        passes += s.units_passed;
        first_time += s.first_pass_units;
    }
    if (passes > 0) row.first_pass_yield = static_cast<double>(first_time) / passes;
    for (const RouteYield& y : route_yields(plant, units, q))
        row.rolled_throughput_yields.push_back({y.product_type, y.rolled_throughput_yield});
    return row;
}

// The first instant after t: what was recorded at or before t happened before it.
Timestamp just_after(Timestamp t) {
    return Timestamp{t.ms + 1};
}

DecisionReview review_of(const TimeZone& zone, const CorrectiveAction& a, Timestamp as_of) {
    const Timestamp before = just_after(as_of);
    DecisionReview d;
    d.action = a;
    d.status_then = a.status_at(before).value_or(CaStatus::Open);
    const Timestamp due_over = zone.start_of(civil_from_days(days_from_civil(a.due) + 1));
    d.overdue = (d.status_then == CaStatus::Open || d.status_then == CaStatus::InProgress) &&
                due_over <= as_of;
    if (const std::optional<Timestamp> done = a.done_at(); done && *done < before) d.done_at = done;
    d.verified = a.verification && a.verification->at < before;
    return d;
}

// Closed at or before t: cancelled, or done and verified.
bool closed_by(const CorrectiveAction& a, Timestamp t) {
    const Timestamp before = just_after(t);
    const std::optional<CaStatus> s = a.status_at(before);
    if (s == CaStatus::Cancelled) return true;
    return s == CaStatus::Done && a.verification && a.verification->at < before;
}

}  // namespace

ReviewPack review_pack(const Plant& plant, std::span<const UnitEvents> units,
                       std::span<const CorrectiveAction> actions,
                       const ReviewPackOptions& options) {
    return review_pack(plant, derive_units(plant, units, Query{}), actions, options);
}

ReviewPack review_pack(const Plant& plant, std::span<const UnitView> units,
                       std::span<const CorrectiveAction> actions,
                       const ReviewPackOptions& options) {
    const MonthSource months = [&](YearMonth month, bool reviewed) -> Result<MonthFigures> {
        return month_figures(plant, units, month, reviewed);
    };
    return review_pack(plant, months, units_summary(units), actions, options).value();
}

MonthFigures month_figures(const Plant& plant, std::span<const UnitView> units, YearMonth month,
                           bool reviewed) {
    MonthFigures f;
    const Query q = month_query(plant, month);
    f.trend = trend_row(plant, units, month);
    f.repeats.add(plant, units, q);
    if (reviewed) {
        f.pareto = pareto(plant, units, q).front();
        f.escapes = escape_matrix(plant, units, q);
        f.stages = stage_stats(plant, units, q);
    }
    return f;
}

Result<ReviewPack> review_pack(const Plant& plant, const MonthSource& months,
                               const UnitsSummary& summary,
                               std::span<const CorrectiveAction> actions,
                               const ReviewPackOptions& options) {
    ReviewPack pack;
    pack.month = options.month;
    const Query q = month_query(plant, options.month);
    pack.from = q.from;
    pack.to = q.to;
    pack.as_of = options.as_of;
    pack.repeat_months = std::max(1, options.repeat_months);
    pack.repeat_min_months = std::clamp(options.repeat_min_months, 1, pack.repeat_months);

    const int trend_months = std::max(1, options.trend_months);
    const std::vector<CorrectiveAction> action_list(actions.begin(), actions.end());
    const std::vector<CaMonthFigures> ca_months =
        corrective_action_months(action_list, months_before(options.month, trend_months - 1),
                                 options.month, options.as_of, plant.zone);
    // Each month the pack reads, oldest first: the trend's and the repeat window's.
    RepeatTally repeats;
    for (int back = std::max(trend_months, pack.repeat_months) - 1; back >= 0; --back) {
        const YearMonth month = months_before(options.month, back);
        Result<MonthFigures> f = months(month, back == 0);
        if (!f) return f.error();
        if (back < pack.repeat_months) repeats.add(f->repeats);
        const auto actions_of =
            std::find_if(ca_months.begin(), ca_months.end(),
                         [&](const CaMonthFigures& a) { return a.month == month; });
        if (back < trend_months && actions_of != ca_months.end()) {
            pack.trend.push_back(f->trend);
            pack.trend.back().corrective_actions = *actions_of;
        }
        if (back != 0) continue;
        pack.pareto = std::move(f->pareto);
        pack.escapes = std::move(f->escapes);
        set_work_in_progress(plant, summary.progress, q, f->stages);
        pack.bottleneck = bottleneck(std::move(f->stages));
    }
    pack.repeat_offenders = repeats.offenders(pack.repeat_min_months);
    if (summary.first_act && *summary.first_act < pack.to) {
        const YearMonth first = plant.zone.month_of(*summary.first_act);
        const int covered =
            (options.month.year - first.year) * 12 + options.month.month - first.month + 1;
        pack.repeat_history_months = std::clamp(covered, 0, pack.repeat_months);
    }

    pack.review_held = pack.as_of;
    for (const CorrectiveAction& a : actions) {
        if (a.review_month == pack.month && a.created_at <= pack.as_of &&
            (!pack.review_held_recorded || a.created_at < pack.review_held)) {
            pack.review_held = a.created_at;
            pack.review_held_recorded = true;
        }
    }
    for (const CorrectiveAction& a : actions) {
        if (a.created_at > pack.as_of) continue;
        if (a.review_month == pack.month) {
            pack.new_decisions.push_back(review_of(plant.zone, a, pack.as_of));
        } else if (a.review_month < pack.month && a.created_at <= pack.review_held &&
                   !closed_by(a, pack.review_held)) {
            pack.earlier_decisions.push_back(review_of(plant.zone, a, pack.as_of));
        }
    }
    return pack;
}

}  // namespace stampline::server::analytics
