#include "server/analytics/stage_analysis.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <span>
#include <string_view>
#include <tuple>

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

// Where the unit's time in stage `index` (signed off) starts, if known (see the header).
std::optional<Timestamp> stage_start(const UnitView& unit, std::size_t index) {
    const StageProgress& p = unit.state.stages[index];
    if (p.accepted) return p.acceptance.at;
    if (index > 0) {
        const StageProgress& prev = unit.state.stages[index - 1];
        if (prev.signed_off) return prev.sign_off.at;
        return std::nullopt;
    }
    if (unit.first_stage_act && *unit.first_stage_act < p.sign_off.at) return unit.first_stage_act;
    return std::nullopt;
}

// The stages the statistics are kept for, as slots: the plant's stages in order, then any route
// stage missing from the plant's stage list (only hand-built plants have those); and the slots
// of each product type's route, so that a unit's stages need no lookup by code.
class StageSlots {
public:
    explicit StageSlots(const Plant& plant) : plant_(plant) {
        for (const Stage& s : plant.stages) add(s.code);
        for (const ProductType& p : plant.products) {
            std::vector<int>& route = routes_.emplace_back();
            for (const std::string& stage : p.route) route.push_back(add(stage));
        }
    }

    std::size_t size() const { return codes_.size(); }
    const std::string& code(std::size_t slot) const { return codes_[slot]; }

    // -1 when the stage has no slot.
    int of(std::string_view stage) const {
        for (std::size_t i = 0; i < codes_.size(); ++i)
            if (codes_[i] == stage) return static_cast<int>(i);
        return -1;
    }

    // Position of the unit's product type in the plant; -1 when not there.
    int product_of(const UnitView& unit) const {
        for (std::size_t i = 0; i < plant_.products.size(); ++i)
            if (&plant_.products[i] == unit.product) return static_cast<int>(i);
        // A view derived with another (equal) Plant object: by code.
        for (std::size_t i = 0; i < plant_.products.size(); ++i)
            if (plant_.products[i].code == unit.state.product_type) return static_cast<int>(i);
        return -1;
    }

    std::size_t products() const { return routes_.size(); }
    std::span<const int> route(std::size_t product) const { return routes_[product]; }

    // Position of the unit's product type in this very plant object; -1 for a view derived with
    // another one. Then the unit's stages are that product type's route (apply_event builds
    // them from it), without looking at them.
    int own_product_of(const UnitView& unit) const {
        for (std::size_t i = 0; i < plant_.products.size(); ++i)
            if (&plant_.products[i] == unit.product) return static_cast<int>(i);
        return -1;
    }

    // The slots of the unit's stages, in its stage order (-1 for a stage without one).
    std::span<const int> stages_of(const UnitView& unit, std::vector<int>& scratch) const {
        if (const int k = own_product_of(unit);
            k >= 0 && routes_[static_cast<std::size_t>(k)].size() == unit.state.stages.size())
            return routes_[static_cast<std::size_t>(k)];
        scratch.clear();
        for (const StageProgress& p : unit.state.stages) scratch.push_back(of(p.stage));
        return scratch;
    }

private:
    int add(const std::string& code) {
        if (int slot = of(code); slot >= 0) return slot;
        codes_.push_back(code);
        return static_cast<int>(codes_.size()) - 1;
    }

    const Plant& plant_;
    std::vector<std::string> codes_;
    std::vector<std::vector<int>> routes_;  // per product type of the plant
};

// Whether an NC was raised at stage `next` for its control point: detected there before the
// control point passed (any time, while it has not), not found during the work, and arisen
// before that stage (an NC of the stage itself cannot explain its incoming check).
bool has_nc_for_control_point(const UnitState& unit, const StageProgress& next) {
    for (const NcState& nc : unit.ncs)
        if (nc.detected_stage == next.stage && nc.raised.origin_stage != next.stage &&
            nc.raised.found != "during_work" &&
            (!next.accepted || nc.raised_by.at <= next.acceptance.at))
            return true;
    return false;
}

