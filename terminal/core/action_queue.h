// Actions posted by other threads (sync, scanners, effect workers) for the UI thread, which
// drains them once per frame. Thread-safe. `on_post` (e.g. glfwPostEmptyEvent) wakes the frame
// loop; it is called after the action is queued, from the posting thread.
#pragma once
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "terminal/core/actions.h"

namespace stampline::terminal {

class ActionQueue {
public:
    explicit ActionQueue(std::function<void()> on_post = {}) : on_post_(std::move(on_post)) {}

    void post(Action action) {
        {
            std::lock_guard lock(mu_);
            queue_.push_back(std::move(action));
        }
        if (on_post_) on_post_();
    }

    std::vector<Action> drain() {
        std::lock_guard lock(mu_);
        std::vector<Action> out(std::make_move_iterator(queue_.begin()),
                                std::make_move_iterator(queue_.end()));
        queue_.clear();
        return out;
    }

private:
    std::function<void()> on_post_;
    std::mutex mu_;
    std::deque<Action> queue_;
};

}  // namespace stampline::terminal
