// Terminals posting their outboxes while servers are killed under them (the crash tests). Each
// terminal behaves like the real outbox: a batch is removed only when its answer arrived, and is
// re-posted unchanged (same ids) otherwise. The answers received are kept to check, at the end,
// that every event is stored exactly once and as it was acknowledged.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "integration/api_client.h"

namespace stampline::itest {

struct CrashAnswer {
    std::string verdict;  // "accepted" | "refused" (the first answer, also for duplicates)
    std::int64_t seq = 0;
    int server = 0;  // which server gave it
};

class CrashLoad {
public:
    // Through the API of the server on port: stamp 777 for stage TZ, one terminal token at the
    // TZ station per terminal, and `units` sheets per terminal, each unit's outbox holding a
    // sign-off (accepted) and the same sign-off again (refused: already signed).
    CrashLoad(int port, const std::string& admin, int terminals, int units);

    // Starts the terminals. Terminal t posts batches of `batch` events to the port that
    // port_of(t, failures so far) gives, with that server's index.
    struct Target {
        int port;
        int server;
    };
    void start(int batch, std::function<Target(int terminal, int failures)> port_of);
    // Waits until every outbox is empty.
    void join();
    // Terminals keep their last batch until release(): so that kills made meanwhile all land
    // while every terminal is still posting, however long the servers take to start again.
    void hold_last_batches() { hold_last_ = true; }
    void release() { hold_last_ = false; }
    // Every terminal is holding its last batch: nothing will be posted until release().
    bool all_held() const { return holding_ == terminals_; }

    std::atomic<int> failed_posts{0};
    std::atomic<int> answered_posts{0};  // the caller may reset it
    std::atomic<int> in_flight{0};
    std::atomic<int> terminals_done{0};
    // Every outbox is empty.
    bool done() const { return terminals_done == terminals_; }

    // What the terminals were told; checks that every event is stored exactly once, accepted
    // ones at the seq they were told, refused ones in the quarantine. Returns the seqs of every
    // accepted event of the units (the sheets' included).
    std::vector<std::int64_t> check_stored_exactly_once(ApiClient& api, const std::string& admin);
    const std::map<std::string, CrashAnswer>& answers() const { return answers_; }

private:
    void run_terminal(int t, int batch, const std::function<Target(int, int)>& port_of);

    int terminals_;
    int units_;
    std::vector<std::string> tokens_;
    std::vector<std::vector<nlohmann::json>> outboxes_;
    std::vector<std::thread> threads_;
    std::atomic<bool> hold_last_{false};
    std::atomic<int> holding_{0};
    std::mutex mu_;
    std::map<std::string, CrashAnswer> answers_;  // event id -> first answer received
};

}  // namespace stampline::itest
