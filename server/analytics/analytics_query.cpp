#include "server/analytics/analytics_query.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace stampline::server::analytics {

std::vector<UnitEvents> group_by_unit(std::span<const StoredEvent> log) {
    std::vector<UnitEvents> out;
    std::map<std::string, std::size_t, std::less<>> index;
    for (const StoredEvent& stored : log) {
        auto [it, fresh] = index.emplace(stored.event.serial, out.size());
        if (fresh) out.emplace_back();
        out[it->second].push_back(stored.event);
    }
    return out;
}

Status read_by_month(const Plant& plant, const PeriodReader& read, const Query& window,
                     const std::function<void(std::span<const UnitView>, const Query&)>& fn) {
    for (Timestamp from = window.from; from < window.to;) {
        Query part = window;
        part.from = from;
        part.to = std::min(window.to, plant.zone.start_of(next_month(plant.zone.month_of(from))));
        const Status s =
            read(part.from, part.to, [&](std::span<const UnitView> units) { fn(units, part); });
        if (!s) return s;
        from = part.to;
    }
    return Status::ok();
}

void apply_to_view(const Plant& plant, UnitView& view, const Event& event) {
    const bool sheet = event.kind() == EventKind::SheetIssued;
    const bool first_sheet = sheet && !view.state.registered;  // only a sheet registers a unit
    const bool at_first_stage =
        view.state.registered && (view.state.stages.empty() || !view.state.stages[0].signed_off);
    if (!view.first_stage_act && at_first_stage && !event.station.empty() && !sheet &&
        event.kind() != EventKind::SheetReprinted)
        view.first_stage_act = event.act_time();
    apply_event(plant, view.state, event);
    if (first_sheet) view.issued_at = event.act_time();
    if (sheet) view.product = plant.product(view.state.product_type);
    view.first_at = std::min(view.first_at, event.act_time());
    view.last_at = std::max(view.last_at, event.act_time());
    view.complete = view.state.complete();
}

std::vector<UnitView> derive_units(const Plant& plant, std::span<const UnitEvents> units,
                                   const Query& query) {
    std::vector<UnitView> out;
    out.reserve(units.size());
    for (const UnitEvents& events : units) {
        UnitView view;
        for (const Event& e : events) apply_to_view(plant, view, e);
        if (selected(view, query)) out.push_back(std::move(view));
    }
    return out;
}

std::vector<NcFact> ncs_in_query(std::span<const UnitView> units, const Query& query) {
    std::vector<NcFact> out;
    for (const UnitView& unit : units) {
        if (!selected(unit, query) || !acted_in(unit, query)) continue;
        for (const NcState& nc : unit.state.ncs) {
            if (!query.in_period(nc.raised_by.at)) continue;
            if (!query.code.empty() && nc.raised.code != query.code) continue;
            if (!query.stage.empty() && nc.raised.origin_stage != query.stage &&
                nc.detected_stage != query.stage)
                continue;
            const int detected = nc.raised.in_field() && nc.detected_stage.empty()
                                     ? static_cast<int>(unit.product->route.size())
                                     : route_index(*unit.product, nc.detected_stage);
            out.push_back(
                {&unit, &nc, route_index(*unit.product, nc.raised.origin_stage), detected});
        }
    }
    return out;
}

double median(std::vector<double> samples) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    const std::size_t n = samples.size();
    return n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
}

double p90(std::vector<double> samples) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    // Nearest rank: ceil(0.9 n), computed in integers to avoid 0.9 * 10 = 9.000000000000002.
    const std::size_t rank = (samples.size() * 9 + 9) / 10;
    return samples[rank - 1];
}

MedianP90 median_and_p90(std::vector<double>& samples) {
    if (samples.empty()) return {};
    const std::size_t n = samples.size();
    const auto at = [&](std::size_t i) { return samples.begin() + static_cast<std::ptrdiff_t>(i); };
    // The k-th smallest lands at k, the smaller ones before it, the larger ones after.
    const std::size_t k = n / 2;
    std::nth_element(samples.begin(), at(k), samples.end());
    MedianP90 out;
    out.median =
        n % 2 == 1 ? samples[k] : (*std::max_element(samples.begin(), at(k)) + samples[k]) / 2;
    // The p90 rank (as in p90()) is at or after k: select it among the larger ones.
    const std::size_t rank = (n * 9 + 9) / 10;
    std::nth_element(at(k), at(rank - 1), samples.end());
    out.p90 = samples[rank - 1];
    return out;
}

}  // namespace stampline::server::analytics
