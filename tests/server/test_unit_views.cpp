// The analyses over the store's facts (UnitViews: units read by period from the columns kept
// beside the log, work in progress from the store's counts, long windows a month at a time)
// give the same figures, field by field, as the analyses over every unit derived from the
// logged events (the path before the facts: all_events, group_by_unit, derive_units).
#include <doctest/doctest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "server/analytics/month_figures_cache.h"
#include "server/analytics/nc_analysis.h"
#include "server/analytics/review_pack.h"
#include "server/analytics/stage_analysis.h"
#include "server/analytics/stamp_oversight.h"
#include "server/analytics/unit_views.h"
#include "server/service_fixture.h"
#include "server/simulate/simulation.h"
#include "server/store/memory_store.h"
#include "server/store/sqlite_store.h"
#include "sqlite_fixture.h"
#include "store_backends.h"

using namespace stampline;
using namespace stampline::server;
namespace an = stampline::server::analytics;

namespace {

const Plant& demo() {
    static const Plant plant = test::demo_plant();
    return plant;
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}
std::string num(const std::optional<double>& v) {
    return v ? num(*v) : "-";
}

std::string text(const an::StageStats& s) {
    return s.stage + " passed " + num(s.units_passed) + " fp " + num(s.first_pass_units) + " " +
           num(s.first_pass_yield) + " ncs " + num(s.ncs_originating) + " q " +
           num(static_cast<double>(s.quantity_originating)) + " " + num(s.ncs_per_100_units) +
           " esc " + num(s.escapes) + " field " + num(s.field_escapes) + " w " +
           num(s.weighted_ncs) + " " + num(s.weighted_escapes) + " " +
           num(s.weighted_ncs_per_100_units) + " " + num(s.weighted_escapes_per_100_units) +
           (s.ranked ? " ranked" : "") + " timed " + num(s.timed_units) + " " +
           num(s.median_working_time_s) + " " + num(s.p90_working_time_s) + " " +
           num(s.median_calendar_time_s) + " " + num(s.p90_calendar_time_s) + " wip " + num(s.wip) +
           " " + num(s.wip_on_hold) + "\n";
}

std::string text(const std::vector<an::StageStats>& rows) {
    std::string out;
    for (const an::StageStats& s : rows) out += text(s);
    return out;
}

std::string text(const an::Bottleneck& b) {
    return "bottleneck " + b.top_quality_stage + ": " + b.top_quality_reason + " / " +
           b.top_flow_stage + ": " + b.top_flow_reason + "\n" + text(b.by_quality) +
           text(b.by_flow);
}

std::string text(const an::ParetoGroup& g) {
    std::string out = "pareto " + g.stage + " " + num(g.total_count) + " " +
                      num(static_cast<double>(g.total_quantity)) + "\n";
    for (const an::ParetoRow& r : g.rows)
        out += r.code + " " + num(r.count) + " " + num(static_cast<double>(r.quantity)) + " " +
               num(r.share) + " " + num(r.cumulative_share) + "\n";
    return out;
}

std::string text(const an::EscapeMatrix& m) {
    std::string out = "escapes " + num(m.total_ncs) + " " + num(m.escapes) + " " +
                      num(m.field_escapes) + " " + num(static_cast<double>(m.escaped_quantity)) +
                      "\n";
    for (const an::EscapeCell& c : m.cells)
        out += c.origin_stage + ">" + c.detected_stage + "/" + c.field_stage + " " + num(c.count) +
               " " + num(static_cast<double>(c.quantity)) + " " + num(c.max_distance) + " " +
               num(c.escapes) + (c.escape ? " escape" : "") + "\n";
    return out;
}

std::string text(const std::vector<an::RepeatOffender>& offenders) {
    std::string out;
    for (const an::RepeatOffender& r : offenders) {
        out += "repeat " + r.code + " " + num(r.months_with) + " " + num(r.count);
        for (const std::string& m : r.months) out += " " + m;
        out += "\n";
    }
    return out;
}

std::string text(const std::vector<an::RouteYield>& yields) {
    std::string out;
    for (const an::RouteYield& y : yields) {
        out += "rty " + y.product_type + " " + num(y.rolled_throughput_yield);
        for (const auto& fpy : y.first_pass_yields) out += " " + num(fpy);
        out += "\n";
    }
    return out;
}

std::string text(const std::vector<an::StampOversight>& rows) {
    std::string out;
    for (const an::StampOversight& s : rows)
        out += "stamp " + s.stamp + " " + num(s.acceptances) + " " + num(s.sign_offs) + " " +
               num(s.escapes) + " " + num(s.field_escapes) + " " +
               num(static_cast<double>(s.escaped_quantity)) + "\n";
    return out;
}

std::string text(const an::ReviewPack& p) {
    std::string out =
        "pack " + format_year_month(p.month) + " history " + num(p.repeat_history_months) + "\n";
    for (const an::TrendRow& t : p.trend) {
        out += "trend " + format_year_month(t.month) + " " + num(t.units_passed) + " " +
               num(t.ncs) + " " + num(static_cast<double>(t.nc_quantity)) + " " +
               num(t.ncs_per_100_units) + " " + num(t.escapes) + " " +
               num(static_cast<double>(t.escaped_quantity)) + " " + num(t.first_pass_yield);
        for (const an::ProductYield& y : t.rolled_throughput_yields)
            out += " " + y.product_type + "=" + num(y.rolled_throughput_yield);
        out += "\n";
    }
    return out + text(p.pareto) + text(p.escapes) + text(p.bottleneck) + text(p.repeat_offenders);
}

// Every analysis of the query, over the given units (all of them or the period's) with the
// work in progress from summary.
std::string analyses(const Plant& plant, std::span<const an::UnitView> units,
                     const UnitsSummary& summary, const an::Query& q) {
    std::vector<an::StageStats> stats = an::stage_stats(plant, units, q);
    an::set_work_in_progress(plant, summary.progress, q, stats);
    std::string out = text(stats) + text(an::bottleneck(stats));
    for (const an::ParetoGroup& g : an::pareto(plant, units, q, an::NcGrouping::OriginStage))
        out += text(g);
    for (const an::ParetoGroup& g : an::pareto(plant, units, q, an::NcGrouping::DetectedStage))
        out += text(g);
    out += text(an::escape_matrix(plant, units, q)) + text(an::route_yields(plant, units, q));
    out += text(an::stamp_oversight(plant, {}, units, q, Date{2026, 12, 1}));
    return out;
}

// Two simulated months (October and November 2026, their own seeds) appended to the store.
std::vector<Event> two_months() {
    std::vector<Event> events;
    for (int m = 0; m < 2; ++m) {
        server::simulate::SimulationOptions o;
        o.units = 90;
        o.seed = 11 + static_cast<std::uint64_t>(m);
        o.start = Date{2026, 10 + m, 1};
        o.days = m == 0 ? 31 : 30;
        Result<server::simulate::Simulation> sim = server::simulate::simulate(demo(), o);
        REQUIRE_MESSAGE(sim, sim.error().message());
        for (const auto& act : sim->acts)
            if (const auto* r = std::get_if<server::simulate::RecordEvent>(&act))
                events.push_back(r->event);
    }
    return events;
}

void append_all(Store& store, const std::vector<Event>& events) {
    REQUIRE(store.write([&](WriteTxn& txn) {
        for (const Event& e : events)
            if (Status s = txn.append(e, e.terminal_time).status(); !s) return s;
        return Status::ok();
    }));
}

// The path before the facts: every unit, derived from the logged events.
std::vector<an::UnitView> every_unit(Store& store) {
    Result<std::vector<StoredEvent>> log = store.all_events();
    REQUIRE(log);
    return an::derive_units(demo(), an::group_by_unit(*log), an::Query{});
}

// After both months: they are closed, so their figures are also kept beside the log.
ManualClock december() {
    return ManualClock{parse_utc("2026-12-05T09:00:00.000Z").value()};
}

an::Query month(int m, const std::string& product = "") {
    an::Query q;
    q.from = demo().zone.start_of(YearMonth{2026, m});
    q.to = demo().zone.start_of(next_month(YearMonth{2026, m}));
    q.product_type = product;
    return q;
}

// Appends an NC raised on 20 November on a unit that acted in November only.
void raise_november_nc(Store& store, const an::UnitViews& views) {
    std::string serial;
    REQUIRE(views.read(month(11).from, month(11).to, [&](std::span<const an::UnitView> units) {
        for (const an::UnitView& u : units)
            if (serial.empty() && u.first_at >= month(11).from && u.product != nullptr &&
                u.state.stages[0].signed_off)
                serial = u.state.serial;
    }));
    REQUIRE_FALSE(serial.empty());
    Result<std::vector<StoredEvent>> trail = store.trail(serial);
    REQUIRE(trail);
    Event nc;
    nc.id = parse_uuid("0193a1b2-0000-7000-8000-000000000abc").value();
    nc.serial = serial;
    nc.sheet_version = 1;
    nc.stage = trail->back().event.stage.empty() ? "WIRING" : trail->back().event.stage;
    nc.station = trail->back().event.station;
    nc.stamp = trail->back().event.stamp;
    nc.terminal_time = parse_utc("2026-11-20T10:00:00.000Z").value();
    NcRaised body;
    body.code = "WIR-01";
    body.origin_stage = "WIRING";
    body.found = "during_work";
    nc.body = body;
    append_all(store, {nc});
}

void check_same_figures(Store& store) {
    const Plant& plant = demo();
    const std::vector<an::UnitView> all = every_unit(store);
    REQUIRE(all.size() > 150);
    const UnitsSummary old_summary = an::units_summary(all);
    Result<UnitsSummary> summary = store.units_summary();
    REQUIRE(summary);
    CHECK(summary->first_act == old_summary.first_act);
    CHECK(summary->progress.size() == old_summary.progress.size());

    const an::UnitViews views(store, plant);
    for (const an::Query& q : {month(10), month(11), month(11, "KSO298")}) {
        CAPTURE(format_utc(q.from));
        CAPTURE(q.product_type);
        const std::string expected = analyses(plant, all, old_summary, q);
        CHECK(expected.find("WIRING") != std::string::npos);
        std::size_t read_units = 0;
        REQUIRE(views.read(q.from, q.to, [&](std::span<const an::UnitView> units) {
            read_units = units.size();
            CHECK(analyses(plant, units, *summary, q) == expected);
        }));
        // Only the period's units were read, not the record's.
        CHECK(read_units < all.size());
    }

    an::ReviewPackOptions options;
    options.month = YearMonth{2026, 11};
    options.as_of = parse_utc("2026-12-01T09:00:00.000Z").value();
    options.trend_months = 3;
    options.repeat_months = 2;
    options.repeat_min_months = 2;
    const an::ReviewPack expected = an::review_pack(plant, all, {}, options);
    const ManualClock clock = december();
    an::MonthFiguresCache months(views, plant, clock, 8);
    Result<an::ReviewPack> pack = an::review_pack(plant, months.source(), *summary, {}, options);
    REQUIRE(pack);
    CHECK(pack->trend.size() == 3);
    CHECK(text(*pack) == text(expected));
    CHECK(months.stats().misses == 3);
    // Again: every month is kept, and gives the same pack.
    pack = an::review_pack(plant, months.source(), *summary, {}, options);
    REQUIRE(pack);
    CHECK(text(*pack) == text(expected));
    CHECK(months.stats().hits == 3);
    CHECK(months.stats().misses == 3);
    CHECK(text(pack->repeat_offenders) ==
          text(an::repeat_offenders(plant, all, month(11), options.repeat_months,
                                    options.repeat_min_months)));
}

}  // namespace

