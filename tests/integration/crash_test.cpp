// The server is killed with SIGKILL at random moments while simulated terminals post batches
// (crash_load.h). At the end every event must be stored exactly once (in the log or the
// quarantine), every answer a terminal received must match what is stored, and the hash chain
// must verify. One server, on a SQLite file and on PostgreSQL ("postgresql: ..."); two servers on
// one PostgreSQL record, one of them killed at a time.
#include <doctest/doctest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "integration/crash_load.h"
#include "integration/test_server.h"

using namespace stampline::itest;

TEST_CASE(
    "events acknowledged before a SIGKILL survive and retried events are stored exactly once") {
    constexpr int kTerminals = 4;
    constexpr int kUnitsPerTerminal = 80;
    constexpr int kBatch = 8;
    constexpr int kKills = 20;

    TempDir dir;
    const TestRecord record(dir, "crash.db");  // or a PostgreSQL database ("postgresql: ...")
    const std::string admin = record.init();
    const std::vector<std::string> serve_args{"--db", record.locator(), "--plant",
                                              demo_plant_dir()};
    auto server = std::make_unique<ServerProcess>(dir.path(), serve_args);
    std::atomic<int> port{server->port()};

    CrashLoad load(server->port(), admin, kTerminals, kUnitsPerTerminal);
    load.start(kBatch, [&](int, int) { return CrashLoad::Target{port.load(), 0}; });

    // Each kill comes 0-9 ms after the restarted server answered one or two batches, so that
    // most kills land while terminals are posting.
    std::mt19937 rng(20261129);
    std::uniform_int_distribution<int> pause_ms(0, 9), posts(1, 2);
    int kills_in_flight = 0;
    for (int k = 0; k < kKills; ++k) {
        const int wanted = posts(rng);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (load.answered_posts < wanted && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
        kills_in_flight += load.in_flight > 0;
        kill(server->pid(), SIGKILL);
        load.answered_posts = 0;
        server->stop();  // reaps the killed process
        server = std::make_unique<ServerProcess>(dir.path(), serve_args);
        port = server->port();
    }
    load.join();
    MESSAGE("kills: " << kKills << " (" << kills_in_flight << " with a post in flight), posts that "
                      << "failed and were retried: " << load.failed_posts.load());
    CHECK(kills_in_flight >= kKills / 4);  // the test really crashed mid-post

    // Every acknowledged answer matches what is stored, and each event is stored exactly once.
    ApiClient api(port);
    load.check_stored_exactly_once(api, admin);

    server->stop();
    CommandResult verify = record.verify();
    CHECK_MESSAGE(verify.exit_code == 0, verify.out << verify.err);
}

TEST_CASE(
    "two servers on one record, one killed at random while both ingest, make one chain with no "
    "gaps and no duplicates") {
    // PostgreSQL only: SQLite's lock between processes is not fair (a waiting server sleeps
    // while the other takes the lock again), so two servers on one file take turns for seconds
    // instead of interleaving; a plant on SQLite runs one server.
    if (skip_unless_postgresql()) return;
    constexpr int kTerminals = 4;
    constexpr int kUnitsPerTerminal = 100;
    constexpr int kBatch = 4;
    constexpr int kKills = 20;

    TempDir dir;
    const TestRecord record(dir, "shared.db");
    const std::string admin = record.init();
    const std::vector<std::string> serve_args{"--db", record.locator(), "--plant",
                                              demo_plant_dir()};
    // Each server in a folder of its own (its port file, its logs), both on the one record.
    TempDir homes[2];
    std::unique_ptr<ServerProcess> servers[2];
    std::atomic<int> ports[2];
    for (int i = 0; i < 2; ++i) {
        servers[i] = std::make_unique<ServerProcess>(homes[i].path(), serve_args);
        ports[i] = servers[i]->port();
    }

    // Terminal t posts to server t % 2 and, after a failure, to the other one: the outbox of a
    // terminal configured with both addresses.
    CrashLoad load(ports[0], admin, kTerminals, kUnitsPerTerminal);
    load.hold_last_batches();
    load.start(kBatch, [&](int t, int failures) {
        const int server = (t + failures) % 2;
        return CrashLoad::Target{ports[server].load(), server};
    });

    std::mt19937 rng(20261207);
    std::uniform_int_distribution<int> pause_ms(0, 9), which(0, 1);
    int kills_in_flight = 0;
    for (int k = 0; k < kKills; ++k) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (load.answered_posts < 2 && !load.all_held() &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
        const int victim = which(rng);
        kills_in_flight += load.in_flight > 0;
        kill(servers[victim]->pid(), SIGKILL);
        load.answered_posts = 0;
        servers[victim]->stop();  // reaps it; the other goes on serving meanwhile
        servers[victim] = std::make_unique<ServerProcess>(homes[victim].path(), serve_args);
        ports[victim] = servers[victim]->port();
    }
    load.release();
    load.join();
    MESSAGE("kills: " << kKills << " (" << kills_in_flight << " with a post in flight), posts that "
                      << "failed and were retried: " << load.failed_posts.load());
    CHECK(kills_in_flight >= kKills / 4);  // the servers really died mid-post

    ApiClient api(ports[0]);
    std::vector<std::int64_t> seqs = load.check_stored_exactly_once(api, admin);
    // One chain: the seqs of every accepted event are 1..N, each once.
    std::sort(seqs.begin(), seqs.end());
    REQUIRE_FALSE(seqs.empty());
    for (std::size_t i = 0; i < seqs.size(); ++i)
        CHECK_MESSAGE(seqs[i] == static_cast<std::int64_t>(i + 1), "seq " << seqs[i]);
    Reply health = api.get("/healthz");
    REQUIRE(health.status == 200);
    CHECK(health.json["events"].get<std::int64_t>() == static_cast<std::int64_t>(seqs.size()));

    // Both servers appended, interleaved in the one chain: each acknowledged a good share of the
    // accepted events, and each has appended between two appends of the other.
    std::map<std::int64_t, int> server_at;  // seq -> the server that answered it
    for (const auto& [id, a] : load.answers())
        if (a.verdict == "accepted") server_at[a.seq] = a.server;
    int acknowledged[2] = {0, 0};
    std::int64_t first[2] = {INT64_MAX, INT64_MAX}, last[2] = {0, 0};
    for (const auto& [seq, server] : server_at) {
        ++acknowledged[server];
        first[server] = std::min(first[server], seq);
        last[server] = std::max(last[server], seq);
    }
    MESSAGE("accepted events acknowledged by server 0: "
            << acknowledged[0] << " (seq " << first[0] << ".." << last[0] << "), by server 1: "
            << acknowledged[1] << " (seq " << first[1] << ".." << last[1] << ")");
    const int accepted = kTerminals * kUnitsPerTerminal;
    CHECK(acknowledged[0] >= accepted / 10);
    CHECK(acknowledged[1] >= accepted / 10);
    CHECK(first[0] < last[1]);
    CHECK(first[1] < last[0]);

    for (auto& server : servers) server->stop();
    CommandResult verify = record.verify();
    CHECK_MESSAGE(verify.exit_code == 0, verify.out << verify.err);
}
