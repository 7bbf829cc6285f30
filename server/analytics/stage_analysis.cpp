#include "server/analytics/stage_analysis.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace stampline::server::analytics {

namespace {

// Whether the next route stage's control point, if run, passed at its first run.
bool next_control_point_first_time(const UnitState& unit, std::size_t index) {
    if (index + 1 >= unit.stages.size()) return true;
    const StageProgress& next = unit.stages[index + 1];
    return next.acceptance_attempts == 0 || (next.acceptance_attempts == 1 && next.accepted);
}

bool has_nc_originating(const UnitState& unit, std::string_view stage) {
    for (const NcState& nc : unit.ncs)
        if (nc.raised.origin_stage == stage) return true;
    return false;
}

// Where the unit's time in stage `index` starts, if known.
std::optional<Timestamp> stage_start(const UnitView& unit, std::size_t index) {
    const StageProgress& p = unit.state.stages[index];
    if (p.accepted) return p.acceptance.at;
    if (index > 0) {
        const StageProgress& prev = unit.state.stages[index - 1];
        if (prev.signed_off) return prev.sign_off.at;
        return std::nullopt;
    }
    return unit.issued_at;
}

struct Accumulator {
    StageStats stats;
    std::vector<double> times;
};

// Stats per stage code over the given units (without NC counts for filters other than period).
std::map<std::string, Accumulator, std::less<>> accumulate(std::span<const UnitView> units,
                                                           const Query& query) {
    std::map<std::string, Accumulator, std::less<>> acc;
    for (const UnitView& unit : units) {
        if (!selected(unit, query)) continue;
        const UnitState& s = unit.state;
        const std::size_t current = s.current_index();
        for (std::size_t i = 0; i < s.stages.size(); ++i) {
            const StageProgress& p = s.stages[i];
            Accumulator& a = acc[p.stage];
            a.stats.stage = p.stage;
            if (i == current) {
                ++a.stats.wip;
                if (s.on_hold) ++a.stats.wip_on_hold;
            }
            if (!p.signed_off || !query.in_period(p.sign_off.at)) continue;
            ++a.stats.units_passed;
            if (!has_nc_originating(s, p.stage) && next_control_point_first_time(s, i))
                ++a.stats.first_pass_units;
            if (std::optional<Timestamp> start = stage_start(unit, i))
                a.times.push_back(static_cast<double>(p.sign_off.at.ms - start->ms) / 1000.0);
        }
    }
    for (const NcFact& f : ncs_in_query(units, query)) {
        auto it = acc.find(f.nc->raised.origin_stage);
        if (it == acc.end()) continue;
        StageStats& st = it->second.stats;
        ++st.ncs_originating;
        st.quantity_originating += f.nc->raised.quantity;
        if (f.escape()) ++st.escapes;
    }
    for (auto& [code, a] : acc) {
        StageStats& st = a.stats;
        if (st.units_passed > 0) {
            st.first_pass_yield = static_cast<double>(st.first_pass_units) / st.units_passed;
            st.ncs_per_100_units = 100.0 * st.ncs_originating / st.units_passed;
        }
        st.timed_units = static_cast<int>(a.times.size());
        st.median_time_s = median(a.times);
        st.p90_time_s = p90(a.times);
    }
    return acc;
}

std::string fixed(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

}  // namespace

std::vector<StageStats> stage_stats(const Plant& plant, std::span<const UnitEvents> units,
                                    const Query& query) {
    return stage_stats(plant, derive_units(plant, units, query), query);
}

std::vector<StageStats> stage_stats(const Plant& plant, std::span<const UnitView> units,
                                    const Query& query) {
    auto acc = accumulate(units, query);
    // Stages on the routes of the selected product types, even when no unit reached them.
    for (const ProductType& p : plant.products) {
        if (!query.product_type.empty() && p.code != query.product_type) continue;
        for (const std::string& stage : p.route) acc[stage].stats.stage = stage;
    }
    std::vector<StageStats> out;
    for (const Stage& stage : plant.stages) {
        if (!query.stage.empty() && stage.code != query.stage) continue;
        if (auto it = acc.find(stage.code); it != acc.end()) out.push_back(it->second.stats);
    }
    return out;
}

std::vector<RouteYield> route_yields(const Plant& plant, std::span<const UnitEvents> units,
                                     const Query& query) {
    return route_yields(plant, derive_units(plant, units, query), query);
}

std::vector<RouteYield> route_yields(const Plant& plant, std::span<const UnitView> units,
                                     const Query& query) {
    std::vector<RouteYield> out;
    for (const ProductType& p : plant.products) {
        if (!query.product_type.empty() && p.code != query.product_type) continue;
        Query q = query;
        q.product_type = p.code;
        q.stage.clear();
        const auto acc = accumulate(units, q);
        RouteYield y;
        y.product_type = p.code;
        y.stages = p.route;
        double rty = 1;
        bool known = true;
        for (const std::string& stage : p.route) {
            auto it = acc.find(stage);
            std::optional<double> fpy =
                it == acc.end() ? std::nullopt : it->second.stats.first_pass_yield;
            y.first_pass_yields.push_back(fpy);
            if (fpy)
                rty *= *fpy;
            else
                known = false;
        }
        if (known) y.rolled_throughput_yield = rty;
        out.push_back(std::move(y));
    }
    return out;
}

double quality_score(const StageStats& s) {
    return s.ncs_per_100_units + s.escapes;
}

Bottleneck bottleneck(const Plant& plant, std::span<const UnitEvents> units, const Query& query) {
    return bottleneck(plant, derive_units(plant, units, query), query);
}

Bottleneck bottleneck(const Plant& plant, std::span<const UnitView> units, const Query& query) {
    Bottleneck b;
    const std::vector<StageStats> stats = stage_stats(plant, units, query);
    b.by_quality = stats;
    std::stable_sort(b.by_quality.begin(), b.by_quality.end(),
                     [](const StageStats& x, const StageStats& y) {
                         return quality_score(x) > quality_score(y);
                     });
    b.by_flow = stats;
    std::stable_sort(b.by_flow.begin(), b.by_flow.end(),
                     [](const StageStats& x, const StageStats& y) {
                         if (x.p90_time_s != y.p90_time_s) return x.p90_time_s > y.p90_time_s;
                         return x.wip > y.wip;
                     });
    if (!b.by_quality.empty() && quality_score(b.by_quality.front()) > 0) {
        const StageStats& s = b.by_quality.front();
        b.top_quality_stage = s.stage;
        b.top_quality_reason =
            s.stage + ": " + std::to_string(s.ncs_originating) + " NCs originating over " +
            std::to_string(s.units_passed) + " units passed (" + fixed(s.ncs_per_100_units, 1) +
            " per 100 units), " + std::to_string(s.escapes) +
            " escaped to later stages; quality score " + fixed(quality_score(s), 1);
    }
    if (!b.by_flow.empty() && (b.by_flow.front().p90_time_s > 0 || b.by_flow.front().wip > 0)) {
        const StageStats& s = b.by_flow.front();
        b.top_flow_stage = s.stage;
        b.top_flow_reason = s.stage + ": p90 time in stage " + fixed(s.p90_time_s / 3600.0, 1) +
                            " h (median " + fixed(s.median_time_s / 3600.0, 1) + " h over " +
                            std::to_string(s.timed_units) + " units), " + std::to_string(s.wip) +
                            " units in progress now";
    }
    return b;
}

}  // namespace stampline::server::analytics