TEST_CASE(
    "store: analyses over the store's facts, read by period, equal those over every unit's "
    "logged events") {
    test::on_each_store([](Store& store) {
        append_all(store, two_months());
        check_same_figures(store);
    });
}

TEST_CASE(
    "a database of schema version 6 gets its facts from its log when migrated, the same as "
    "recorded with each event") {
    test::TempDir dir;
    const std::string path = dir.file("plant.db");
    std::string live;
    {
        std::unique_ptr<Store> store = test::open_store(path);
        append_all(*store, two_months());
        const an::UnitViews views(*store, demo());
        REQUIRE(views.read(month(11).from, month(11).to, [&](std::span<const an::UnitView> u) {
            live = analyses(demo(), u, *store->units_summary(), month(11));
        }));
    }
    REQUIRE(test::raw_exec_code(path,
                                "DROP TABLE units; DROP TABLE facts; DROP TABLE kept_figures; "
                                "PRAGMA user_version = 6;") == SQLITE_OK);
    std::unique_ptr<Store> store = test::open_store(path);
    CHECK(test::raw_scalar(path, "SELECT count(*) FROM facts") ==
          test::raw_scalar(path, "SELECT count(*) FROM events"));
    const an::UnitViews views(*store, demo());
    std::string migrated;
    REQUIRE(views.read(month(11).from, month(11).to, [&](std::span<const an::UnitView> u) {
        migrated = analyses(demo(), u, *store->units_summary(), month(11));
    }));
    CHECK(migrated == live);
    CHECK(migrated.find("WIRING") != std::string::npos);
}

