// The simulator's core: a plant and SimulationOptions in, the ordered acts of a period of
// production out: the stamps the head of the service department issues (and one suspended
// mid-period), the sheets the planner issues, and every act at the stations: acceptances with
// their checklists (a failed check raises an NC whose origin is the previous stage), sign-offs,
// NCs found at the next stage or escaping further, corrections by the stamp that raised them,
// verifications by another stamp, holds and releases by an auditor. Units still in the route at
// the end of the period are left in progress.
//
// Pure and deterministic: no clock, no I/O, no global state; std::mt19937_64 seeded with
// options.seed and UUIDv7 ids from a ManualClock at each act's time, so the same plant, options
// and seed give the same acts, byte for byte. Every event passes check_event when the acts are
// applied in order (simulate() replays them through the trail rules before returning).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "server/simulate/simulation_options.h"
#include "shared/event.h"
#include "shared/plant.h"
#include "shared/stamp.h"
#include "shared/status.h"

namespace stampline::server::simulate {

// Register a stamp (POST /api/v1/stamps). Issued before any event.
struct IssueStamp {
    StampRecord stamp;
};

// Suspend a stamp from `at` on (POST /api/v1/stamps/{id}/suspend); no later act uses it.
struct SuspendStamp {
    std::string id;
    Timestamp at;
};

// Record an event (POST /api/v1/events); sheets are issued as sheet_issued events of the
// planner's office, at their simulated time.
struct RecordEvent {
    Event event;
};

using Act = std::variant<IssueStamp, SuspendStamp, RecordEvent>;

struct Simulation {
    std::vector<Act> acts;  // in the order they must be performed
    Timestamp from;         // the period: the local midnight (plant.zone) of its first day ...
    Timestamp to;           // ... to the one that ends its last day (exclusive)
    int units = 0;          // sheets issued
    int units_complete = 0;
    int events = 0;  // RecordEvent acts
    int ncs = 0;
    int planted_ncs = 0;      // of ncs, the planted problem's
    int planted_escapes = 0;  // of those, caught at the planted detection stage
};

// InvalidArgument when the options do not fit the plant (an unknown stage or category, a planted
// detection stage not after its origin on any route, a stage without a station, a period without
// working days, counts or rates out of range). Internal if a generated event would be refused
// by the trail rules (a bug in the simulator), naming the event and the refusal.
Result<Simulation> simulate(const Plant& plant, const SimulationOptions& options);

}  // namespace stampline::server::simulate
