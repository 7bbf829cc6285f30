// EventLogCache, the analyses' in-memory log: after each use it holds what
// group_by_unit(all_events()) returns and each unit's derived view, reading only what was
// appended since, on both stores.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "server/analytics/event_log_cache.h"
#include "server/analytics/nc_analysis.h"
#include "server/analytics/stage_analysis.h"
#include "server/analytics/stamp_oversight.h"
#include "server/service_fixture.h"
#include "server/simulate/simulation.h"
#include "server/store/memory_store.h"
#include "server/store/sqlite_store.h"
#include "sqlite_fixture.h"

using namespace stampline;
using namespace stampline::server;
using analytics::EventLogCache;
using analytics::UnitEvents;

namespace {

const Plant& demo() {
    static const Plant plant = test::demo_plant();
    return plant;
}

class Appender {
public:
    explicit Appender(Store& store) : store_(store) {}

    // Appends one event per serial, in order, as accepted events.
    void append(std::initializer_list<const char*> serials) {
        for (const char* serial : serials) {
            clock_.advance_ms(1000);
            Event e;
            e.id = ids_.next();
            e.serial = serial;
            e.actor = "auditor:petrova";
            e.terminal_time = clock_.now();
            e.body = UnitHeld{"check " + std::to_string(++n_)};
            REQUIRE(
                store_.write([&](WriteTxn& txn) { return txn.append(e, clock_.now()).status(); }));
        }
    }

private:
    Store& store_;
    ManualClock clock_{parse_utc("2026-11-29T08:00:00.000Z").value()};
    SystemRandom random_;
    UuidV7Generator ids_{clock_, random_};
    int n_ = 0;
};

// The event ids of each unit, as the cache holds them now.
std::vector<std::vector<std::string>> cached(EventLogCache& cache) {
    std::vector<std::vector<std::string>> out;
    REQUIRE(cache.read_events([&](std::span<const UnitEvents> units) {
        for (const UnitEvents& unit : units) {
            out.emplace_back();
            for (const Event& e : unit) out.back().push_back(e.serial + "/" + to_string(e.id));
        }
    }));
    return out;
}

// The same, from the whole log through group_by_unit.
std::vector<std::vector<std::string>> grouped(Store& store) {
    Result<std::vector<StoredEvent>> log = store.all_events();
    REQUIRE(log);
    std::vector<std::vector<std::string>> out;
    for (const UnitEvents& unit : analytics::group_by_unit(*log)) {
        out.emplace_back();
        for (const Event& e : unit) out.back().push_back(e.serial + "/" + to_string(e.id));
    }
    return out;
}

void check_incremental(Store& store) {
    Appender appender(store);
    // A batch of 2 makes the cache page through the log in several reads.
    EventLogCache cache(store, demo(), EventLogCache::Options{.batch = 2, .keep_events = true});
    CHECK(cached(cache).empty());
    CHECK(cache.size().last_seq == 0);

    appender.append({"U1", "U2", "U1", "U3", "U2"});
    auto first = cached(cache);
    CHECK(first == grouped(store));
    REQUIRE(first.size() == 3);
    CHECK(first[0].size() == 2);
    CHECK(cache.size().last_seq == 5);
    CHECK(cache.size().events == 5);

    // Appended after the first use: new events of known units and a new unit.
    appender.append({"U3", "U4", "U1", "U4"});
    auto second = cached(cache);
    CHECK(second == grouped(store));
    REQUIRE(second.size() == 4);
    CHECK(second[0].size() == 3);
    CHECK(second[2].size() == 2);
    CHECK(second[3].size() == 2);
    CHECK(cache.size().last_seq == 9);
    CHECK(cache.size().events == 9);
    CHECK(cache.size().units == 4);

    // Nothing new: the same groups again.
    CHECK(cached(cache) == second);
}

}  // namespace

TEST_CASE("the analytics log picks up appended events and groups them as group_by_unit: memory") {
    std::unique_ptr<Store> store = make_memory_store();
    check_incremental(*store);
}

TEST_CASE("the analytics log picks up appended events and groups them as group_by_unit: SQLite") {
    test::TempDir dir;
    check_incremental(*test::open_store(dir.file("s.db")));
}

