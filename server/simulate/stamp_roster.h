// The simulated plant's stamp holders: three stamps per stage of the routes (some also covering
// the next stage), so that a correction can always be verified by another stamp, even after one
// stamp is suspended mid-period.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "shared/plant.h"
#include "shared/stamp.h"

namespace stampline::server::simulate {

// Stamps numbered "101", "102", ... in the plant's stage order, active, with attestation due
// well after `start`. Every stage on a route of the plant is covered by at least three.
std::vector<StampRecord> make_roster(const Plant& plant, Date start, std::mt19937_64& rng);

// The ids of the roster's stamps covering `stage`, in roster order.
std::vector<std::string> stamps_covering(const std::vector<StampRecord>& roster,
                                         std::string_view stage);

}  // namespace stampline::server::simulate