TEST_CASE(
    "store: a month's kept figures are read again once an event changes a unit acting in it, and "
    "only that month's") {
    test::on_each_store([](Store& store) {
        const Plant& plant = demo();
        const std::vector<Event> events = two_months();
        append_all(store, events);
        const an::UnitViews views(store, plant);
        const ManualClock clock = december();
        an::MonthFiguresCache months(views, plant, clock, 8);
        REQUIRE(months.get(YearMonth{2026, 10}, false));
        REQUIRE(months.get(YearMonth{2026, 11}, false));
        CHECK(months.stats().misses == 2);

        // An NC raised on 20 November on a unit that acted in November only: October's figures
        // stay, November's are read again and count it.
        const int before = months.get(YearMonth{2026, 11}, false)->trend.ncs;
        CHECK(months.stats().hits == 1);
        raise_november_nc(store, views);

        CHECK(months.get(YearMonth{2026, 11}, false)->trend.ncs == before + 1);
        CHECK(months.stats().misses == 3);
        REQUIRE(months.get(YearMonth{2026, 10}, false));
        CHECK(months.stats().hits == 2);
        CHECK(months.stats().misses == 3);
    });
}

TEST_CASE("the month cache keeps at most its capacity, the least recently used dropped") {
    const Plant& plant = demo();
    std::unique_ptr<Store> store = make_memory_store();
    append_all(*store, two_months());
    const an::UnitViews views(*store, plant);
    // Mid-October: neither month is over, so nothing is kept beside the log either.
    const ManualClock clock{parse_utc("2026-10-15T09:00:00.000Z").value()};
    an::MonthFiguresCache months(views, plant, clock, 1);
    REQUIRE(months.get(YearMonth{2026, 10}, false));
    REQUIRE(months.get(YearMonth{2026, 11}, false));
    REQUIRE(months.get(YearMonth{2026, 10}, false));
    CHECK(months.stats().months == 1);
    CHECK(months.stats().hits == 0);
    CHECK(months.stats().misses == 3);
    an::MonthFiguresCache none(views, plant, clock, 0);
    REQUIRE(none.get(YearMonth{2026, 10}, false));
    CHECK(none.stats().months == 0);
}