TEST_CASE("events_after returns the events after a seq, in order, at most the limit") {
    std::unique_ptr<Store> store = make_memory_store();
    Appender appender(*store);
    appender.append({"U1", "U2", "U1", "U3"});
    auto page = store->events_after(1, 2);
    REQUIRE(page);
    REQUIRE(page->size() == 2);
    CHECK((*page)[0].seq == 2);
    CHECK((*page)[1].seq == 3);
    CHECK(store->events_after(4, 10)->empty());
    CHECK(store->events_after(0, 100)->size() == 4);
}

TEST_CASE("readers of the analytics log see whole appends while events keep arriving") {
    std::unique_ptr<Store> store = make_memory_store();
    Appender appender(*store);
    EventLogCache cache(*store, demo(), EventLogCache::Options{.batch = 3, .keep_events = true});
    std::atomic<bool> done{false};
    std::atomic<int> bad{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 3; ++t) {
        readers.emplace_back([&] {
            while (!done.load()) {
                // Each unit's events are U<k>'s only, and no event appears twice.
                (void)cache.read_events([&](std::span<const UnitEvents> units) {
                    std::size_t events = 0;
                    for (const UnitEvents& unit : units) {
                        events += unit.size();
                        for (const Event& e : unit)
                            if (e.serial != unit.front().serial) ++bad;
                    }
                    if (events > 60) ++bad;
                });
            }
        });
    }
    for (int i = 0; i < 20; ++i) appender.append({"U1", "U2", "U3"});
    done = true;
    for (std::thread& t : readers) t.join();
    CHECK(bad.load() == 0);
    CHECK(cached(cache) == grouped(*store));
}

namespace {

// The figures of each analysis as text, to compare the two forms.
std::string text(const std::vector<analytics::StageStats>& rows) {
    std::string out;
    for (const auto& s : rows)
        out += s.stage + " " + std::to_string(s.units_passed) + " " +
               std::to_string(s.first_pass_units) + " " +
               std::to_string(s.first_pass_yield.value_or(-1)) + " " +
               std::to_string(s.ncs_originating) + " " + std::to_string(s.quantity_originating) +
               " " + std::to_string(s.ncs_per_100_units) + " " + std::to_string(s.escapes) + " " +
               std::to_string(s.timed_units) + " " + std::to_string(s.median_working_time_s) + " " +
               std::to_string(s.p90_working_time_s) + " " + std::to_string(s.p90_calendar_time_s) +
               " " + std::to_string(s.wip) + " " + std::to_string(s.wip_on_hold) + "\n";
    return out;
}

std::string analyses(const Plant& plant, std::span<const UnitEvents> events,
                     std::span<const analytics::UnitView> views, bool use_views,
                     const analytics::Query& q) {
    namespace an = analytics;
    std::string out;
    const auto run = [&](auto&& fn) { return use_views ? fn(views) : fn(events); };
    for (const an::ParetoGroup& g :
         run([&](auto u) { return an::pareto(plant, u, q, an::NcGrouping::OriginStage); })) {
        out += "pareto " + g.stage + " " + std::to_string(g.total_count) + "\n";
        for (const an::ParetoRow& r : g.rows)
            out += r.code + " " + std::to_string(r.count) + " " + std::to_string(r.quantity) + "\n";
    }
    const an::EscapeMatrix m = run([&](auto u) { return an::escape_matrix(plant, u, q); });
    out += "escapes " + std::to_string(m.total_ncs) + " " + std::to_string(m.escapes) + "\n";
    for (const an::EscapeCell& c : m.cells)
        out += c.origin_stage + ">" + c.detected_stage + " " + std::to_string(c.count) + " " +
               std::to_string(c.max_distance) + "\n";
    out += "stages\n" + text(run([&](auto u) { return an::stage_stats(plant, u, q); }));
    for (const an::RouteYield& y : run([&](auto u) { return an::route_yields(plant, u, q); }))
        out += "rty " + y.product_type + " " +
               std::to_string(y.rolled_throughput_yield.value_or(-1)) + "\n";
    const an::Bottleneck b = run([&](auto u) { return an::bottleneck(plant, u, q); });
    out +=
        "bottleneck " + b.top_quality_reason + " / " + b.top_flow_reason + "\n" + text(b.by_flow);
    for (const an::RepeatOffender& r :
         run([&](auto u) { return an::repeat_offenders(plant, u, q, 3, 1); }))
        out += "repeat " + r.code + " " + std::to_string(r.count) + "\n";
    for (const an::StampOversight& s : run([&](auto u) {
             return an::stamp_oversight(plant, {}, u, q, Date{2026, 12, 1});
         }))
        out += "stamp " + s.stamp + " " + std::to_string(s.acceptances) + " " +
               std::to_string(s.sign_offs) + " " + std::to_string(s.escapes) + "\n";
    return out;
}

}  // namespace

