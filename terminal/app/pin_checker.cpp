#include "terminal/app/pin_checker.h"

#include <algorithm>

#include "shared/pin_hash.h"

namespace stampline::terminal {

namespace {

void wipe(std::string& s) {
    volatile char* p = s.data();
    for (std::size_t i = 0; i < s.size(); ++i) p[i] = 0;
    s.clear();
}

}  // namespace

PinChecker::PinChecker(ActionQueue& queue) : queue_(queue), thread_(&PinChecker::run, this) {}

PinChecker::~PinChecker() {
    {
        std::lock_guard lock(mu_);
        stop_ = true;
        for (VerifyPin& r : requests_) wipe(r.pin);
        requests_.clear();
    }
    cv_.notify_all();
    thread_.join();
}

void PinChecker::check(VerifyPin request) {
    {
        std::lock_guard lock(mu_);
        requests_.push_back(std::move(request));
    }
    cv_.notify_all();
}

void PinChecker::run() {
    for (;;) {
        VerifyPin r;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stop_ || !requests_.empty(); });
            if (stop_) return;
            r = std::move(requests_.front());
            requests_.pop_front();
        }
        const bool ok = verify_pin(r.pin, r.pin_hash);
        wipe(r.pin);
        queue_.post(PinVerified{r.stamp, ok});
    }
}

}  // namespace stampline::terminal
