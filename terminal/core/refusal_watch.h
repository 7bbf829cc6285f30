// The refusal on the worker's screen now, for the shell to sound the panel's bell once per new
// refusal ([terminal] refusal_sound): a refused scan or badge, a refused PIN, a red result.
#pragma once
#include <cstdint>

#include "terminal/core/app_state.h"

namespace stampline::terminal {

struct RefusalShown {
    Message message;         // empty when nothing is refused on screen
    std::uint64_t scan = 0;  // the scan it answers (the same code refused twice rings twice)
    bool operator==(const RefusalShown&) const = default;
    bool empty() const { return message.empty(); }
};

RefusalShown refusal_on_screen(const AppState& s);

}  // namespace stampline::terminal