// Whether the unit passed its stage `index` first time (see the definitions in the header): no
// NC has its origin there, and a failed first run of the next control point is charged here
// only when no NC raised for it names the failure's origin.
bool first_pass(const UnitState& s, std::size_t index) {
    if (has_nc_originating(s, s.stages[index].stage)) return false;
    if (next_control_point_first_time(s, index)) return true;
    return has_nc_for_control_point(s, s.stages[index + 1]);
}

struct Accumulator {
    StageStats stats;
    std::vector<double> working_times;
    std::vector<double> calendar_times;
    bool seen = false;  // the stage is on the route of a unit counted
};

// Stats per stage slot over the selected units (NCs counted only at stages seen on them).
std::vector<Accumulator> accumulate(const Plant& plant, const StageSlots& slots,
                                    std::span<const UnitView> units, const Query& query) {
    std::vector<Accumulator> acc(slots.size());
    std::vector<WorkingClock> clocks;  // per slot: its stage's working time
    clocks.reserve(slots.size());
    for (std::size_t slot = 0; slot < slots.size(); ++slot)
        clocks.emplace_back(plant.calendar, plant.zone, slots.code(slot));
    std::vector<int> scratch;
    std::vector<char> passed_over(slots.products(), 0);  // product types of units passed over
    for (const UnitView& unit : units) {
        if (!selected(unit, query)) continue;
        // A finished unit that did nothing in the period adds to no figure; only its stages
        // count as seen (NCs of other units may originate there): by its route, below.
        if (const int k = slots.own_product_of(unit);
            k >= 0 && unit.complete && !acted_in(unit, query)) {
            passed_over[static_cast<std::size_t>(k)] = 1;
            continue;
        }
        const UnitState& s = unit.state;
        const std::span<const int> stage_slots = slots.stages_of(unit, scratch);
        const std::size_t current = s.current_index();
        for (std::size_t i = 0; i < s.stages.size(); ++i) {
            if (stage_slots[i] < 0) continue;
            const StageProgress& p = s.stages[i];
            Accumulator& a = acc[static_cast<std::size_t>(stage_slots[i])];
            a.seen = true;
            if (i == current) {
                ++a.stats.wip;
                if (s.on_hold) ++a.stats.wip_on_hold;
            }
            if (!p.signed_off || !query.in_period(p.sign_off.at)) continue;
            ++a.stats.units_passed;
            if (first_pass(s, i)) ++a.stats.first_pass_units;
            if (std::optional<Timestamp> start = stage_start(unit, i)) {
                a.calendar_times.push_back(static_cast<double>(p.sign_off.at.ms - start->ms) /
                                           1000.0);
                a.working_times.push_back(clocks[static_cast<std::size_t>(stage_slots[i])].seconds(
                    *start, p.sign_off.at));
            }
        }
    }
    for (std::size_t k = 0; k < passed_over.size(); ++k)
        if (passed_over[k])
            for (const int slot : slots.route(k)) acc[static_cast<std::size_t>(slot)].seen = true;
    for (const NcFact& f : ncs_in_query(units, query)) {
        const int slot = slots.of(f.nc->raised.origin_stage);
        if (slot < 0 || !acc[static_cast<std::size_t>(slot)].seen) continue;
        StageStats& st = acc[static_cast<std::size_t>(slot)].stats;
        const int weight = plant.analytics.weight(f.nc->raised.severity);
        ++st.ncs_originating;
        st.weighted_ncs += weight;
        st.quantity_originating += f.nc->raised.quantity;
        if (f.escape()) {
            ++st.escapes;
            if (f.field()) ++st.field_escapes;
            st.weighted_escapes += weight;
        }
    }
    for (std::size_t slot = 0; slot < acc.size(); ++slot) {
        StageStats& st = acc[slot].stats;
        st.stage = slots.code(slot);
        if (st.units_passed > 0) {
            st.first_pass_yield = static_cast<double>(st.first_pass_units) / st.units_passed;
            st.ncs_per_100_units = 100.0 * st.ncs_originating / st.units_passed;
            st.weighted_ncs_per_100_units = 100.0 * st.weighted_ncs / st.units_passed;
            st.weighted_escapes_per_100_units = 100.0 * st.weighted_escapes / st.units_passed;
        }
        st.ranked = st.units_passed >= plant.analytics.ranking_min_units;
        st.timed_units = static_cast<int>(acc[slot].working_times.size());
        const MedianP90 w = median_and_p90(acc[slot].working_times);
        st.median_working_time_s = w.median;
        st.p90_working_time_s = w.p90;
        const MedianP90 c = median_and_p90(acc[slot].calendar_times);
        st.median_calendar_time_s = c.median;
        st.p90_calendar_time_s = c.p90;
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
    const StageSlots slots(plant);
    std::vector<Accumulator> acc = accumulate(plant, slots, units, query);
    // Stages on the routes of the selected product types, even when no unit reached them.
    for (const ProductType& p : plant.products) {
        if (!query.product_type.empty() && p.code != query.product_type) continue;
        for (const std::string& stage : p.route)
            acc[static_cast<std::size_t>(slots.of(stage))].seen = true;
    }
    std::vector<StageStats> out;
    // The plant's stages hold the first slots, in the plant's order.
    for (std::size_t slot = 0; slot < plant.stages.size(); ++slot) {
        if (!query.stage.empty() && plant.stages[slot].code != query.stage) continue;
        if (acc[slot].seen) out.push_back(std::move(acc[slot].stats));
    }
    return out;
}

std::vector<RouteYield> route_yields(const Plant& plant, std::span<const UnitEvents> units,
                                     const Query& query) {
    return route_yields(plant, derive_units(plant, units, query), query);
}

std::vector<RouteYield> route_yields(const Plant& plant, std::span<const UnitView> units,
                                     const Query& query) {
    // One pass over the units: units passed and passed first time, per product type and stage.
    // Only these two figures make a first-pass yield; the stage and code filters do not apply.
    const StageSlots slots(plant);
    struct Passes {
        int passed = 0;
        int first = 0;
    };
    std::vector<std::vector<Passes>> by_product(plant.products.size(),
                                                std::vector<Passes>(slots.size()));
    std::vector<int> scratch;
    for (const UnitView& unit : units) {
        if (!selected(unit, query) || !acted_in(unit, query)) continue;
        const int product = slots.product_of(unit);
        if (product < 0) continue;
        std::vector<Passes>& passes = by_product[static_cast<std::size_t>(product)];
        const std::span<const int> stage_slots = slots.stages_of(unit, scratch);
        const UnitState& s = unit.state;
        for (std::size_t i = 0; i < s.stages.size(); ++i) {
            const StageProgress& p = s.stages[i];
            if (stage_slots[i] < 0 || !p.signed_off || !query.in_period(p.sign_off.at)) continue;
            Passes& n = passes[static_cast<std::size_t>(stage_slots[i])];
            ++n.passed;
            if (first_pass(s, i)) ++n.first;
        }
    }
    std::vector<RouteYield> out;
    for (std::size_t k = 0; k < plant.products.size(); ++k) {
        const ProductType& p = plant.products[k];
        if (!query.product_type.empty() && p.code != query.product_type) continue;
        RouteYield y;
        y.product_type = p.code;
        y.stages = p.route;
        double rty = 1;
        bool known = true;
        for (const std::string& stage : p.route) {
            const Passes& n = by_product[k][static_cast<std::size_t>(slots.of(stage))];
            std::optional<double> fpy;
            if (n.passed > 0) fpy = static_cast<double>(n.first) / n.passed;
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
    return s.weighted_ncs_per_100_units + s.weighted_escapes_per_100_units;
}

Bottleneck bottleneck(const Plant& plant, std::span<const UnitEvents> units, const Query& query) {
    return bottleneck(plant, derive_units(plant, units, query), query);
}

Bottleneck bottleneck(const Plant& plant, std::span<const UnitView> units, const Query& query) {
    return bottleneck(stage_stats(plant, units, query));
}

Bottleneck bottleneck(std::vector<StageStats> stats) {
    Bottleneck b;
    b.by_quality = stats;
    std::stable_sort(b.by_quality.begin(), b.by_quality.end(),
                     [](const StageStats& x, const StageStats& y) {
                         if (x.ranked != y.ranked) return x.ranked;
                         return x.ranked && quality_score(x) > quality_score(y);
                     });
    b.by_flow = std::move(stats);
    std::stable_sort(b.by_flow.begin(), b.by_flow.end(),
                     [](const StageStats& x, const StageStats& y) {
                         if (x.p90_working_time_s != y.p90_working_time_s)
                             return x.p90_working_time_s > y.p90_working_time_s;
                         return x.wip > y.wip;
                     });
    if (!b.by_quality.empty() && b.by_quality.front().ranked &&
        quality_score(b.by_quality.front()) > 0) {
        const StageStats& s = b.by_quality.front();
        b.top_quality_stage = s.stage;
        b.top_quality_reason =
            s.stage + ": " + std::to_string(s.ncs_originating) + " NCs originating over " +
            std::to_string(s.units_passed) + " units passed (" +
            fixed(s.weighted_ncs_per_100_units, 1) + " weighted per 100 units), " +
            std::to_string(s.escapes) + " escaped to later stages (" +
            fixed(s.weighted_escapes_per_100_units, 1) +
            " weighted per 100 units); quality score " + fixed(quality_score(s), 1);
    }
    if (!b.by_flow.empty() &&
        (b.by_flow.front().p90_working_time_s > 0 || b.by_flow.front().wip > 0)) {
        const StageStats& s = b.by_flow.front();
        b.top_flow_stage = s.stage;
        b.top_flow_reason = s.stage + ": p90 working time in stage " +
                            fixed(s.p90_working_time_s / 3600.0, 1) + " h (median " +
                            fixed(s.median_working_time_s / 3600.0, 1) + " h over " +
                            std::to_string(s.timed_units) + " units; p90 calendar time " +
                            fixed(s.p90_calendar_time_s / 3600.0, 1) + " h), " +
                            std::to_string(s.wip) + " units in progress now";
    }
    return b;
}

void set_work_in_progress(const Plant& plant, std::span<const ProgressCount> progress,
                          const Query& query, std::span<StageStats> rows) {
    for (StageStats& row : rows) row.wip = row.wip_on_hold = 0;
    for (const ProgressCount& c : progress) {
        if (!query.product_type.empty() && c.product_type != query.product_type) continue;
        const ProductType* p = plant.product(c.product_type);
        if (p == nullptr || c.stages_signed < 0 ||
            c.stages_signed >= static_cast<int>(p->route.size()))
            continue;
        const std::string& stage = p->route[static_cast<std::size_t>(c.stages_signed)];
        for (StageStats& row : rows) {
            if (row.stage != stage) continue;
            row.wip += c.units;
            if (c.on_hold) row.wip_on_hold += c.units;
        }
    }
}

UnitsSummary units_summary(std::span<const UnitView> units) {
    UnitsSummary out;
    std::map<std::tuple<std::string, int, bool>, int> counts;
    for (const UnitView& u : units) {
        if (!out.first_act || u.first_at < *out.first_act) out.first_act = u.first_at;
        if (!out.last_act || u.last_at > *out.last_act) out.last_act = u.last_at;
        if (!u.state.registered) continue;
        const auto signed_off = std::count_if(u.state.stages.begin(), u.state.stages.end(),
                                              [](const StageProgress& p) { return p.signed_off; });
        ++counts[{u.state.product_type, static_cast<int>(signed_off), u.state.on_hold}];
    }
    for (const auto& [key, n] : counts)
        out.progress.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
    return out;
}

}  // namespace stampline::server::analytics
