// Where nonconformances arise and where they are caught: the Pareto of NC codes, the escape
// matrix (stage of origin x stage of detection) and the codes that keep coming back.
// Every function counts the NCs raised in the query's period (terminal time of the NcRaised act)
// on units of the filtered product type, matching the stage and code filters. Each has a form
// over the units' events and one over derived views (see analytics_query.h).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "server/analytics/analytics_query.h"

namespace stampline::server::analytics {

// Two different measures of a code, never to be confused: how many NC records (cases: one
// nc_raised act each) and how many nonconforming items they concern (the sum of their quantities;
// one NC record may cover 4 bolts). 17 records of a code may be 21 items.
enum class ParetoMeasure { Records, Items };
const char* pareto_measure_name(ParetoMeasure m);  // "records" | "items"
bool parse_pareto_measure(std::string_view text, ParetoMeasure* out);

struct ParetoRow {
    std::string code;
    int count = 0;              // NC records with this code
    std::int64_t quantity = 0;  // nonconforming items: the sum of their quantities
    double share = 0;           // of the group's total in the group's measure
    double cumulative_share = 0;
};

struct ParetoGroup {
    std::string stage;  // the stage of origin or detection; "" when not grouped
    ParetoMeasure measure = ParetoMeasure::Records;  // what orders the rows and makes the shares
    int total_count = 0;
    std::int64_t total_quantity = 0;
    // By the measure, then the other one (both descending), then code.
    std::vector<ParetoRow> rows;
};

enum class NcGrouping { None, OriginStage, DetectedStage };

// Ungrouped: exactly one group (stage "", rows empty when no NC matched). Grouped: one group
// per stage that has an NC, in the plant's stage order.
std::vector<ParetoGroup> pareto(const Plant& plant, std::span<const UnitEvents> units,
                                const Query& query, NcGrouping grouping = NcGrouping::None,
                                ParetoMeasure measure = ParetoMeasure::Records);
std::vector<ParetoGroup> pareto(const Plant& plant, std::span<const UnitView> units,
                                const Query& query, NcGrouping grouping = NcGrouping::None,
                                ParetoMeasure measure = ParetoMeasure::Records);

struct EscapeCell {
    std::string origin_stage;
    std::string detected_stage;  // "" for the field columns
    // The lifecycle stage of a field column (found in the field after delivery: transport,
    // installation, commissioning, operation); "" for a stage of the route.
    std::string field_stage;
    int count = 0;
    std::int64_t quantity = 0;
    int max_distance = 0;  // most route stages between origin and detection over the escapes
    int escapes = 0;       // of count, the escapes (NcFact::escape: passed a control point)
    bool escape = false;   // escapes > 0; a cell of NCs all caught at the first junction after
                           // their origin (found at its control point) is not escaped
};

struct EscapeMatrix {
    // Non-empty cells, by origin then detection in plant order; the field columns come after
    // the stages, in the plant's lifecycle order.
    std::vector<EscapeCell> cells;
    int total_ncs = 0;
    int escapes = 0;        // NCs that passed at least one control point after their origin
    int field_escapes = 0;  // of the escapes, those found in the field
    std::int64_t escaped_quantity = 0;
};

EscapeMatrix escape_matrix(const Plant& plant, std::span<const UnitEvents> units,
                           const Query& query);
EscapeMatrix escape_matrix(const Plant& plant, std::span<const UnitView> units, const Query& query);

struct RepeatOffender {
    std::string code;
    int months_with = 0;              // calendar months of the window with at least one NC
    int count = 0;                    // NCs in the whole window
    std::vector<std::string> months;  // "2026-09", ... the months with NCs, ascending
};

// NC codes raised in at least min_months of the `months` calendar months that end with the month
// containing query.to - 1 ms (query.from is not used). Ordered by months_with, then count (both
// descending), then code. Empty when months < 1.
std::vector<RepeatOffender> repeat_offenders(const Plant& plant, std::span<const UnitEvents> units,
                                             const Query& query, int months, int min_months);
std::vector<RepeatOffender> repeat_offenders(const Plant& plant, std::span<const UnitView> units,
                                             const Query& query, int months, int min_months);

// repeat_offenders' window: query with from moved back to the start of the first of the
// `months` calendar months (months >= 1).
Query repeat_window(const Plant& plant, const Query& query, int months);

// repeat_offenders counted piecewise, for a window read a part at a time: add() each part's
// units with the part's period in the query (parts that do not overlap, together the window),
// then offenders().
// repeat_offenders reading its window one calendar month at a time (at most one month's units
// in memory).
Result<std::vector<RepeatOffender>> repeat_offenders(const Plant& plant, const PeriodReader& read,
                                                     const Query& query, int months,
                                                     int min_months);

class RepeatTally {
public:
    void add(const Plant& plant, std::span<const UnitView> units, const Query& part);
    void add(const RepeatTally& other);  // another part's tally
    std::vector<RepeatOffender> offenders(int min_months) const;

    // What it holds, code by code (to keep it: month_figures_text.h); add() takes an entry back.
    struct Entry {
        std::string code;
        std::vector<int> months;  // year * 12 + month - 1, ascending
        int count = 0;            // NCs
    };
    std::vector<Entry> entries() const;
    void add(const Entry& entry);

private:
    std::map<std::string, std::pair<std::set<int>, int>> by_code_;  // months seen, NCs
};

}  // namespace stampline::server::analytics
