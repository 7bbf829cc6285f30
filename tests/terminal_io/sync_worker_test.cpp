// The sync thread against the real server: draining the outbox exactly once, offline and
// reconnect, refusals to the attention list, duplicates, the reference cache and unit trails.
#include "terminal/sync/sync_worker.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "shared/event_json.h"
#include "shared/system_clock.h"
#include "terminal/sync/http_server_client.h"
#include "terminal_io/fixture.h"

namespace stampline::tio {

using terminal::EventAnswer;
using terminal::Outbox;
using terminal::ReferenceAnswer;
using terminal::ServerClient;
using terminal::SyncOptions;
using terminal::SyncReport;
using terminal::SyncWorker;

namespace {

SyncOptions fast_options() {
    SyncOptions o;
    o.batch_size = 100;
    o.idle_poll = 50ms;
    o.backoff_min = 20ms;
    o.backoff_max = 200ms;
    o.reference_every = 60s;
    return o;
}

// A real client whose event posts can be blocked (as if only reads got through) and counted.
class TestClient final : public ServerClient {
public:
    explicit TestClient(std::unique_ptr<ServerClient> real) : real_(std::move(real)) {}
    std::atomic<bool> block_posts{false};
    std::atomic<int> post_delay_ms{0};  // a slow server
    std::atomic<int> posts{0};

    Result<std::vector<EventAnswer>> post_events(std::span<const Event> events) override {
        ++posts;
        if (block_posts) return Status(Code::Unavailable, "posts blocked by the test");
        std::this_thread::sleep_for(std::chrono::milliseconds(post_delay_ms.load()));
        return real_->post_events(events);
    }
    std::optional<std::int64_t> clock_offset_ms() const override {
        return real_->clock_offset_ms();
    }
    Result<std::optional<ReferenceAnswer>> reference(const std::string& etag) override {
        return real_->reference(etag);
    }
    Result<std::vector<Event>> trail(const std::string& serial) override {
        return real_->trail(serial);
    }

private:
    std::unique_ptr<ServerClient> real_;
};

// One station terminal's I/O: its outbox file, its client, the queue the UI would drain, and
// the sync worker (started on demand, stopped first).
class Terminal {
public:
    Terminal(const std::string& outbox_path, int port, const std::string& token,
             const std::string& station = "ST-TZ-1")
        : outbox_(open_outbox(outbox_path)), client_(make_client(port, token, station)) {}
    ~Terminal() { stop(); }

    void start(SyncOptions options = fast_options()) {
        worker_ =
            std::make_unique<SyncWorker>(*outbox_, client_, actions_.queue(), clock_, options);
    }
    void stop() { worker_.reset(); }

    Outbox& outbox() { return *outbox_; }
    TestClient& client() { return client_; }
    Actions& actions() { return actions_; }
    SyncWorker& worker() { return *worker_; }

    void append(const std::vector<Event>& events) {
        for (const Event& e : events) REQUIRE(outbox_->append(e).is_ok());
    }
    bool wait_report(const std::function<bool(const SyncReport&)>& pred,
                     std::chrono::milliseconds timeout = 15s) {
        return actions_.wait_for(
            [&] {
                const SyncReport* r = actions_.last_report();
                return r != nullptr && pred(*r);
            },
            timeout);
    }

private:
    static std::unique_ptr<ServerClient> make_client(int port, const std::string& token,
                                                     const std::string& station) {
        static const SystemClock clock;
        return terminal::make_http_server_client(url_of_port(port), token, station, clock);
    }

