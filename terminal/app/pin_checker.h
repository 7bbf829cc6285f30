// Runs VerifyPin effects off the UI thread: argon2id takes a noticeable fraction of a second by
// design, and the screen must keep drawing ("checking the PIN…"). One thread checks the requests
// in order and posts PinVerified for each.
#pragma once
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "terminal/core/action_queue.h"
#include "terminal/core/effects.h"

namespace stampline::terminal {

class PinChecker {
public:
    explicit PinChecker(ActionQueue& queue);  // starts the thread; queue must outlive it
    ~PinChecker();  // finishes the check under way, drops the others, joins
    PinChecker(const PinChecker&) = delete;
    PinChecker& operator=(const PinChecker&) = delete;

    // Any thread. The PIN is wiped from memory once checked.
    void check(VerifyPin request);

private:
    void run();

    ActionQueue& queue_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<VerifyPin> requests_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace stampline::terminal
