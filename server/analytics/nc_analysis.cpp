#include "server/analytics/nc_analysis.h"

#include <algorithm>
#include <map>
#include <set>

namespace stampline::server::analytics {

namespace {

// Position of a stage in the plant's stage list (unknown stages last).
int plant_order(const Plant& plant, std::string_view stage) {
    for (std::size_t i = 0; i < plant.stages.size(); ++i)
        if (plant.stages[i].code == stage) return static_cast<int>(i);
    return static_cast<int>(plant.stages.size());
}

// Position of a field column: after every stage, in the plant's lifecycle order.
int field_order(const Plant& plant, std::string_view lifecycle_stage) {
    int i = static_cast<int>(plant.stages.size()) + 1;
    for (const LifecycleStage& l : plant.lifecycle_stages) {
        if (l.code == lifecycle_stage) return i;
        ++i;
    }
    return i;
}

ParetoGroup make_group(std::string stage, const std::vector<const NcFact*>& ncs,
                       ParetoMeasure measure) {
    ParetoGroup group;
    group.stage = std::move(stage);
    group.measure = measure;
    std::map<std::string, ParetoRow> rows;
    for (const NcFact* f : ncs) {
        ParetoRow& row = rows[f->nc->raised.code];
        row.code = f->nc->raised.code;
        ++row.count;
        row.quantity += f->nc->raised.quantity;
        ++group.total_count;
        group.total_quantity += f->nc->raised.quantity;
    }
    for (auto& [code, row] : rows) group.rows.push_back(std::move(row));
    const bool items = measure == ParetoMeasure::Items;
    auto key = [items](const ParetoRow& r) {
        using Key = std::pair<std::int64_t, std::int64_t>;
        return items ? Key{r.quantity, r.count} : Key{r.count, r.quantity};
    };
    std::sort(group.rows.begin(), group.rows.end(), [&](const ParetoRow& a, const ParetoRow& b) {
        if (key(a) != key(b)) return key(a) > key(b);
        return a.code < b.code;
    });
    const std::int64_t total = items ? group.total_quantity : group.total_count;
    std::int64_t running = 0;
    for (ParetoRow& row : group.rows) {
        const std::int64_t value = items ? row.quantity : row.count;
        running += value;
        row.share = static_cast<double>(value) / total;
        row.cumulative_share = static_cast<double>(running) / total;
    }
    return group;
}

struct Month {
    int year = 0;
    int month = 0;
    int ordinal() const { return year * 12 + (month - 1); }
};

std::string month_text(int ordinal) {
    const int year = ordinal / 12;
    const int month = ordinal % 12 + 1;
    std::string out = std::to_string(year) + "-";
    if (month < 10) out += "0";
    return out + std::to_string(month);
}

}  // namespace

const char* pareto_measure_name(ParetoMeasure m) {
    return m == ParetoMeasure::Items ? "items" : "records";
}

bool parse_pareto_measure(std::string_view text, ParetoMeasure* out) {
    if (text == "records") {
        *out = ParetoMeasure::Records;
    } else if (text == "items") {
        *out = ParetoMeasure::Items;
    } else {
        return false;
    }
    return true;
}

std::vector<ParetoGroup> pareto(const Plant& plant, std::span<const UnitEvents> units,
                                const Query& query, NcGrouping grouping, ParetoMeasure measure) {
    return pareto(plant, derive_units(plant, units, query), query, grouping, measure);
}

std::vector<ParetoGroup> pareto(const Plant& plant, std::span<const UnitView> units,
                                const Query& query, NcGrouping grouping, ParetoMeasure measure) {
    const std::vector<NcFact> facts = ncs_in_query(units, query);
    if (grouping == NcGrouping::None) {
        std::vector<const NcFact*> all;
        for (const NcFact& f : facts) all.push_back(&f);
        return {make_group("", all, measure)};
    }
    std::map<std::pair<int, std::string>, std::vector<const NcFact*>> by_stage;
    for (const NcFact& f : facts) {
        const std::string& stage =
            grouping == NcGrouping::OriginStage ? f.nc->raised.origin_stage : f.nc->detected_stage;
        by_stage[{plant_order(plant, stage), stage}].push_back(&f);
    }
    std::vector<ParetoGroup> out;
    for (const auto& [key, ncs] : by_stage) out.push_back(make_group(key.second, ncs, measure));
    return out;
}

EscapeMatrix escape_matrix(const Plant& plant, std::span<const UnitEvents> units,
                           const Query& query) {
    return escape_matrix(plant, derive_units(plant, units, query), query);
}

EscapeMatrix escape_matrix(const Plant& plant, std::span<const UnitView> units,
                           const Query& query) {
    EscapeMatrix matrix;
    std::map<std::pair<int, int>, EscapeCell> cells;
    for (const NcFact& f : ncs_in_query(units, query)) {
        const std::string& origin = f.nc->raised.origin_stage;
        const std::string& detected = f.nc->detected_stage;
        const std::string& field_stage = f.nc->raised.field_stage;
        const int column =
            f.field() ? field_order(plant, field_stage) : plant_order(plant, detected);
        EscapeCell& cell = cells[{plant_order(plant, origin), column}];
        cell.origin_stage = origin;
        cell.detected_stage = detected;
        cell.field_stage = field_stage;
        ++cell.count;
        cell.quantity += f.nc->raised.quantity;
        if (f.escape()) {
            cell.max_distance = std::max(cell.max_distance, f.detected_index - f.origin_index);
            ++cell.escapes;
            cell.escape = true;
        }
        ++matrix.total_ncs;
        if (f.escape()) {
            ++matrix.escapes;
            if (f.field()) ++matrix.field_escapes;
            matrix.escaped_quantity += f.nc->raised.quantity;
        }
    }
    for (auto& [key, cell] : cells) matrix.cells.push_back(std::move(cell));
    return matrix;
}

std::vector<RepeatOffender> repeat_offenders(const Plant& plant, std::span<const UnitEvents> units,
                                             const Query& query, int months, int min_months) {
    // The product filter is the same for the window as for the query.
    return repeat_offenders(plant, derive_units(plant, units, query), query, months, min_months);
}

Query repeat_window(const Plant& plant, const Query& query, int months) {
    const TimeZone& zone = plant.zone;
    const Date last = zone.date_of(Timestamp{query.to.ms - 1});
    const int first_month = Month{last.year, last.month}.ordinal() - months + 1;
    Query window = query;
    window.from = zone.start_of(Date{first_month / 12, first_month % 12 + 1, 1});
    return window;
}

std::vector<RepeatOffender> repeat_offenders(const Plant& plant, std::span<const UnitView> units,
                                             const Query& query, int months, int min_months) {
    if (months < 1) return {};
    RepeatTally tally;
    tally.add(plant, units, repeat_window(plant, query, months));
    return tally.offenders(min_months);
}

Result<std::vector<RepeatOffender>> repeat_offenders(const Plant& plant, const PeriodReader& read,
                                                     const Query& query, int months,
                                                     int min_months) {
    if (months < 1) return std::vector<RepeatOffender>();
    RepeatTally tally;
    const Status s = read_by_month(
        plant, read, repeat_window(plant, query, months),
        [&](std::span<const UnitView> units, const Query& part) { tally.add(plant, units, part); });
    if (!s) return s;
    return tally.offenders(min_months);
}

void RepeatTally::add(const Plant& plant, std::span<const UnitView> units, const Query& part) {
    for (const NcFact& f : ncs_in_query(units, part)) {
        const Date d = plant.zone.date_of(f.nc->raised_by.at);
        auto& [seen, count] = by_code_[f.nc->raised.code];
        seen.insert(Month{d.year, d.month}.ordinal());
        ++count;
    }
}

void RepeatTally::add(const RepeatTally& other) {
    for (const auto& [code, entry] : other.by_code_) {
        auto& [seen, count] = by_code_[code];
        seen.insert(entry.first.begin(), entry.first.end());
        count += entry.second;
    }
}

std::vector<RepeatTally::Entry> RepeatTally::entries() const {
    std::vector<Entry> out;
    for (const auto& [code, entry] : by_code_)
        out.push_back({code, {entry.first.begin(), entry.first.end()}, entry.second});
    return out;
}

void RepeatTally::add(const Entry& entry) {
    auto& [seen, count] = by_code_[entry.code];
    seen.insert(entry.months.begin(), entry.months.end());
    count += entry.count;
}

std::vector<RepeatOffender> RepeatTally::offenders(int min_months) const {
    std::vector<RepeatOffender> out;
    for (const auto& [code, entry] : by_code_) {
        const auto& [seen, count] = entry;
        if (static_cast<int>(seen.size()) < min_months) continue;
        RepeatOffender r{code, static_cast<int>(seen.size()), count, {}};
        for (int m : seen) r.months.push_back(month_text(m));
        out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(), [](const RepeatOffender& a, const RepeatOffender& b) {
        if (a.months_with != b.months_with) return a.months_with > b.months_with;
        if (a.count != b.count) return a.count > b.count;
        return a.code < b.code;
    });
    return out;
}

}  // namespace stampline::server::analytics
