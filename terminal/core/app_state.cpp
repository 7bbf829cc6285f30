#include "terminal/core/app_state.h"

namespace stampline::terminal {

const StampRecord* Reference::stamp(std::string_view id) const {
    for (const StampRecord& s : stamps)
        if (s.id == id) return &s;
    return nullptr;
}

}  // namespace stampline::terminal