TEST_CASE("analyses over the cached unit views equal the analyses over the whole log's events") {
    const Plant& plant = demo();
    server::simulate::SimulationOptions o;
    o.units = 60;
    o.seed = 7;
    Result<server::simulate::Simulation> sim = server::simulate::simulate(plant, o);
    REQUIRE_MESSAGE(sim, sim.error().message());
    std::vector<Event> events;
    for (const auto& act : sim->acts)
        if (const auto* r = std::get_if<server::simulate::RecordEvent>(&act))
            events.push_back(r->event);
    REQUIRE(events.size() > 500);

    std::unique_ptr<Store> store = make_memory_store();
    const auto append = [&](std::size_t from, std::size_t to) {
        REQUIRE(store->write([&](WriteTxn& txn) {
            for (std::size_t i = from; i < to; ++i)
                if (Status s = txn.append(events[i], events[i].terminal_time).status(); !s)
                    return s;
            return Status::ok();
        }));
    };
    EventLogCache cache(*store, plant, EventLogCache::Options{.batch = 97});
    for (const std::string& product : {std::string(), std::string("KSO298")}) {
        CAPTURE(product);
        analytics::Query q;
        q.from = sim->from;
        q.to = sim->to;
        q.product_type = product;
        // Half the month, then the rest appended after the cache's first use.
        for (const std::size_t upto : {events.size() / 2, events.size()}) {
            if (product.empty()) append(upto == events.size() ? events.size() / 2 : 0, upto);
            Result<std::vector<StoredEvent>> log = store->all_events();
            REQUIRE(log);
            const std::vector<UnitEvents> grouped = analytics::group_by_unit(*log);
            const std::string expected = analyses(plant, grouped, {}, false, q);
            CHECK(expected.find("pareto WIRING") != std::string::npos);
            REQUIRE(cache.read([&](std::span<const analytics::UnitView> units) {
                CHECK(units.size() == grouped.size());
                CHECK(analyses(plant, {}, units, true, q) == expected);
            }));
        }
    }
}

TEST_CASE("the analytics log keeps no events unless asked, and then refuses read_events") {
    std::unique_ptr<Store> store = make_memory_store();
    Appender appender(*store);
    appender.append({"U1", "U2", "U1"});
    EventLogCache cache(*store, demo());
    std::size_t units = 0;
    REQUIRE(cache.read([&](std::span<const analytics::UnitView> views) { units = views.size(); }));
    CHECK(units == 2);
    CHECK(cache.size().events == 3);
    bool called = false;
    const Status s = cache.read_events([&](std::span<const UnitEvents>) { called = true; });
    CHECK(s.code() == Code::Internal);
    CHECK_FALSE(called);
}

TEST_CASE("a refresh asked to stop reads no further and the next use catches up") {
    std::unique_ptr<Store> store = make_memory_store();
    Appender appender(*store);
    appender.append({"U1", "U2", "U1"});
    EventLogCache cache(*store, demo(), EventLogCache::Options{.batch = 1});
    std::stop_source stopping;
    stopping.request_stop();
    CHECK(cache.refresh(stopping.get_token()).code() == Code::Unavailable);
    CHECK(cache.size().events == 0);
    REQUIRE(cache.refresh());
    CHECK(cache.size().events == 3);
}
