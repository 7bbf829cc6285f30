#include "terminal/sync/trail_merge.h"

#include <set>

namespace stampline::terminal {

std::vector<Event> merge_trail(std::vector<Event> trail, std::span<const Event> pending) {
    std::set<Uuid> seen;
    for (const Event& e : trail) seen.insert(e.id);
    for (const Event& e : pending) {
        if (seen.insert(e.id).second) trail.push_back(e);
    }
    return trail;
}

}  // namespace stampline::terminal
