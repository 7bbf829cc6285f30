#include "integration/crash_load.h"

#include <doctest/doctest.h>

#include <chrono>

#include "integration/test_server.h"

namespace stampline::itest {

namespace {

std::string serial_of(int terminal, int unit) {
    return "C" + std::to_string(terminal) + "X" + std::to_string(unit);
}

}  // namespace

CrashLoad::CrashLoad(int port, const std::string& admin, int terminals, int units)
    : terminals_(terminals), units_(units), outboxes_(terminals) {
    ApiClient api(port);
    REQUIRE(api.post("/api/v1/stamps",
                     {{"id", "777"},
                      {"holder", "Crash Tester"},
                      {"stages", {"TZ"}},
                      {"attestation_due", "2099-12-31"}},
                     admin)
                .status == 201);
    EventFactory events;
    for (int t = 0; t < terminals; ++t) {
        Reply tok =
            api.post("/api/v1/tokens",
                     {{"role", "terminal"}, {"station", station_for("TZ")}, {"label", "t"}}, admin);
        REQUIRE(tok.status == 201);
        tokens_.push_back(tok.json["secret"]);
        for (int u = 0; u < units; ++u) {
            const std::string serial = serial_of(t, u);
            REQUIRE(api.post("/api/v1/sheets",
                             {{"serial", serial}, {"product_type", "SHU"}, {"order", "Z1"}}, admin)
                        .status == 201);
            outboxes_[t].push_back(events.sign_off(serial, "TZ", "777"));  // accepted
            outboxes_[t].push_back(events.sign_off(serial, "TZ", "777"));  // refused: signed
        }
    }
}

void CrashLoad::start(int batch, std::function<Target(int, int)> port_of) {
    for (int t = 0; t < terminals_; ++t)
        threads_.emplace_back([this, t, batch, port_of] { run_terminal(t, batch, port_of); });
}

void CrashLoad::join() {
    for (std::thread& t : threads_) t.join();
    threads_.clear();
}

void CrashLoad::run_terminal(int t, int batch, const std::function<Target(int, int)>& port_of) {
    std::size_t next = 0;
    int failures = 0;
    const auto& outbox = outboxes_[t];
    while (next < outbox.size()) {
        nlohmann::json events = nlohmann::json::array();
        for (std::size_t i = next; i < outbox.size() && i < next + std::size_t(batch); ++i)
            events.push_back(outbox[i]);
        if (hold_last_ && next + events.size() == outbox.size()) {
            ++holding_;
            while (hold_last_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            --holding_;
        }
        const Target target = port_of(t, failures);
        ApiClient api(target.port);
        ++in_flight;
        Reply r = api.post("/api/v1/events", {{"v", 1}, {"events", events}}, tokens_[t]);
        --in_flight;
        if (r.status != 200) {
            ++failed_posts;
            ++failures;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            continue;  // same batch, same ids
        }
        ++answered_posts;
        {
            std::lock_guard lock(mu_);
            for (const nlohmann::json& res : r.json["results"]) {
                const std::string verdict =
                    res["status"] == "duplicate" ? res["first"] : res["status"];
                CrashAnswer a{verdict, res.contains("seq") ? res["seq"].get<std::int64_t>() : 0,
                              target.server};
                auto [it, fresh] = answers_.emplace(res["id"].get<std::string>(), a);
                if (!fresh) CHECK_MESSAGE(it->second.verdict == verdict, res.dump());
            }
        }
        next += events.size();
    }
    ++terminals_done;
}

std::vector<std::int64_t> CrashLoad::check_stored_exactly_once(ApiClient& api,
                                                               const std::string& admin) {
    const int total = terminals_ * units_ * 2;
    REQUIRE(answers_.size() == static_cast<std::size_t>(total));
    std::map<std::string, int> stored;
    std::vector<std::int64_t> seqs;
    for (int t = 0; t < terminals_; ++t)
        for (int u = 0; u < units_; ++u) {
            Reply trail = api.get("/api/v1/units/" + serial_of(t, u) + "/trail", admin);
            REQUIRE(trail.status == 200);
            for (const nlohmann::json& e : trail.json["events"]) {
                const std::string id = e["event"]["id"];
                ++stored[id];
                seqs.push_back(e["seq"].get<std::int64_t>());
                auto it = answers_.find(id);
                if (it == answers_.end()) continue;  // the sheet_issued event
                CHECK(it->second.verdict == "accepted");
                CHECK(it->second.seq == e["seq"].get<std::int64_t>());
            }
        }
    Reply q = api.get("/api/v1/quarantine", admin);
    REQUIRE(q.status == 200);
    for (const nlohmann::json& e : q.json["entries"]) {
        const std::string id = e["id"];
        ++stored[id];
        CHECK(answers_.at(id).verdict == "refused");
    }
    int accepted = 0;
    for (const auto& [id, a] : answers_) {
        CHECK_MESSAGE(stored[id] == 1, id);
        accepted += a.verdict == "accepted";
    }
    CHECK(accepted == total / 2);
    return seqs;
}

}  // namespace stampline::itest
