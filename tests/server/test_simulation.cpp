// The simulator's acts applied to the memory store through the server's own services (stamp
// registry, ingest with its trail-rules check): for several seeds nothing is refused and the
// existing analytics find the planted problem. Also: determinism and refused options.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "server/analytics/nc_analysis.h"
#include "server/analytics/stage_analysis.h"
#include "server/service_fixture.h"
#include "server/simulate/simulation.h"
#include "shared/event_json.h"

using namespace stampline;
using namespace stampline::server::simulate;
namespace an = stampline::server::analytics;

namespace {

struct Applied {
    int accepted = 0;
    int refused = 0;
    std::string first_refusal;
    std::vector<an::UnitEvents> units;
};

// Performs the acts against a fresh memory store, as `stampline simulate` does over HTTP.
Applied apply(const Plant& plant, const Simulation& sim) {
    auto store = server::make_memory_store();
    ManualClock clock(sim.to);
    Applied out;
    std::vector<Event> batch;
    auto flush = [&] {
        auto results = server::ingest_batch(*store, plant, clock, "", batch);
        REQUIRE_MESSAGE(results, results.error().message());
        for (const server::IngestResult& r : *results) {
            if (r.answer.verdict == server::Verdict::Accepted) {
                ++out.accepted;
            } else if (++out.refused == 1) {
                out.first_refusal = r.answer.reason + ": " + r.answer.message;
            }
        }
        batch.clear();
    };
    for (const Act& act : sim.acts) {
        if (const auto* issue = std::get_if<IssueStamp>(&act)) {
            const StampRecord& s = issue->stamp;
            auto r = server::issue_stamp(*store, plant,
                                         {s.id, s.holder, s.stages, s.attestation_due, ""},
                                         PinHashParams::fast_for_tests());
            REQUIRE_MESSAGE(r, r.error().message());
        } else if (const auto* suspend = std::get_if<SuspendStamp>(&act)) {
            flush();
            REQUIRE(server::set_stamp_status(*store, suspend->id, StampStatus::Suspended));
        } else {
            batch.push_back(std::get<RecordEvent>(act).event);
            if (batch.size() == 500) flush();
        }
    }
    flush();
    auto log = store->all_events();
    REQUIRE(log);
    out.units = an::group_by_unit(*log);
    return out;
}

SimulationOptions month(std::uint64_t seed, int units = 120) {
    SimulationOptions o;
    o.units = units;
    o.days = 30;
    o.seed = seed;
    return o;
}

// The escape cell (origin before detection) with the most NCs.
an::EscapeCell largest_escape(const an::EscapeMatrix& m) {
    an::EscapeCell best;
    for (const an::EscapeCell& c : m.cells)
        if (c.escape && c.count > best.count) best = c;
    return best;
}

}  // namespace

TEST_CASE("simulated months pass the trail rules and the analyses find the planted problem") {
    const Plant plant = test::demo_plant();
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        Result<Simulation> sim = simulate(plant, month(seed));
        REQUIRE_MESSAGE(sim, sim.error().message());
        CHECK(sim->planted_escapes > 0);
        CHECK(sim->units_complete > 0);
        CHECK(sim->units_complete < sim->units);  // some units are still in progress at the end

        const Applied applied = apply(plant, *sim);
        CHECK_MESSAGE(applied.refused == 0, applied.first_refusal);
        CHECK(applied.accepted == sim->events);

        an::Query q;
        q.from = sim->from;
        q.to = sim->to;
        const an::Bottleneck b = an::bottleneck(plant, applied.units, q);
        CHECK(b.top_quality_stage == "WIRING");
        CHECK(b.top_flow_stage == "ADJUST");

        const an::EscapeCell cell = largest_escape(an::escape_matrix(plant, applied.units, q));
        CHECK(cell.origin_stage == "WIRING");
        CHECK(cell.detected_stage == "ACCEPT");
        CHECK(cell.count >= sim->planted_escapes);
    }
}

TEST_CASE("a planted problem at another stage moves the bottleneck and the escape there") {
    const Plant plant = test::demo_plant();
    SimulationOptions o = month(4);
    o.planted = {"ASSEMBLY", "MECH", "ADJUST", 0.4, 0.7};
    o.slow_stage = "PAINT";
    Result<Simulation> sim = simulate(plant, o);
    REQUIRE_MESSAGE(sim, sim.error().message());
    const Applied applied = apply(plant, *sim);
    CHECK_MESSAGE(applied.refused == 0, applied.first_refusal);
    an::Query q;
    q.from = sim->from;
    q.to = sim->to;
    const an::Bottleneck b = an::bottleneck(plant, applied.units, q);
    CHECK(b.top_quality_stage == "ASSEMBLY");
    CHECK(b.top_flow_stage == "PAINT");
    const an::EscapeCell cell = largest_escape(an::escape_matrix(plant, applied.units, q));
    CHECK(cell.origin_stage == "ASSEMBLY");
    CHECK(cell.detected_stage == "ADJUST");
}

