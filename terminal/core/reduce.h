// The terminal's decisions: one pure function from (state, action) to the next state and the
// effects the shell must run. The trail rules (shared/trail_rules.h) decide every act locally
// before anything is recorded. Time comes from `clock`, event ids from `ids`.
#pragma once
#include <vector>

#include "shared/time.h"
#include "shared/uuid.h"
#include "terminal/core/actions.h"
#include "terminal/core/effects.h"

namespace stampline::terminal {

struct ReduceEnv {
    const Clock& clock;
    UuidV7Generator& ids;
};

std::vector<Effect> reduce(AppState& state, const Action& action, ReduceEnv& env);

}  // namespace stampline::terminal
