#include "server/store/group_commit.h"

#include <exception>
#include <string>

namespace stampline::server {

Status GroupCommit::submit(const std::function<Status(WriteTxn&)>& fn) {
    Job me{&fn, Status::ok()};
    std::unique_lock lock(mu_);
    queue_.push_back(&me);
    cv_.wait(lock, [&] { return me.done || !running_; });
    if (me.done) return me.result;  // a leader ran it

    // This thread leads: it takes every queued job (its own among them).
    running_ = true;
    std::vector<Job*> group;
    group.swap(queue_);
    lock.unlock();
    try {
        run_(group);
    } catch (...) {  // not expected (errors are values); never leave the others waiting
        for (Job* job : group)
            if (job->result) job->result = Status(Code::Internal, "the write group failed");
    }
    lock.lock();
    for (Job* job : group) job->done = true;
    running_ = false;
    cv_.notify_all();
    return me.result;
}

Status run_write_call(const std::function<Status(WriteTxn&)>& fn, WriteTxn& txn) {
    try {
        return fn(txn);
    } catch (const std::exception& e) {
        return Status(Code::Internal, std::string("the write transaction threw: ") + e.what());
    } catch (...) {
        return Status(Code::Internal, "the write transaction threw");
    }
}

}  // namespace stampline::server
