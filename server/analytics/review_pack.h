// The monthly review pack: what the review meeting of one calendar month looks at. The month's
// figures next to the months before it (trend), the month's Pareto, escape matrix, bottleneck and
// repeat offenders, and the corrective actions: the decisions of earlier meetings with their
// execution (the meeting checks it) and the decisions of this month's meeting.
//
// The meeting that reviews month M is held after M is over (its figures are complete only then):
// the November meeting sits in early December. So decisions belong to the review they were taken
// at (CorrectiveAction::review_month), not to the day they were typed in:
//   new decisions of M:     the actions whose review_month is M.
//   M's review was held at: the moment the first of its decisions was recorded; while none is,
//                           the meeting is taken to be under way at as_of.
//   earlier decisions of M: the actions of earlier reviews (review_month before M) that existed
//                           when M's review was held and were not closed by then. Closed:
//                           cancelled, or done and its effect verified.
//   execution:              every decision's status, overdue flag, done date and verification
//                           are judged as of `as_of`, the instant the pack is looked at (default
//                           now; fixed for the printed minutes). Only what was recorded at or
//                           before as_of counts, and an action recorded after it is not listed.
// The month's production figures (trend, Pareto, escapes, bottleneck) are those of the month and
// do not depend on as_of.
//
// Pure: no store, no clock. Months are calendar months of the plant's time zone (plant.zone) over
// the acts' times, as in every analysis
// (analytics_query.h); corrective actions are dated by the server clock at which they were
// recorded. The sections reuse nc_analysis.h and stage_analysis.h over the month's query (no
// product, stage or code filter).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "server/analytics/analytics_query.h"
#include "server/analytics/nc_analysis.h"
#include "server/analytics/stage_analysis.h"
#include "server/service/corrective_actions.h"

namespace stampline::server::analytics {

struct ReviewPackOptions {
    YearMonth month;       // the month under review
    int trend_months = 6;  // trend rows: the month and the trend_months - 1 before it; >= 1
    // Recurring nonconformances: codes raised in at least repeat_min_months of the repeat_months
    // months that end with `month` (the plant's [analytics] gives the defaults; the API and the
    // page take them as parameters).
    int repeat_months = 6;
    int repeat_min_months = 3;
    // The instant the decisions are judged at (see the header): now, or a fixed instant.
    Timestamp as_of;
};

// A product type's rolled throughput yield in one month (stage_analysis.h route_yields).
struct ProductYield {
    std::string product_type;
    std::optional<double> rolled_throughput_yield;  // unknown when a route stage passed no unit
};

// The figures of one month.
//   units_passed:     units that signed off at least one stage in the month
//   ncs, nc_quantity: NCs raised in the month and the sum of their quantities
//   ncs_per_100_units = 100 * ncs / units_passed (0 when no unit passed)
//   escapes:          of those NCs, the ones caught at a later route stage than their origin
//   first_pass_yield: over every stage sign-off in the month, the share that passed first time
//                     (the sum of stage_stats' first_pass_units / the sum of their units_passed);
//                     unknown when nothing was signed off
//   corrective_actions: due, done, overdue in the month (corrective_action_months)
struct TrendRow {
    YearMonth month;
    int units_passed = 0;
    int ncs = 0;
    std::int64_t nc_quantity = 0;
    double ncs_per_100_units = 0;
    int escapes = 0;
    std::int64_t escaped_quantity = 0;
    std::optional<double> first_pass_yield;
    std::vector<ProductYield> rolled_throughput_yields;  // one per product type, plant order
    CaMonthFigures corrective_actions;
};

// A corrective action as the review sees it, as of `as_of` (ReviewPack::as_of).
struct DecisionReview {
    CorrectiveAction action;                // its current state (status, history, verification)
    CaStatus status_then = CaStatus::Open;  // its status as of as_of
    bool overdue = false;              // open or in progress as of as_of, its due day over by then
    std::optional<Timestamp> done_at;  // when made done, if done by as_of
    bool verified = false;             // its verification was recorded by as_of
};

struct ReviewPack {
    YearMonth month;
    Timestamp from;   // the month's first instant (inclusive)
    Timestamp to;     // the next month's first instant (exclusive)
    Timestamp as_of;  // the instant the decisions are judged at (options.as_of)
    // When the month's review was held: its first decision's recording, or as_of while it has
    // none (review_held_recorded false).
    Timestamp review_held;
    bool review_held_recorded = false;
    std::vector<TrendRow> trend;  // oldest first; the last row is the month under review
    ParetoGroup pareto;           // ungrouped
    EscapeMatrix escapes;
    Bottleneck bottleneck;  // WIP is as of the data given (now), as in bottleneck()
    std::vector<RepeatOffender> repeat_offenders;
    int repeat_months = 0;      // the window used (options.repeat_months, at least 1)
    int repeat_min_months = 0;  // the threshold used (clamped to 1..repeat_months)
    // How many months of the window the record covers: from the month of its first act (any
    // unit) to the month under review, at most repeat_months; 0 when there is no record. Below
    // repeat_months there is not enough history yet to say that nothing recurs.
    int repeat_history_months = 0;
    // Decisions of earlier meetings not closed when this review was held (a done action awaits
    // the check of its effect), in the order created.
    std::vector<DecisionReview> earlier_decisions;
    // The decisions of this month's review, in the order created.
    std::vector<DecisionReview> new_decisions;
    // The event log's chain head when the pack was made (set by the caller from the store;
    // chain_seq 0 when unknown or the log is empty). Printed with the pack, it makes the signed
    // minutes an anchor: `stampline verify --anchor SEQ:HASH` proves the record up to it unchanged.
    std::int64_t chain_seq = 0;
    std::string chain_hash;
};

// The review pack of options.month over the units' events and the corrective actions (every
// action, current state, as corrective_actions() gives them). A trend_months below 1 is taken
// as 1; repeat_min_months is clamped to [1, repeat_months].
ReviewPack review_pack(const Plant& plant, std::span<const UnitEvents> units,
                       std::span<const CorrectiveAction> actions, const ReviewPackOptions& options);
// The same over derived views (analytics_query.h).
ReviewPack review_pack(const Plant& plant, std::span<const UnitView> units,
                       std::span<const CorrectiveAction> actions, const ReviewPackOptions& options);

// What the review pack takes from one calendar month's units (all but the corrective actions
// and the work in progress): computed a month at a time, so that at most one month's units are
// in memory, and kept between packs while nothing changes it (MonthFiguresCache).
struct MonthFigures {
    TrendRow trend;       // corrective_actions left empty
    RepeatTally repeats;  // the month's NCs by code
    // The analyses of the month under review (only when asked for):
    ParetoGroup pareto;
    EscapeMatrix escapes;
    std::vector<StageStats> stages;  // work in progress not set
};
MonthFigures month_figures(const Plant& plant, std::span<const UnitView> units, YearMonth month,
                           bool reviewed);

// The figures of a month, e.g. MonthFiguresCache::get; an error stops the pack.
using MonthSource = std::function<Result<MonthFigures>(YearMonth month, bool reviewed)>;

// The same over months' figures. summary: of every unit (Store::units_summary), for the work in
// progress and the history's first act.
Result<ReviewPack> review_pack(const Plant& plant, const MonthSource& months,
                               const UnitsSummary& summary,
                               std::span<const CorrectiveAction> actions,
                               const ReviewPackOptions& options);

}  // namespace stampline::server::analytics
