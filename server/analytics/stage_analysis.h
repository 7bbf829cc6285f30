// How each stage performs and which one holds production back: units passed, NCs originating,
// first-pass yield, rolled throughput yield along each route, time in stage, work in progress,
// and the bottleneck ranking.
//
// Definitions (period = the query's [from, to) over terminal time):
// - Units passed at S: units whose sign-off of S falls in the period.
// - NCs originating at S: NCs raised in the period with origin S (stage and code filters apply);
//   per 100 units = 100 * NCs originating / units passed (0 when no unit passed).
// - Escapes from S: of those, the ones detected at a later route stage than S.
// - Severity-weighted rates (the quality ranking): each NC counts with its severity's weight
//   (plant [analytics] weight_minor / weight_major / weight_critical; 1 / 3 / 10 in the demo):
//   weighted NCs per 100 units = 100 * sum of the weights of NCs originating / units passed,
//   weighted escapes per 100 units = the same over the escapes from S. Both rates, so a stage's
//   figure does not grow with volume or with the length of the period.
// - First-pass yield of S: of the units passed at S, the share that passed first time. A
//   first-pass failure is charged to the stage where its cause originated: a unit fails S when
//   an NC (of any code, raised at any time) has its origin at S on that unit. A failed first run
//   of the next route stage's control point is charged through the NCs raised for it: those
//   detected at that stage before its control point passed, not found during the work, with an
//   origin before that stage (their origin stages fail; a WIRING
//   error caught at ACCEPT's control point charges WIRING, not ADJUST before ACCEPT). Only when
//   no NC was raised for it, so that nothing names an origin, is the failure charged to S, the
//   stage the control point checked. Unknown (nullopt) when no unit passed.
// - Rolled throughput yield of a route: the product of the first-pass yields of its stages,
//   computed over units of that product type; unknown when any stage's yield is unknown.
// - Time in stage S: from the start of S to its sign-off, over the units passed at S. The start
//   is the acceptance of S (its control point passed); for a stage without one, the sign-off of
//   the previous route stage; for the first stage of the route, the first act at it (an NC
//   raised, corrected or verified) before its sign-off: a unit whose only act at its first
//   stage is the sign-off has no known start there and is not timed (a sheet printed days ahead
//   does not start the clock). Working time: the part of that interval inside the shifts of
//   the plant's work calendar that staff S (shared/work_calendar.h; calendar time when the plant
//   has no calendar); calendar time: the whole interval. Median and p90 of each as defined in
//   analytics_query.h.
// - Work in progress at S: units now (ignoring the period) whose current stage is S, not complete.
//
// Each function has a form over the units' events and one over derived views (analytics_query.h).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "server/analytics/analytics_query.h"

namespace stampline::server::analytics {

struct StageStats {
    std::string stage;
    int units_passed = 0;
    int first_pass_units = 0;
    std::optional<double> first_pass_yield;  // first_pass_units / units_passed
    int ncs_originating = 0;
    std::int64_t quantity_originating = 0;
    double ncs_per_100_units = 0;
    int escapes = 0;
    int field_escapes = 0;     // of the escapes, those found in the field (customer complaints)
    int weighted_ncs = 0;      // sum of the severity weights of the NCs originating
    int weighted_escapes = 0;  // the same over the escapes
    double weighted_ncs_per_100_units = 0;
    double weighted_escapes_per_100_units = 0;
    // Enough units passed to rank the stage (units_passed >= plant ranking_min_units).
    bool ranked = false;
    int timed_units = 0;  // units passed whose start of the stage is known
    double median_working_time_s = 0;
    double p90_working_time_s = 0;
    double median_calendar_time_s = 0;
    double p90_calendar_time_s = 0;
    int wip = 0;
    int wip_on_hold = 0;  // of wip, units on hold
};

// One row per stage on the route of any selected product type, in the plant's stage order;
// only query.stage when it is set.
std::vector<StageStats> stage_stats(const Plant& plant, std::span<const UnitEvents> units,
                                    const Query& query);
std::vector<StageStats> stage_stats(const Plant& plant, std::span<const UnitView> units,
                                    const Query& query);

struct RouteYield {
    std::string product_type;
    std::vector<std::string> stages;                       // the route
    std::vector<std::optional<double>> first_pass_yields;  // per route stage
    std::optional<double> rolled_throughput_yield;
};

// One per product type (the filtered one when set), in the plant's order; query.stage is ignored.
std::vector<RouteYield> route_yields(const Plant& plant, std::span<const UnitEvents> units,
                                     const Query& query);
std::vector<RouteYield> route_yields(const Plant& plant, std::span<const UnitView> units,
                                     const Query& query);

// Quality score = weighted NCs originating per 100 units passed + weighted escapes per 100 units
// passed (an escape counts twice: as an NC of the stage and as one that got past its control
// points). Meaningful only for a ranked stage.
double quality_score(const StageStats& s);

struct Bottleneck {
    // The ranked stages by quality score descending (then stage order), then the stages with too
    // few units passed to be ranked, in stage order.
    std::vector<StageStats> by_quality;
    std::vector<StageStats> by_flow;  // p90 working time in stage, then WIP (both descending)
    std::string top_quality_stage;    // "" when no ranked stage has a score above 0
    std::string top_quality_reason;   // the figures that put it there, for a person
    std::string top_flow_stage;       // "" when no stage has time in stage or WIP
    std::string top_flow_reason;
};

Bottleneck bottleneck(const Plant& plant, std::span<const UnitEvents> units, const Query& query);
Bottleneck bottleneck(const Plant& plant, std::span<const UnitView> units, const Query& query);
// The ranking of stage_stats' rows.
Bottleneck bottleneck(std::vector<StageStats> stats);

// Sets the work in progress of each row (wip, wip_on_hold) from the units counted by where they
// are now (Store::units_summary, or units_summary below): what an analysis given only the units
// acting in its period cannot see. Units of product types not selected by the query, and done
// ones, count nowhere.
void set_work_in_progress(const Plant& plant, std::span<const ProgressCount> progress,
                          const Query& query, std::span<StageStats> rows);

// The summary Store::units_summary gives, of the registered units among these views.
UnitsSummary units_summary(std::span<const UnitView> units);

}  // namespace stampline::server::analytics