TEST_CASE("the same seed gives the same acts, ids included, and another seed other acts") {
    const Plant plant = test::demo_plant();
    auto events = [&](std::uint64_t seed) {
        Result<Simulation> sim = simulate(plant, month(seed, 20));
        REQUIRE(sim);
        std::string text;
        for (const Act& act : sim->acts)
            if (const auto* e = std::get_if<RecordEvent>(&act))
                text += event_to_json(e->event).dump() + "\n";
        return text;
    };
    const std::string a = events(9);
    CHECK(a == events(9));
    CHECK(a != events(10));
}

TEST_CASE("a simulation suspends one stamp mid-period and uses it no more") {
    const Plant plant = test::demo_plant();
    Result<Simulation> sim = simulate(plant, month(5, 60));
    REQUIRE(sim);
    std::string suspended;
    bool used_before = false;
    for (const Act& act : sim->acts) {
        if (const auto* s = std::get_if<SuspendStamp>(&act)) {
            suspended = s->id;
        } else if (const auto* e = std::get_if<RecordEvent>(&act)) {
            if (suspended.empty()) continue;
            CHECK(e->event.stamp != suspended);
        }
    }
    for (const Act& act : sim->acts)
        if (const auto* e = std::get_if<RecordEvent>(&act))
            used_before = used_before || e->event.stamp == suspended;
    CHECK(!suspended.empty());
    CHECK(used_before);
}

TEST_CASE("simulation options that do not fit the plant are refused naming what is wrong") {
    const Plant plant = test::demo_plant();
    SimulationOptions o = month(1, 10);
    o.planted.origin_stage = "WELDING";
    Result<Simulation> r = simulate(plant, o);
    REQUIRE(!r);
    CHECK(r.error().code() == Code::InvalidArgument);
    CHECK(r.error().message().find("WELDING") != std::string::npos);

    o = month(1, 10);
    o.planted.detection_stage = "TZ";
    CHECK(!simulate(plant, o));

    o = month(1, 10);
    o.planted.category = "NOPE";
    CHECK(!simulate(plant, o));

    o = month(1, 10);
    o.start = {2026, 11, 7};  // a Saturday
    o.days = 2;
    r = simulate(plant, o);
    REQUIRE(!r);
    CHECK(r.error().message().find("no working time") != std::string::npos);
}

TEST_CASE("the demo plant's night shift puts acts after Moscow midnight into the new month") {
    const Plant plant = test::demo_plant();
    REQUIRE(plant.zone.name() == "Europe/Moscow");
    REQUIRE(plant.calendar.defined());
    SimulationOptions o = month(5);
    o.start = Date{2026, 11, 16};  // over the end of November
    o.days = 28;
    Result<Simulation> sim = simulate(plant, o);
    REQUIRE_MESSAGE(sim, sim.error().message());
    CHECK(sim->from == parse_utc("2026-11-15T21:00:00Z").value());  // a local midnight
    const Applied applied = apply(plant, *sim);
    CHECK_MESSAGE(applied.refused == 0, applied.first_refusal);
    // Sign-offs of the night shift of Monday, November 30th after local midnight: December in
    // Moscow, November in UTC; the December query counts them.
    int december_by_zone = 0, across_midnight = 0;
    bool found_at_control_point = false, found_during_work = false;
    for (const an::UnitEvents& unit : applied.units) {
        for (const Event& e : unit) {
            if (const auto* nc = std::get_if<NcRaised>(&e.body)) {
                found_at_control_point |= nc->found == "control_point";
                found_during_work |= nc->found == "during_work";
            }
            if (e.kind() != EventKind::StageSignedOff) continue;
            const Timestamp t = e.act_time();
            if (plant.zone.month_of(t) == YearMonth{2026, 12}) ++december_by_zone;
            if (plant.zone.month_of(t) == YearMonth{2026, 12} && month_of(t) == YearMonth{2026, 11})
                ++across_midnight;
            // No act outside the shifts: 08:00-16:30 or 22:00-06:30 local, on working days.
            const int m = plant.zone.minute_of_day(t);
            const bool in_shift =
                (m >= 8 * 60 && m < 16 * 60 + 30) || m >= 22 * 60 || m < 6 * 60 + 30;
            CHECK_MESSAGE(in_shift, format_utc(t));
        }
    }
    CHECK(across_midnight > 0);
    CHECK(found_at_control_point);
    CHECK(found_during_work);
    an::Query december;
    december.from = plant.zone.start_of(YearMonth{2026, 12});
    december.to = plant.zone.start_of(YearMonth{2027, 1});
    int passed = 0;
    for (const an::StageStats& s : an::stage_stats(plant, applied.units, december))
        passed += s.units_passed;
    CHECK(passed == december_by_zone);
}