TEST_CASE(
    "closed months' figures outlive a restart beside the log, unless an event since changed them "
    "or the plant configuration is another") {
    const Plant& plant = demo();
    test::TempDir dir;
    const std::string path = dir.file("plant.db");
    const ManualClock clock = december();
    an::ReviewPackOptions options;
    options.month = YearMonth{2026, 11};
    options.as_of = clock.now();
    options.trend_months = 3;  // September (no record), October, November (reviewed)
    options.repeat_months = 3;
    options.repeat_min_months = 2;
    std::string expected;
    {
        std::unique_ptr<Store> store = test::open_store(path);
        append_all(*store, two_months());
        expected = text(an::review_pack(plant, every_unit(*store), {}, options));
        const an::UnitViews views(*store, plant);
        an::MonthFiguresCache months(views, plant, clock, 8);
        REQUIRE(an::review_pack(plant, months.source(), *store->units_summary(), {}, options));
        CHECK(months.stats().misses == 3);
    }
    // The reviewed month's own analyses and an open month are never kept there.
    CHECK(test::raw_scalar(path, "SELECT count(*) FROM kept_figures") == "2");

    {  // A restart: the closed months come from beside the log, the same figures.
        std::unique_ptr<Store> store = test::open_store(path);
        const an::UnitViews views(*store, plant);
        an::MonthFiguresCache months(views, plant, clock, 8);
        Result<an::ReviewPack> pack =
            an::review_pack(plant, months.source(), *store->units_summary(), {}, options);
        REQUIRE(pack);
        CHECK(text(*pack) == expected);
        CHECK(months.stats().kept_hits == 2);
        CHECK(months.stats().misses == 1);
        REQUIRE(months.get(YearMonth{2026, 11}, false));  // November, not as the reviewed month
        CHECK(months.stats().misses == 2);
        REQUIRE(months.get(YearMonth{2026, 12}, false));  // still open on 5 December
        CHECK(test::raw_scalar(path, "SELECT count(*) FROM kept_figures") == "3");
    }
    {  // An event for a unit of November: November is read again after a restart, October not.
        std::unique_ptr<Store> store = test::open_store(path);
        const an::UnitViews views(*store, plant);
        an::MonthFiguresCache before(views, plant, clock, 8);
        const int ncs = before.get(YearMonth{2026, 11}, false)->trend.ncs;
        CHECK(before.stats().kept_hits == 1);
        raise_november_nc(*store, views);
        an::MonthFiguresCache months(views, plant, clock, 8);
        CHECK(months.get(YearMonth{2026, 11}, false)->trend.ncs == ncs + 1);
        REQUIRE(months.get(YearMonth{2026, 10}, false));
        CHECK(months.stats().misses == 1);
        CHECK(months.stats().kept_hits == 1);
    }
    {  // Another plant configuration: nothing kept under the old one is taken.
        std::unique_ptr<Store> store = test::open_store(path);
        Plant changed = plant;
        changed.source_digest = "another configuration";
        const an::UnitViews views(*store, changed);
        an::MonthFiguresCache months(views, changed, clock, 8);
        REQUIRE(months.get(YearMonth{2026, 10}, false));
        CHECK(months.stats().misses == 1);
        CHECK(months.stats().kept_hits == 0);
    }
}
