// Stopping the real server under load (SIGTERM, as systemd stops it) and its readiness check.
#include <doctest/doctest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "integration/test_server.h"

namespace stampline::itest {

TEST_CASE(
    "SIGTERM while 8 terminals post keeps every acknowledged event, stores no batch in "
    "part, checkpoints the WAL and exits 0 within the bound") {
    constexpr int kTerminals = 8;
    constexpr int kUnits = 48;  // per terminal
    constexpr int kBatch = 6;
    TestServer s;
    const TerminalOutboxes load = tz_sign_off_outboxes(s, kTerminals, kUnits, "G");
    const auto& tokens = load.tokens;
    const auto& outboxes = load.outboxes;

    std::mutex mu;
    std::set<std::string> acknowledged;
    std::vector<std::vector<std::string>> unanswered;  // batches whose answer never came
    std::atomic<int> answered{0};
    std::vector<std::thread> terminals;
    for (int t = 0; t < kTerminals; ++t)
        terminals.emplace_back([&, t] {
            ApiClient api(s.process().port());
            for (std::size_t next = 0; next < outboxes[t].size(); next += kBatch) {
                json batch = json::array();
                std::vector<std::string> ids;
                for (std::size_t i = next; i < next + kBatch && i < outboxes[t].size(); ++i) {
                    batch.push_back(outboxes[t][i]);
                    ids.push_back(outboxes[t][i]["id"]);
                }
                const Reply r =
                    api.post("/api/v1/events", {{"v", 1}, {"events", batch}}, tokens[t]);
                std::lock_guard lock(mu);
                if (r.status != 200) {  // the server has gone: the outbox keeps the rest
                    unanswered.push_back(ids);
                    return;
                }
                for (const json& res : r.json["results"]) {
                    CHECK(res["status"] == "accepted");
                    acknowledged.insert(res["id"].get<std::string>());
                }
                ++answered;
            }
        });

    while (answered < kTerminals * kUnits / kBatch / 3)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const auto signalled = std::chrono::steady_clock::now();
    const int exit_code = s.stop();
    const double stop_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
    for (std::thread& t : terminals) t.join();
    MESSAGE(acknowledged.size() << " events acknowledged, " << unanswered.size()
                                << " batches unanswered; stopped in " << stop_s << " s");
    CHECK(exit_code == 0);
    CHECK(stop_s < 10);  // stop_timeout_s, the default bound
    CHECK(s.process().stderr_text().find("stopped; database closed") != std::string::npos);
    std::error_code ec;
    const auto wal = std::filesystem::file_size(s.db_path() + "-wal", ec);
    CHECK((ec || wal == 0));  // checkpointed into the database and removed
    CHECK(acknowledged.size() < static_cast<std::size_t>(kTerminals * kUnits));

    s.restart();
    std::set<std::string> stored;
    for (int t = 0; t < kTerminals; ++t)
        for (int u = 0; u < kUnits; ++u) {
            const Reply trail = s.api().get(
                "/api/v1/units/G" + std::to_string(t) + "U" + std::to_string(u) + "/trail",
                s.admin());
            REQUIRE(trail.status == 200);
            for (const json& e : trail.json["events"]) stored.insert(e["event"]["id"]);
        }
    std::size_t lost = 0;
    for (const std::string& id : acknowledged) lost += stored.count(id) == 0;
    CHECK(lost == 0);
    for (const std::vector<std::string>& batch : unanswered) {
        std::size_t in = 0;
        for (const std::string& id : batch) in += stored.count(id);
        const bool whole_or_nothing = in == 0 || in == batch.size();
        CHECK_MESSAGE(whole_or_nothing, in << " of " << batch.size());
    }
    CHECK(s.verify().exit_code == 0);
}

TEST_CASE("/readyz answers 200 once the database is open and the units in work are read") {
    TestServer s;
    s.sheet("RZ1");
    Reply r;
    for (int i = 0; i < 100; ++i) {  // the read runs beside serving; here it takes milliseconds
        r = s.api().get("/readyz", "");
        if (r.status == 200) break;
        CHECK(r.json["status"] == "starting");
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(r.status == 200);
    CHECK(r.json["status"] == "ready");
    CHECK(r.json["events"] == 1);
}

}  // namespace stampline::itest
