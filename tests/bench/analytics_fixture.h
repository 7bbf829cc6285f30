// The analytics benchmarks' fixture (bench_analytics, bench_history), built once and reused by
// path: `months` calendar months of production from server/simulate (the same simulator as
// `stampline simulate`: units with their control points, NCs found at the next stage or escaping
// further, corrections, verifications, holds, a planted WIRING problem and a slow ADJUST stage),
// each month its own seed (seed + its index), the last one October 2026, the month reviewed.
// Units unfinished at a month's end stay unfinished. The stamps are put and the events appended
// through the store's own write transactions (Store::write + WriteTxn::append: the real schema,
// hash chain, facts and checks), 20,000 events per transaction, skipping HTTP and the trail rules
// (the simulator has already replayed every event through them).
#pragma once

#include <cstdint>
#include <string>

#include "shared/plant.h"
#include "shared/time.h"

namespace stampline::bench {

struct AnalyticsFixture {
    std::string db;
    int units = 46'000;  // a month
    int months = 1;
    std::uint64_t seed = 1;
};

// The fixture's file in dir, named by units, months and seed.
std::string analytics_fixture_path(const std::string& dir, int units, int months,
                                   std::uint64_t seed);

// Builds it at opt.db (through opt.db + ".partial", renamed when done); exits on an error.
void build_analytics_fixture(const AnalyticsFixture& opt, const Plant& plant);

// The first day of month m (0-based) of a fixture of `months` months.
Date month_start(int months, int m);
int days_in_month(Date first);

}  // namespace stampline::bench
