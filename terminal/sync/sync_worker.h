// The sync thread: pushes the outbox to the server in batches, with retry and exponential
// backoff while the server is unreachable; removes only acknowledged events; moves refused ones
// to the attention list; refreshes the reference data; fetches unit trails on request. It talks
// to the UI only by posting actions (SyncReport, ReferenceLoaded, UnitLoaded) to the queue.
#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "shared/time.h"
#include "terminal/core/action_queue.h"
#include "terminal/store/outbox.h"
#include "terminal/sync/server_client.h"

namespace stampline::terminal {

struct SyncOptions {
    std::size_t batch_size = 100;
    std::chrono::milliseconds idle_poll{2000};      // check the outbox and reference this often
    std::chrono::milliseconds backoff_min{250};     // first retry after a failure
    std::chrono::milliseconds backoff_max{10'000};  // the backoff doubles up to this
    std::chrono::milliseconds reference_every{60'000};
};

class SyncWorker {
public:
    // Starts the thread. outbox, client, queue and clock must outlive the worker.
    SyncWorker(Outbox& outbox, ServerClient& client, ActionQueue& queue, const Clock& clock,
               SyncOptions options = {});
    ~SyncWorker();  // stops and joins
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    // Something was appended: push now instead of waiting for the next poll. Any thread.
    void wake();
    // Fetch the unit's trail; posts UnitLoaded{serial, trail + pending_for(serial), Server} and
    // caches the trail, or nothing when the server is unreachable. Any thread.
    void request_trail(const std::string& serial);

private:
    // How an exchange ended: Ok; Retry (the server is unreachable: back off, doubling);
    // Stuck (an error that retrying soon will not fix: back off at backoff_max).
    enum class Outcome { Ok, Retry, Stuck };
    using Steady = std::chrono::steady_clock;

    void run();
    bool stopping();
    void post_cached_reference();
    Outcome refresh_reference();
    Outcome drain();
    void fetch_trail(const std::string& serial);
    // The server answered: online, last_sync; ends a backoff for an unreachable server.
    void succeeded();
    // An exchange with the server failed: report, back off.
    Outcome failed(const Status& status);
    // The outbox file failed: report, back off at backoff_max.
    Outcome local_failure(const Status& status);
    void reload_attention();
    void report();

    Outbox& outbox_;
    ServerClient& client_;
    ActionQueue& queue_;
    const Clock& clock_;
    SyncOptions options_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
    bool woken_ = false;
    std::deque<std::string> trail_requests_;
    // Owned by the sync thread.
    SyncState state_;
    std::vector<AttentionItem> attention_;
    std::string etag_;         // of the reference last loaded ("" for none)
    std::string stuck_error_;  // why the drain cannot proceed ("" when it can)
    std::chrono::milliseconds backoff_{0};
    Steady::time_point retry_at_{};  // no exchange before this (backing off)
    std::thread thread_;             // last: starts after the members above exist
};

}  // namespace stampline::terminal
