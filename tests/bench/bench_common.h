// What the benchmarks share: the demo plant, fast deterministic randomness, a stamp registry,
// units walking their routes event by event (all events valid under the trail rules), and
// small statistics helpers.
#pragma once

#include <cstdint>
#include <limits>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "server/store/store.h"
#include "shared/event.h"
#include "shared/plant.h"
#include "shared/uuid.h"

namespace stampline::bench {

// The demo plant (config/demo); exits with a message when it does not load.
Plant load_demo_plant();

// SplitMix64: fast, deterministic, not for secrets. Not thread-safe.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next();
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }

private:
    std::uint64_t state_;
};

// A RandomSource for UUIDv7 generators: deterministic, thread-safe (a mutex).
class FastRandom final : public RandomSource {
public:
    explicit FastRandom(std::uint64_t seed) : rng_(seed) {}
    void fill(std::span<std::uint8_t> out) override;

private:
    std::mutex mu_;
    Rng rng_;
};

// The benchmark stamp registry: kStampsPerStage stamps per plant stage, each covering only its
// stage, attested until 2099. Ids "S<stage index><k>", e.g. "S0301".
inline constexpr int kStampsPerStage = 3;
std::string bench_stamp_id(std::size_t stage_index, int k);
// Issues the registry through the stamp service; exits on failure.
void issue_bench_stamps(server::Store& store, const Plant& plant);

// The first station of the plant that sits at stage.
const std::string& station_at(const Plant& plant, const std::string& stage);

struct WalkOptions {
    double nc_chance = 0.04;          // a stage raises, corrects and verifies a nonconformance
    double failed_acceptance = 0.02;  // a control point fails once and is run again
    std::size_t max_events = std::numeric_limits<std::size_t>::max();  // stop early (cancelled)
};

// One unit walking its whole route, one valid event at a time: the sheet is issued, then per
// stage the control point (after the first stage), sometimes a nonconformance raised, corrected
// and independently verified, and the sign-off. Every event is signed with a stamp of the stage
// and made at the plant's first station of that stage.
class UnitWalker {
public:
    UnitWalker(const Plant& plant, const ProductType& product, std::string serial,
               std::string order, std::uint64_t seed, WalkOptions options = {});

    bool done() const { return phase_ == Phase::Done; }
    // The route index of the stage the next event concerns: -1 before the sheet is issued,
    // route.size() when done.
    int next_stage_index() const;
    // The next event, with the given id and terminal time. Only when !done().
    Event next(const Uuid& id, Timestamp at);

private:
    enum class Phase { Sheet, Accept, NcRaise, NcCorrect, NcVerify, SignOff, Done };

    void after_stage_act();
    std::string stamp_for_stage(int exclude = -1);

    const Plant* plant_;  // pointers, so that walkers can be assigned
    const ProductType* product_;
    std::string serial_;
    std::string order_;
    Rng rng_;
    WalkOptions options_;
    Phase phase_ = Phase::Sheet;
    std::size_t stage_ = 0;  // route index
    std::size_t emitted_ = 0;
    bool failed_once_ = false;
    Uuid nc_id_;
    int corrector_ = -1;
};

// Nearest-rank percentile (p in 0..100) of samples; sorts them. 0 when empty.
double percentile(std::vector<double>& samples, double p);
// Median of values (copied). 0 when empty.
double median(std::vector<double> values);

// "12,345,678"
std::string with_commas(std::uint64_t n);

}  // namespace stampline::bench
