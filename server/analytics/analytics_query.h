// What every analysis reads: the units' events, the period of terminal time and the filters.
// Pure: no store, no clock, no I/O. The analyses use the act time of each act (Event::act_time,
// DESIGN §5).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "server/store/store.h"
#include "shared/event.h"
#include "shared/plant.h"
#include "shared/status.h"
#include "shared/time.h"
#include "shared/unit_state.h"

namespace stampline::server::analytics {

// The accepted events of one unit, in trail order.
using UnitEvents = std::vector<Event>;

// Splits a log (in seq order) into one event list per unit, in the order units first appear.
std::vector<UnitEvents> group_by_unit(std::span<const StoredEvent> log);

struct Query {
    // The period, over the act time of each act (Event::act_time). The API cuts it at the local
    // midnights of the plant's time zone (http/analytics_request.h).
    Timestamp from;            // inclusive
    Timestamp to;              // exclusive
    std::string product_type;  // "" = every product type
    std::string stage;         // "" = every stage; NCs match by stage of origin or of detection
    std::string code;          // "" = every NC code; applies to the NC counts only

    bool in_period(Timestamp t) const { return from <= t && t < to; }
};

// A unit as the analyses see it: its derived state, its product type and when it was issued.
struct UnitView {
    // nullptr when the unit is not registered or its product type is not in the plant: the
    // analyses skip such units. Never nullptr in derive_units' result.
    const ProductType* product = nullptr;
    // The terminal times of the unit's earliest and latest events, and state.complete(): enough
    // for an analysis to pass over a finished unit that did nothing in its period (acted_in).
    // Kept first, next to product, so that the test reads one cache line per unit.
    Timestamp first_at{std::numeric_limits<std::int64_t>::max()};
    Timestamp last_at{std::numeric_limits<std::int64_t>::min()};
    bool complete = false;
    Timestamp issued_at;  // terminal time of the (first) SheetIssued event
    // The first act at a station (not a sheet's issue or reprint) before any stage was signed
    // off: the start of the first stage's time (stage_analysis.h).
    std::optional<Timestamp> first_stage_act;
    UnitState state;
};

// Calls fn with the views of (at least) the units whose acts reach [from, to), e.g.
// UnitViews::read: how an analysis of a long window reads it a part at a time. An error stops
// the analysis.
using PeriodReader = std::function<Status(
    Timestamp from, Timestamp to, const std::function<void(std::span<const UnitView>)>& fn)>;

// Reads window's period one calendar month of the plant's zone at a time: fn gets each part's
// units and the part (the window with its period cut to the month). Stops at read's error.
Status read_by_month(const Plant& plant, const PeriodReader& read, const Query& window,
                     const std::function<void(std::span<const UnitView>, const Query&)>& fn);

// Folds one more event of the unit into its view (derive_state's fold, plus product and issue
// time). A default UnitView folded over a unit's events in trail order is that unit's view.
void apply_to_view(const Plant& plant, UnitView& view, const Event& event);

// False when none of the unit's events falls in the query's period: then every act the
// analyses count by period (NCs raised, acceptances, sign-offs) is outside it too. (A unit with
// events before and after the period but none in it gives true: a superset, never a miss.)
inline bool acted_in(const UnitView& unit, const Query& query) {
    return unit.first_at < query.to && query.from <= unit.last_at;
}

// Whether the analyses count the unit under the query: of a known product type that passes the
// query's product filter.
inline bool selected(const UnitView& unit, const Query& query) {
    return unit.product != nullptr &&
           (query.product_type.empty() || unit.state.product_type == query.product_type);
}

// The registered units of a known product type that pass the query's product filter.
std::vector<UnitView> derive_units(const Plant& plant, std::span<const UnitEvents> units,
                                   const Query& query);

// Every analysis has two forms with the same results: over the units' events (they are derived
// first, which costs a fold over every event), and over views already derived, e.g. those
// UnitViews reads for a period (analytics/unit_views.h). The view form skips the units that
// selected() rejects and those that did not act in the period, so it may be given a superset.

// A nonconformance placed on its unit's route.
struct NcFact {
    const UnitView* unit = nullptr;
    const NcState* nc = nullptr;
    int origin_index = -1;  // route position of the stage of origin, -1 when off the route
    // Route position of the stage of detection; the route's length for an NC found in the field
    // after delivery (no stage of detection: it is past the route).
    int detected_index = -1;
    bool field() const { return nc->raised.in_field(); }
    // An escape: an NC that passed at least one control point after its origin. Each route stage
    // after the first opens with a control point (the acceptance of the unit from the stage
    // before). Found at the control point of the stage of detection, it passed those of the
    // stages between: an escape when detected two or more stages after its origin; caught at
    // the first junction after its origin, where the process wants it caught, it is not one.
    // Found during the work (or at test, or in the field), it also passed the control point of
    // the stage of detection: an escape when detected at any later stage. An NC without `found`
    // (first-release events) is read as found during the work: the definition before the field.
    // Found in the field, it passed every control point after its origin: always an escape, the
    // most serious there is.
    bool escape() const {
        if (origin_index < 0) return false;
        if (field()) return true;
        if (nc->raised.found == "control_point") return detected_index > origin_index + 1;
        return detected_index > origin_index;
    }
};

// The NCs raised in the period that pass the stage and code filters, on the selected units.
std::vector<NcFact> ncs_in_query(std::span<const UnitView> units, const Query& query);

// Duration statistics over samples in seconds. Median: the middle value of the sorted samples
// (the mean of the two middle ones when their number is even). p90: nearest rank, the
// ceil(0.9 n)-th smallest value. Both 0 for no samples.
double median(std::vector<double> samples);
double p90(std::vector<double> samples);
// Both of the same samples, in linear time (selection, not a sort); reorders the samples.
struct MedianP90 {
    double median = 0;
    double p90 = 0;
};
MedianP90 median_and_p90(std::vector<double>& samples);

}  // namespace stampline::server::analytics
