// A unit's trail as the terminal shows it: the server's (or the cached) trail, then this
// terminal's events that the server has not acknowledged yet. Pure; used by the sync thread
// (fresh trails) and by the shell (cached trails).
#pragma once
#include <span>
#include <vector>

#include "shared/event.h"

namespace stampline::terminal {

// The events of trail in their order, then the events of pending (in their order) whose id is
// not already in trail: an event both sent and still pending appears once.
std::vector<Event> merge_trail(std::vector<Event> trail, std::span<const Event> pending);

}  // namespace stampline::terminal
