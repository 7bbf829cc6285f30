// Which nonconformance codes tend to arise at which stage of an electrical-equipment plant: the
// simulator's model of background NCs (the planted problem's codes come from its category).
#pragma once

#include <string>
#include <vector>

#include "shared/plant.h"

namespace stampline::server::simulate {

// The catalog codes typical of NCs originating at `stage`, leaving out `planted_category` except
// at `planted_stage`; when the model knows none of the plant's codes for the stage, every code
// of the catalog outside the planted category (or, failing that, every code).
std::vector<std::string> typical_codes(const Plant& plant, std::string_view stage,
                                       std::string_view planted_stage,
                                       std::string_view planted_category);

}  // namespace stampline::server::simulate
