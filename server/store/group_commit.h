// Group commit: write() calls that arrive while a write transaction is running wait, and the next
// of them to run (the leader) takes every waiting call and runs them as one group, in one
// transaction. N terminals posting at once then share one BEGIN/COMMIT and one fsync instead of
// queueing for N of them. Each call still gets its own result, and only once the group's outcome
// is known (committed and durable, or not).
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <span>
#include <vector>

#include "server/store/store.h"
#include "shared/status.h"

namespace stampline::server {

class GroupCommit {
public:
    struct Job {
        const std::function<Status(WriteTxn&)>* fn;
        Status result;  // set by the runner
        bool done = false;
    };
    // Runs every job of a group and sets each job's result. One group at a time.
    using Runner = std::function<void(std::span<Job* const> group)>;

    explicit GroupCommit(Runner run) : run_(std::move(run)) {}

    // Queues fn and returns its result once its group has run (on this thread or another).
    Status submit(const std::function<Status(WriteTxn&)>& fn);

private:
    Runner run_;
    std::mutex mu_;  // guards queue_, running_ and every queued Job's done
    std::condition_variable cv_;
    std::vector<Job*> queue_;
    bool running_ = false;
};

// Runs one write() call on txn: fn's status, or Internal when fn throws (a store never lets an
// exception out of write()). Every store runs its calls through it.
Status run_write_call(const std::function<Status(WriteTxn&)>& fn, WriteTxn& txn);

}  // namespace stampline::server
