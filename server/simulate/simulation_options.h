// What a simulated production period looks like: how many units, over how many days, from which
// seed, and the problem planted in it. Every field has its documented default.
#pragma once

#include <cstdint>
#include <string>

#include "shared/time.h"

namespace stampline::server::simulate {

// A quality problem the simulation plants so that the analyses have something to find: NCs of
// one category arise at `origin_stage` on `rate` of the units passing it; `escape_rate` of them
// are caught only at `detection_stage`, the rest at the next stage of the route.
struct PlantedProblem {
    std::string origin_stage = "WIRING";
    std::string category = "WIR";  // NcCategory::code; its codes are used in turn at random
    std::string detection_stage = "ACCEPT";
    double rate = 0.35;
    double escape_rate = 0.7;
};

struct SimulationOptions {
    int units = 200;          // units registered (sheets issued) over the period, 1..100000
    int days = 30;            // local calendar days from `start`; shifts from the plant's calendar
    std::uint64_t seed = 1;   // same seed, plant and options -> the same acts, ids included
    Date start{2026, 11, 2};  // first day of the period
    PlantedProblem planted;
    // Background NCs: chance that a unit passing a stage gets one NC originating there.
    double background_rate = 0.04;
    // The flow bottleneck: work at this stage takes slow_factor times the usual time
    // ("" = no stage is slower than the others).
    std::string slow_stage = "ADJUST";
    double slow_factor = 3.0;
};

}  // namespace stampline::server::simulate
