// An auditor's acceptance of an act the bounds on terminal clocks refused (DESIGN.md §5): the
// act happened, the terminal's clock was wrong or it was offline too long, and the auditor has
// checked it (with the worker, the sheet, the station's log). The act goes into the log after
// all, with the auditor's reason kept on its quarantine entry.
#pragma once

#include <string_view>

#include "server/store/store.h"
#include "shared/plant.h"
#include "shared/time.h"

namespace stampline::server {

// Accepts the quarantined event `id` into the log with `reason` (by `by`, e.g. actor_of the
// token), when:
//   - it was refused for its clock (clock_ahead, clock_behind_unit, offline_too_long); any other
//     refusal is about the act itself and can only be resolved (Conflict names its reason);
//   - its act time is not still later than now (beyond clock_ahead_tolerance_s): an act dated in
//     the future would block the unit's next acts on right clocks (Conflict);
//   - the trail rules (check_event) allow it against the unit's trail now, stamp validity
//     judged at the act's time (Conflict with the rule's message otherwise);
//   - its entry is not resolved yet (Conflict) and exists (NotFound).
// The answer is the acceptance (seq, received_at = now). Nothing changes when it is refused.
Result<EventAnswer> accept_quarantined_act(Store& store, const Plant& plant, const Clock& clock,
                                           const Uuid& id, std::string_view reason,
                                           std::string_view by);

// Whether a refusal code is one of the bounds on a terminal's clock (check_act_time).
bool is_clock_refusal(std::string_view reason);

}  // namespace stampline::server
