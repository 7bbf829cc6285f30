// The server is killed with SIGKILL at random moments while simulated terminals post batches.
// Terminals behave like the real outbox: a batch is removed only when its answer arrived, and is
// re-posted unchanged (same ids) otherwise. At the end every event must be stored exactly once
// (in the log or the quarantine), every answer a terminal received must match what is stored,
// and the hash chain must verify.
#include <doctest/doctest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "integration/test_server.h"

using namespace stampline::itest;

namespace {

struct Answer {
    std::string verdict;  // "accepted" | "refused" (the first answer, also for duplicates)
    std::int64_t seq = 0;
};

std::string init_db(const TempDir& dir, const std::string& db) {
    CommandResult init =
        run_command({STAMPLINE_SERVER_BIN, "init", "--db", db, "--plant", demo_plant_dir()});
    REQUIRE_MESSAGE(init.exit_code == 0, init.err);
    const auto at = init.out.find("slt_");
    REQUIRE(at != std::string::npos);
    (void)dir;
    return init.out.substr(at, init.out.find_first_of(" \n", at) - at);
}

}  // namespace

TEST_CASE(
    "events acknowledged before a SIGKILL survive and retried events are stored exactly once") {
    constexpr int kTerminals = 4;
    constexpr int kUnitsPerTerminal = 80;
    constexpr int kBatch = 8;
    constexpr int kKills = 20;

    TempDir dir;
    const std::string db = dir.file("crash.db");
    const std::string admin = init_db(dir, db);
    const std::vector<std::string> serve_args{"--db", db, "--plant", demo_plant_dir()};
    auto server = std::make_unique<ServerProcess>(dir.path(), serve_args);
    std::atomic<int> port{server->port()};

    // Set-up through the API: a stamp, the sheets, one terminal token each at the TZ station.
    std::vector<std::string> tokens;
    std::vector<std::vector<json>> outboxes(kTerminals);
    EventFactory events;
    {
        ApiClient api(port);
        REQUIRE(api.post("/api/v1/stamps",
                         {{"id", "777"},
                          {"holder", "Crash Tester"},
                          {"stages", {"TZ"}},
                          {"attestation_due", "2099-12-31"}},
                         admin)
                    .status == 201);
        for (int t = 0; t < kTerminals; ++t) {
            Reply tok = api.post(
                "/api/v1/tokens",
                {{"role", "terminal"}, {"station", station_for("TZ")}, {"label", "t"}}, admin);
            REQUIRE(tok.status == 201);
            tokens.push_back(tok.json["secret"]);
            for (int u = 0; u < kUnitsPerTerminal; ++u) {
                const std::string serial = "C" + std::to_string(t) + "X" + std::to_string(u);
                REQUIRE(api.post("/api/v1/sheets",
                                 {{"serial", serial}, {"product_type", "SHU"}, {"order", "Z1"}},
                                 admin)
                            .status == 201);
                outboxes[t].push_back(events.sign_off(serial, "TZ", "777"));  // accepted
                outboxes[t].push_back(events.sign_off(serial, "TZ", "777"));  // refused: signed
            }
        }
    }

    std::mutex mu;
    std::map<std::string, Answer> answers;  // event id -> first answer the terminal received
    std::atomic<int> failed_posts{0};
    std::atomic<int> answered_posts{0};  // since the last restart
    std::atomic<int> in_flight{0};
    std::vector<std::thread> terminals;
    for (int t = 0; t < kTerminals; ++t) {
        terminals.emplace_back([&, t] {
            std::size_t next = 0;
            const auto& outbox = outboxes[t];
            while (next < outbox.size()) {
                json batch = json::array();
                for (std::size_t i = next; i < outbox.size() && i < next + kBatch; ++i)
                    batch.push_back(outbox[i]);
                ApiClient api(port.load());
                ++in_flight;
                Reply r = api.post("/api/v1/events", {{"v", 1}, {"events", batch}}, tokens[t]);
                --in_flight;
                if (r.status != 200) {
                    ++failed_posts;
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                    continue;  // same batch, same ids
                }
                ++answered_posts;
                std::lock_guard lock(mu);
                for (const json& res : r.json["results"]) {
                    const std::string verdict =
                        res["status"] == "duplicate" ? res["first"] : res["status"];
                    Answer a{verdict, res.contains("seq") ? res["seq"].get<std::int64_t>() : 0};
                    auto [it, fresh] = answers.emplace(res["id"].get<std::string>(), a);
                    if (!fresh) CHECK_MESSAGE(it->second.verdict == verdict, res.dump());
                }
                next += batch.size();
            }
        });
    }

    // Each kill comes 0-9 ms after the restarted server answered one or two batches, so that
    // most kills land while terminals are posting.
    std::mt19937 rng(20261129);
    std::uniform_int_distribution<int> pause_ms(0, 9), posts(1, 2);
    int kills_in_flight = 0;
    for (int k = 0; k < kKills; ++k) {
        const int wanted = posts(rng);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (answered_posts < wanted && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
        kills_in_flight += in_flight > 0;
        kill(server->pid(), SIGKILL);
        answered_posts = 0;
        server->stop();  // reaps the killed process
        server = std::make_unique<ServerProcess>(dir.path(), serve_args);
        port = server->port();
    }
    for (std::thread& t : terminals) t.join();
    MESSAGE("kills: " << kKills << " (" << kills_in_flight << " with a post in flight), posts that "
                      << "failed and were retried: " << failed_posts.load());
    CHECK(kills_in_flight >= kKills / 4);  // the test really crashed mid-post

    const int total = kTerminals * kUnitsPerTerminal * 2;
    REQUIRE(answers.size() == static_cast<std::size_t>(total));

    // Every acknowledged answer matches what is stored, and each event is stored exactly once.
    ApiClient api(port);
    std::map<std::string, int> stored;
    for (int t = 0; t < kTerminals; ++t)
        for (int u = 0; u < kUnitsPerTerminal; ++u) {
            Reply trail = api.get(
                "/api/v1/units/C" + std::to_string(t) + "X" + std::to_string(u) + "/trail", admin);
            REQUIRE(trail.status == 200);
            for (const json& e : trail.json["events"]) {
                const std::string id = e["event"]["id"];
                ++stored[id];
                auto it = answers.find(id);
                if (it == answers.end()) continue;  // the sheet_issued event
                CHECK(it->second.verdict == "accepted");
                CHECK(it->second.seq == e["seq"].get<std::int64_t>());
            }
        }
    Reply q = api.get("/api/v1/quarantine", admin);
    REQUIRE(q.status == 200);
    for (const json& e : q.json["entries"]) {
        const std::string id = e["id"];
        ++stored[id];
        CHECK(answers.at(id).verdict == "refused");
    }
    int accepted = 0;
    for (const auto& [id, a] : answers) {
        CHECK_MESSAGE(stored[id] == 1, id);
        accepted += a.verdict == "accepted";
    }
    CHECK(accepted == total / 2);

    server->stop();
    CommandResult verify = run_command({STAMPLINE_SERVER_BIN, "verify", "--db", db});
    CHECK_MESSAGE(verify.exit_code == 0, verify.out << verify.err);
}