    SystemClock clock_;
    std::unique_ptr<Outbox> outbox_;
    TestClient client_;
    Actions actions_;
    std::unique_ptr<SyncWorker> worker_;  // last: stopped before the rest goes
};

std::vector<Event> nc_events(itest::EventFactory& f, const std::string& serial, int n,
                             const std::string& stage = "TZ") {
    std::vector<Event> out;
    for (int i = 0; i < n; ++i) out.push_back(nc_event(f, serial, stage, "101"));
    return out;
}

// The ids of the unit's trail on the server (as admin).
std::vector<std::string> server_trail_ids(itest::TestServer& s, const std::string& serial) {
    const itest::Reply r = s.api().get("/api/v1/units/" + serial + "/trail", s.admin());
    REQUIRE_MESSAGE(r.status == 200, r.body);
    std::vector<std::string> ids;
    for (const json& e : r.json["events"]) ids.push_back(e["event"]["id"].get<std::string>());
    return ids;
}

std::vector<std::string> ids_of(const std::vector<Event>& events) {
    std::vector<std::string> out;
    for (const Event& e : events) out.push_back(to_string(e.id));
    return out;
}

// Reports with a backlog never go back: sent only grows, total only grows, depth only falls.
void check_monotonic_progress(const std::vector<SyncReport>& reports) {
    int sent = 0, total = 0;
    for (const SyncReport& r : reports) {
        if (r.sync.backlog_total == 0) {
            CHECK(r.sync.backlog_sent == 0);
            sent = total = 0;
            continue;
        }
        CHECK(r.sync.backlog_sent >= sent);
        CHECK(r.sync.backlog_total >= total);
        CHECK(r.sync.backlog_sent <= r.sync.backlog_total);
        sent = r.sync.backlog_sent;
        total = r.sync.backlog_total;
    }
}

}  // namespace

TEST_CASE("the worker drains 250 events to the server exactly once and the outbox ends empty") {
    itest::TestServer s;
    s.sheet("U1");
    s.stamp("101", {"TZ"});
    itest::TempDir dir;
    Terminal t(dir.file("outbox.db"), s.process().port(), s.token("terminal", "ST-TZ-1"));
    SyncOptions options = fast_options();
    options.batch_size = 40;
    options.idle_poll = 60s;  // only wake() starts the drain below
    t.start(options);
    REQUIRE(t.wait_report([](const SyncReport& r) { return r.sync.online; }));

    const std::vector<Event> events = nc_events(s.events(), "U1", 250);
    t.append(events);
    const std::size_t before = t.actions().reports().size();
    const auto started = std::chrono::steady_clock::now();
    t.worker().wake();
    REQUIRE(t.actions().wait_for([&] {
        const SyncReport* r = t.actions().last_report();
        return t.actions().reports().size() > before && r->sync.outbox_depth == 0 &&
               r->sync.backlog_total == 0;
    }));
    const auto took = std::chrono::steady_clock::now() - started;
    MESSAGE("250 events drained in batches of 40 in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");

    CHECK(*t.outbox().depth() == 0);
    CHECK(t.outbox().attention()->empty());
    const std::vector<std::string> trail = server_trail_ids(s, "U1");
    REQUIRE(trail.size() == 251);  // the sheet and the 250
    CHECK(std::vector<std::string>(trail.begin() + 1, trail.end()) == ids_of(events));
    CHECK(std::set<std::string>(trail.begin(), trail.end()).size() == 251);
    CHECK(s.health()["events"] == 251);
    const std::vector<SyncReport> reports = t.actions().reports();
    check_monotonic_progress(reports);
    int batches = 0;
    for (const SyncReport& r : reports) batches += r.sync.backlog_sent > 0 ? 1 : 0;
    CHECK(batches == 6);  // 40, 80, ..., 240 reported with their progress; then 250 resets
    CHECK(s.verify().exit_code == 0);
}

TEST_CASE("with the server down the events stay and the report says offline with the depth") {
    itest::TestServer s;
    s.sheet("U1");
    s.stamp("101", {"TZ"});
    const std::string token = s.token("terminal", "ST-TZ-1");
    const int port = s.process().port();
    s.stop();
    itest::TempDir dir;
    Terminal t(dir.file("outbox.db"), port, token);
    t.append(nc_events(s.events(), "U1", 5));
    t.start();

    // Several failed attempts (the backoff retries), each reported.
    REQUIRE(t.actions().wait_for([&] {
        int offline = 0;
        for (const SyncReport& r : t.actions().reports())
            if (!r.sync.online && !r.sync.last_error.empty()) ++offline;
        return offline >= 3;
    }));
    const SyncReport& last = *t.actions().last_report();
    CHECK_FALSE(last.sync.online);
    CHECK(last.sync.outbox_depth == 5);
    CHECK(last.sync.backlog_total == 5);
    CHECK(last.sync.backlog_sent == 0);
    CHECK_FALSE(last.sync.last_sync.has_value());
    CHECK(last.sync.last_error.find("cannot reach the server") != std::string::npos);
    CHECK(*t.outbox().depth() == 5);
}

TEST_CASE("a server started later gets the backlog, with its progress reported monotonically") {
    itest::TestServer s;
    s.sheet("U1");
    s.stamp("101", {"TZ"});
    const std::string token = s.token("terminal", "ST-TZ-1");
    s.stop();
    itest::TempDir dir;
    Terminal t(dir.file("outbox.db"), s.process().port(), token);
    const std::vector<Event> events = nc_events(s.events(), "U1", 120);
    t.append(events);
    SyncOptions options = fast_options();
    options.batch_size = 25;
    t.start(options);
    REQUIRE(t.wait_report([](const SyncReport& r) {
        return !r.sync.online && r.sync.outbox_depth == 120 && r.sync.backlog_total == 120;
    }));

    s.restart();
    REQUIRE(t.wait_report([](const SyncReport& r) {
        return r.sync.online && r.sync.outbox_depth == 0 && r.sync.backlog_total == 0;
    }));
    const std::vector<SyncReport> reports = t.actions().reports();
    check_monotonic_progress(reports);
    std::vector<int> progress;
    for (const SyncReport& r : reports) {
        if (r.sync.online && r.sync.backlog_total > 0) {
            CHECK(r.sync.backlog_total == 120);
            progress.push_back(r.sync.backlog_sent);
        }
    }
    CHECK(progress == std::vector<int>{25, 50, 75, 100});
    CHECK(server_trail_ids(s, "U1").size() == 121);
    CHECK(*t.outbox().depth() == 0);
}

TEST_CASE("a refused event leaves the outbox for the attention list with the server's reason") {
    itest::TestServer s;
    s.sheet("U1");
    s.stamp("101", {"TZ", "DESIGN"});
    itest::TempDir dir;
    const std::string path = dir.file("outbox.db");
    Terminal t(path, s.process().port(), s.token("terminal", "ST-DES-1"), "ST-DES-1");
    const Event before = nc_event(s.events(), "U1", "DESIGN", "101");
    // DESIGN before TZ is signed off: out of order.
    const Event early = to_event(s.events().sign_off("U1", "DESIGN", "101"));
    const Event after = nc_event(s.events(), "U1", "DESIGN", "101");
    t.append({before, early, after});
    t.start();
    REQUIRE(t.wait_report(
        [](const SyncReport& r) { return r.sync.outbox_depth == 0 && !r.attention.empty(); }));
    const SyncReport& last = *t.actions().last_report();
    REQUIRE(last.attention.size() == 1);
    const terminal::AttentionItem& item = last.attention[0];
    CHECK(item.event == early.id);
    CHECK(item.serial == "U1");
    CHECK(item.kind == "stage_signed_off");
    CHECK(item.reason == "stage_out_of_order");
    const json quarantined = s.quarantine_entry(to_string(early.id));
    REQUIRE(quarantined.is_object());
    CHECK(item.reason == quarantined["reason"].get<std::string>());
    CHECK(item.message == quarantined["message"].get<std::string>());
    const std::vector<std::string> trail = server_trail_ids(s, "U1");
    REQUIRE(trail.size() == 3);  // the sheet, then the two accepted ones
    CHECK(trail[1] == to_string(before.id));
    CHECK(trail[2] == to_string(after.id));

    // The attention list is in the file: a restart shows it at once.
    t.stop();
    Terminal again(path, s.process().port(), "slt_unused", "ST-DES-1");
    again.start();
    REQUIRE(again.wait_report([](const SyncReport&) { return true; }));
    const SyncReport first = again.actions().reports().front();
    REQUIRE(first.attention.size() == 1);
    CHECK(first.attention[0].event == early.id);
}

TEST_CASE("events the server already has are acknowledged, not recorded again") {
    itest::TestServer s;
    s.sheet("U1");
    s.stamp("101", {"TZ"});
    const std::string token = s.token("terminal", "ST-TZ-1");
    const std::vector<Event> known = nc_events(s.events(), "U1", 2);
    const Event refused = to_event(s.events().sign_off("NOSHEET", "TZ", "101"));
    json wire = json::array();
    for (const Event& e : known) wire.push_back(event_to_json(e));
    wire.push_back(event_to_json(refused));
    const itest::Reply first = s.post_events(token, wire);
    REQUIRE(first.status == 200);
    REQUIRE(first.json["results"][2]["status"] == "refused");

    // As if the terminal crashed after posting and before acknowledging: the same ids again.
    itest::TempDir dir;
    Terminal t(dir.file("outbox.db"), s.process().port(), token);
    t.append({known[0], refused, known[1]});
    t.start();
    REQUIRE(t.wait_report([](const SyncReport& r) {
        return r.sync.online && r.sync.outbox_depth == 0 && r.sync.last_sync;
    }));
    CHECK(*t.outbox().depth() == 0);
    CHECK(s.health()["events"] == 3);  // the sheet and the two, once
    CHECK(server_trail_ids(s, "U1").size() == 3);
    CHECK(s.quarantine().size() == 1);
    // The duplicate of a refusal is a refusal: it needs attention like the first one did.
    const auto attention = *t.outbox().attention();
    REQUIRE(attention.size() == 1);
    CHECK(attention[0].event == refused.id);
    CHECK(attention[0].reason == "unknown_unit");
}

TEST_CASE("the reference is cached and loaded from the cache when the server is down at start") {
    itest::TestServer s;
    s.stamp("101", {"TZ"}, "2099-12-31", "Иванов И. И.");
    itest::TempDir dir;
    const std::string path = dir.file("outbox.db");
    const std::string token = s.token("terminal", "ST-TZ-1");
    {
        Terminal t(path, s.process().port(), token);
        t.start();
        REQUIRE(t.actions().wait_for([&] { return t.actions().references().size() == 1; }));
        const auto cached = *t.outbox().reference();
        REQUIRE(cached.has_value());
        CHECK(cached->etag.size() == 66);
    }
    s.stop();

    Terminal t(path, s.process().port(), token);
    t.start();
    REQUIRE(t.wait_report(
        [](const SyncReport& r) { return !r.sync.online && !r.sync.last_error.empty(); }));
    // The cached reference comes first, before anything is asked of the server.
    REQUIRE(!t.actions().all().empty());
    const auto* loaded = std::get_if<terminal::ReferenceLoaded>(&t.actions().all().front());
    REQUIRE(loaded != nullptr);
    CHECK(loaded->reference.plant.code == itest::demo_plant().code);
    CHECK(loaded->reference.plant.stations.size() == itest::demo_plant().stations.size());
    REQUIRE(loaded->reference.stamps.size() == 1);
    CHECK(loaded->reference.stamps[0].holder == "Иванов И. И.");
    CHECK(t.actions().references().size() == 1);
}

TEST_CASE("an unchanged reference is not loaded again (304) and a changed one is") {
    itest::TestServer s;
    s.stamp("101", {"TZ"});
    itest::TempDir dir;
    const std::string path = dir.file("outbox.db");
    const std::string token = s.token("terminal", "ST-TZ-1");
    SyncOptions options = fast_options();
    options.reference_every = 30ms;
    {
        Terminal t(path, s.process().port(), token);
        t.start(options);
        REQUIRE(t.actions().wait_for([&] { return t.actions().references().size() == 1; }));
    }

    // A restart with the cached copy: loaded from the cache, then the server says 304 again
    // and again.
    Terminal t(path, s.process().port(), token);
    t.start(options);
    REQUIRE(t.actions().wait_for([&] {
        int online = 0;
        for (const SyncReport& r : t.actions().reports()) online += r.sync.online ? 1 : 0;
        return online >= 5;
    }));
    CHECK(t.actions().references().size() == 1);

    REQUIRE(s.api().post("/api/v1/stamps/101/suspend", json::object(), s.admin()).status == 200);
    REQUIRE(t.actions().wait_for([&] { return t.actions().references().size() == 2; }));
    const auto refs = t.actions().references();
    CHECK(refs[0].reference.stamps.at(0).status == StampStatus::Active);
    CHECK(refs[1].reference.stamps.at(0).status == StampStatus::Suspended);
    Result<terminal::Reference> cached =
        terminal::reference_from_json(t.outbox().reference()->value().json);
    REQUIRE(cached.has_value());
    CHECK(cached->stamps.at(0).status == StampStatus::Suspended);
}

TEST_CASE("a trail request merges this terminal's pending events into the server's trail") {
    itest::TestServer s;
    s.sheet("U1");
    s.stamp("101", {"TZ"});
    const std::string token = s.token("terminal", "ST-TZ-1");
    const Event sent = nc_event(s.events(), "U1", "TZ", "101");
    REQUIRE(s.post_one(token, event_to_json(sent))["status"] == "accepted");
    const Event pending = nc_event(s.events(), "U1", "TZ", "101");
    const Event stranger = nc_event(s.events(), "U2", "TZ", "101");  // U2 has no sheet

    itest::TempDir dir;
    Terminal t(dir.file("outbox.db"), s.process().port(), token);
    // Posts fail as if the server were unreachable; reads go through. The events stay pending.
    t.client().block_posts = true;
    t.append({sent, pending, stranger});
    t.start();
    REQUIRE(t.wait_report([](const SyncReport& r) { return !r.sync.last_error.empty(); }));

    t.worker().request_trail("U1");
    t.worker().request_trail("U2");
    REQUIRE(t.actions().wait_for([&] { return t.actions().units().size() == 2; }));
    const auto units = t.actions().units();
    CHECK(units[0].serial == "U1");
    CHECK(units[0].source == terminal::TrailSource::Server);
    const std::vector<std::string> trail = ids_of(units[0].events);
    REQUIRE(trail.size() == 3);
    CHECK(units[0].events[0].kind() == EventKind::SheetIssued);
    CHECK(trail[1] == to_string(sent.id));
    CHECK(trail[2] == to_string(pending.id));
    // The server does not know U2: this terminal's own events are its trail.
    CHECK(units[1].serial == "U2");
    CHECK(units[1].source == terminal::TrailSource::Server);
    CHECK(ids_of(units[1].events) == std::vector<std::string>{to_string(stranger.id)});

    // The server's copy is cached (without the pending events); the unknown unit is not.
    const auto cached = *t.outbox().trail("U1");
    REQUIRE(cached.has_value());
    CHECK(ids_of(*cached) == std::vector<std::string>{trail[0], trail[1]});
    CHECK_FALSE(t.outbox().trail("U2")->has_value());

    // Posts get through again: the outbox drains, the stranger to the attention list.
    t.client().block_posts = false;
    REQUIRE(t.wait_report(
        [](const SyncReport& r) { return r.sync.outbox_depth == 0 && r.attention.size() == 1; }));
    CHECK(server_trail_ids(s, "U1").size() == 3);
}

TEST_CASE("a trail request during a long drain is answered between two batches") {
    itest::TestServer s;
    s.sheet("U1");
    s.stamp("101", {"TZ"});
    itest::TempDir dir;
    Terminal t(dir.file("outbox.db"), s.process().port(), s.token("terminal", "ST-TZ-1"));
    t.append(nc_events(s.events(), "U1", 60));
    t.client().post_delay_ms = 20;
    SyncOptions options = fast_options();
    options.batch_size = 5;
    t.start(options);
    REQUIRE(t.wait_report([](const SyncReport& r) { return r.sync.backlog_sent > 0; }));
    t.worker().request_trail("U1");
    REQUIRE(t.wait_report([](const SyncReport& r) { return r.sync.outbox_depth == 0; }));
    REQUIRE(t.actions().units().size() == 1);
    CHECK(t.actions().units()[0].events.size() == 61);  // sheet, sent and pending, each once
    // Answered while the outbox still had events to send: the drain made way for it.
    const auto& all = t.actions().all();
    auto loaded = std::find_if(all.begin(), all.end(), [](const terminal::Action& a) {
        return std::holds_alternative<terminal::UnitLoaded>(a);
    });
    auto next = std::find_if(loaded, all.end(), [](const terminal::Action& a) {
        return std::holds_alternative<SyncReport>(a);
    });
    REQUIRE(next != all.end());
    CHECK(std::get<SyncReport>(*next).sync.outbox_depth > 0);
    CHECK(server_trail_ids(s, "U1").size() == 61);
}

TEST_CASE("a trail request while the server is unreachable posts nothing") {
    itest::TempDir dir;
    itest::EventFactory factory;
    Terminal t(dir.file("outbox.db"), unused_port(), "slt_x");
    t.append({nc_event(factory, "U1", "TZ", "101")});
    SyncOptions options = fast_options();
    options.backoff_min = options.backoff_max = 60s;  // only the trail request cuts the wait
    t.start(options);
    REQUIRE(t.wait_report([](const SyncReport& r) { return !r.sync.last_error.empty(); }));
    t.worker().request_trail("U1");
    REQUIRE(t.wait_report([](const SyncReport& r) {
        return r.sync.last_error.find("/api/v1/units/U1/trail") != std::string::npos;
    }));
    CHECK_FALSE(t.wait_report([](const SyncReport&) { return false; }, 50ms));
    CHECK(t.actions().units().empty());
    CHECK_FALSE(t.actions().last_report()->sync.online);
    CHECK(*t.outbox().depth() == 1);
}

TEST_CASE("a batch the server refuses whole stays in the outbox and is retried slowly") {
    itest::TestServer s;
    s.sheet("U1");
    s.stamp("101", {"TZ", "DESIGN"});
    itest::TempDir dir;
    // A terminal whose token belongs to another station: the server refuses every batch (403).
    Terminal t(dir.file("outbox.db"), s.process().port(), s.token("terminal", "ST-TZ-1"),
               "ST-DES-1");
    t.append({nc_event(s.events(), "U1", "DESIGN", "101")});
    SyncOptions options = fast_options();
    options.idle_poll = 5ms;
    options.backoff_min = 5ms;
    options.backoff_max = 300ms;
    t.start(options);
    REQUIRE(t.wait_report([](const SyncReport& r) { return !r.sync.last_error.empty(); }));
    // Watch for one second: a tight loop would post hundreds of times.
    const auto window = std::chrono::steady_clock::now() + 1s;
    while (std::chrono::steady_clock::now() < window) {
        t.actions().drain();
        std::this_thread::sleep_for(20ms);
    }
    t.actions().drain();
    CHECK(t.client().posts.load() <= 5);  // at most one per backoff_max, not a tight loop
    const SyncReport& last = *t.actions().last_report();
    CHECK(last.sync.online);
    CHECK(last.sync.last_error.find("403") != std::string::npos);
    CHECK(last.sync.outbox_depth == 1);
    CHECK(*t.outbox().depth() == 1);
    CHECK(s.health()["events"] == 1);
}

}  // namespace stampline::tio
