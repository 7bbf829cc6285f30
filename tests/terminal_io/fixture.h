// Helpers of the terminal I/O tests: events as terminal values, the action queue observed with a
// deadline, and a temp outbox file.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "integration/test_server.h"
#include "terminal/core/action_queue.h"
#include "terminal/store/outbox.h"

namespace stampline::tio {

using itest::json;
using namespace std::chrono_literals;

// The event of a wire-form event (EventFactory's), checked.
Event to_event(const json& wire);

// A minor nonconformance raised at stage by the station at that stage, signed with stamp.
Event nc_event(itest::EventFactory& factory, const std::string& serial, const std::string& stage,
               const std::string& stamp);

// Opens (creating) an outbox file; fails the test on error.
std::unique_ptr<terminal::Outbox> open_outbox(const std::string& path);

// The base URL of a test server.
std::string url_of(itest::TestServer& server);
std::string url_of_port(int port);

// The terminal's ActionQueue, with everything posted to it kept in order for the test to inspect.
class Actions {
public:
    Actions();
    terminal::ActionQueue& queue() { return queue_; }

    // Drains the queue until pred() holds (true) or timeout passes (false). pred reads the
    // accessors below; it is called with the actions seen so far.
    bool wait_for(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 15s);
    // Drains what is queued now.
    void drain();

    const std::vector<terminal::Action>& all() const { return seen_; }
    std::vector<terminal::SyncReport> reports() const;
    std::vector<terminal::ReferenceLoaded> references() const;
    std::vector<terminal::UnitLoaded> units() const;
    // The last SyncReport, or nullptr.
    const terminal::SyncReport* last_report() const;

private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool posted_ = false;
    terminal::ActionQueue queue_;
    std::vector<terminal::Action> seen_;
};

// A port on 127.0.0.1 with nothing listening (bound, then closed).
int unused_port();

}  // namespace stampline::tio
