// GroupCommit (store/group_commit.h): concurrent calls are run in groups by one leader at a time,
// and every caller gets back the result its own job was given.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "server/store/group_commit.h"
#include "server/store/memory_store.h"

using namespace stampline;
using namespace stampline::server;

TEST_CASE("group commit runs waiting calls together and gives each caller its own result") {
    std::mutex mu;
    std::vector<std::size_t> group_sizes;
    const auto memory = make_memory_store();
    std::atomic<int> running{0}, overlap{0};
    GroupCommit commit([&](std::span<GroupCommit::Job* const> group) {
        if (running.fetch_add(1) != 0) ++overlap;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a slow fsync
        // Any transaction will do: the jobs below only return a status.
        REQUIRE(memory->write([&](WriteTxn& txn) {
            for (GroupCommit::Job* job : group) job->result = (*job->fn)(txn);
            return Status::ok();
        }));
        {
            std::lock_guard lock(mu);
            group_sizes.push_back(group.size());
        }
        running.fetch_sub(1);
    });

    constexpr int kThreads = 8, kCalls = 20;
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kCalls; ++i) {
                const std::string mine = std::to_string(t) + "/" + std::to_string(i);
                Status s = commit.submit([&](WriteTxn&) { return invalid(mine); });
                if (s.message() != mine) ++wrong;
            }
        });
    }
    for (auto& th : threads) th.join();

    CHECK(wrong == 0);
    CHECK(overlap == 0);
    std::size_t jobs = 0, largest = 0;
    for (std::size_t n : group_sizes) {
        jobs += n;
        largest = std::max(largest, n);
    }
    CHECK(jobs == kThreads * kCalls);
    CHECK(largest > 1);                                          // calls that waited shared a group
    CHECK(group_sizes.size() < std::size_t{kThreads * kCalls});  // fewer groups than calls
}
