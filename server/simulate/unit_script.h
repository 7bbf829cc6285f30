// One unit's life in the simulated period: its sheet issue and every act at the stations of its
// route, as drafts on the working-minute axis (ids are assigned later, in time order across all
// units). Internal to simulation.cpp; separate so each part stays small.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "server/simulate/shift_axis.h"
#include "server/simulate/simulation_options.h"
#include "shared/event.h"
#include "shared/plant.h"
#include "shared/stamp.h"

namespace stampline::server::simulate {

struct Draft {
    std::int64_t ms = 0;  // terminal time
    int unit = 0;
    int seq = 0;   // order within the unit
    Event event;   // id not yet assigned
    int ref = -1;  // for NcCorrected / NcVerified: the draft index of the NcRaised
};

struct ScriptTotals {
    int complete = 0;
    int ncs = 0;
    int planted_ncs = 0;
    int planted_escapes = 0;
};

// Writes drafts for units in turn. The stamp `retiring` is not chosen for a stage visit that
// starts at or after working minute `retire_from` (it is suspended later).
class UnitScript {
public:
    UnitScript(const Plant& plant, const SimulationOptions& options, const ShiftAxis& calendar,
               const std::vector<StampRecord>& roster, std::string retiring, double retire_from,
               std::mt19937_64& rng, std::vector<Draft>& out, ScriptTotals& totals);

    // Registers the unit at working minute `start` and takes it along its route until the route
    // ends or the period does.
    void run(int unit, const ProductType& product, const std::string& serial,
             const std::string& order, double start);

private:
    struct PendingNc {
        int detect = 0;  // route index where it will be found
        std::string origin;
        std::string code;
        bool planted = false;
    };

    double uniform(double lo, double hi);
    bool chance(double p);
    template <typename T>
    const T& pick(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(rng_() % v.size())];
    }
    // Appends the act at working minute t (advanced by at least one minute past the last act);
    // false when t is past the period: the unit stays where it is.
    bool emit(double& t, double advance, const std::string& stage, const std::string& station,
              const std::string& stamp, EventBody body, int ref = -1);
    // Raises, corrects and verifies one NC at the stage, found there at `found` (NcRaised::found);
    // false when the period ends first.
    bool handle_nc(double& t, const PendingNc& nc, const char* found, const std::string& stage,
                   const std::string& station, const std::string& worker,
                   const std::string& verifier);
    std::vector<PendingNc> new_ncs(const ProductType& product, int i);
    std::vector<CheckResult> checks(const std::string& from, const std::string& to, int failing);

    const Plant& plant_;
    const SimulationOptions& o_;
    const ShiftAxis& calendar_;
    const std::vector<StampRecord>& roster_;
    std::string retiring_;
    double retire_from_;
    std::mt19937_64& rng_;
    std::vector<Draft>& out_;
    ScriptTotals& totals_;
    // Per unit:
    int unit_ = 0;
    int seq_ = 0;
    std::string serial_;
};

}  // namespace stampline::server::simulate
