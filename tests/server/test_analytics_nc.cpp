// Pareto, escape matrix and repeat offenders on hand-built event sets with known answers.
#include <doctest/doctest.h>

#include "server/analytics/nc_analysis.h"
#include "server/analytics_fixture.h"

using namespace stampline;
using namespace stampline::server::analytics;
using stampline::test::at_h;
using stampline::test::at_utc;
using stampline::test::ReferenceSet;
using stampline::test::UnitBuilder;

TEST_CASE("the Pareto ranks NC codes by count with share and cumulative share") {
    ReferenceSet set;
    const std::vector<ParetoGroup> groups = pareto(set.plant, set.units, ReferenceSet::november());
    REQUIRE(groups.size() == 1);
    const ParetoGroup& g = groups[0];
    CHECK(g.stage.empty());
    CHECK(g.total_count == 4);
    CHECK(g.total_quantity == 5);
    REQUIRE(g.rows.size() == 3);
    CHECK(g.rows[0].code == "X1");
    CHECK(g.rows[0].count == 2);
    CHECK(g.rows[0].quantity == 3);
    CHECK(g.rows[0].share == doctest::Approx(0.5));
    CHECK(g.rows[0].cumulative_share == doctest::Approx(0.5));
    CHECK(g.rows[1].code == "X2");  // ties on count and quantity go by code
    CHECK(g.rows[1].cumulative_share == doctest::Approx(0.75));
    CHECK(g.rows[2].code == "X3");
    CHECK(g.rows[2].share == doctest::Approx(0.25));
    CHECK(g.rows[2].cumulative_share == doctest::Approx(1.0));
}

TEST_CASE("the Pareto by nonconforming items orders and shares by quantity, not by records") {
    // One record of 10 bolts against three records of one cover each.
    const Plant plant = test::small_plant();
    std::vector<UnitEvents> units;
    UnitBuilder b(units);
    b.unit("B1", "P", test::at_h(0)).nc("A", "A", "BOLT", test::at_h(1), 10);
    for (int i = 0; i < 3; ++i)
        b.unit("C" + std::to_string(i), "P", test::at_h(0)).nc("A", "A", "COVER", test::at_h(1));
    const ParetoGroup records = pareto(plant, units, ReferenceSet::november()).front();
    CHECK(records.measure == ParetoMeasure::Records);
    CHECK(records.rows[0].code == "COVER");
    CHECK(records.rows[0].share == doctest::Approx(0.75));
    const ParetoGroup items =
        pareto(plant, units, ReferenceSet::november(), NcGrouping::None, ParetoMeasure::Items)
            .front();
    CHECK(items.measure == ParetoMeasure::Items);
    REQUIRE(items.rows.size() == 2);
    CHECK(items.rows[0].code == "BOLT");
    CHECK(items.rows[0].count == 1);
    CHECK(items.rows[0].quantity == 10);
    CHECK(items.rows[0].share == doctest::Approx(10.0 / 13));
    CHECK(items.rows[1].cumulative_share == doctest::Approx(1.0));
    ParetoMeasure parsed = ParetoMeasure::Records;
    CHECK(parse_pareto_measure("items", &parsed));
    CHECK(parsed == ParetoMeasure::Items);
    CHECK_FALSE(parse_pareto_measure("count", &parsed));
}

TEST_CASE("the Pareto groups by stage of origin and by stage of detection in plant order") {
    ReferenceSet set;
    const auto by_origin =
        pareto(set.plant, set.units, ReferenceSet::november(), NcGrouping::OriginStage);
    REQUIRE(by_origin.size() == 2);
    CHECK(by_origin[0].stage == "A");
    CHECK(by_origin[0].total_count == 3);
    CHECK(by_origin[0].rows[0].code == "X1");
    CHECK(by_origin[0].rows[0].share == doctest::Approx(2.0 / 3));
    CHECK(by_origin[1].stage == "B");
    CHECK(by_origin[1].total_count == 1);

    const auto by_detection =
        pareto(set.plant, set.units, ReferenceSet::november(), NcGrouping::DetectedStage);
    REQUIRE(by_detection.size() == 3);
    CHECK(by_detection[0].stage == "A");
    CHECK(by_detection[0].total_count == 1);
    CHECK(by_detection[2].stage == "C");
    CHECK(by_detection[2].total_count == 2);
    CHECK(by_detection[2].rows[0].code == "X1");  // quantity 2 beats X3's 1
}

TEST_CASE("the Pareto honours the product type, stage and code filters") {
    ReferenceSet set;
    Query q = ReferenceSet::november();
    q.product_type = "Q";
    auto g = pareto(set.plant, set.units, q)[0];
    REQUIRE(g.rows.size() == 1);
    CHECK(g.rows[0].code == "X3");

    q = ReferenceSet::november();
    q.code = "X1";
    CHECK(pareto(set.plant, set.units, q)[0].total_count == 2);

    q = ReferenceSet::november();
    q.stage = "C";  // detected at C: U1's X1 and U4's X3
    g = pareto(set.plant, set.units, q)[0];
    CHECK(g.total_count == 2);
    CHECK(g.total_quantity == 3);
}

TEST_CASE("an NC counts in the period of its terminal time, the end excluded") {
    std::vector<UnitEvents> units;
    UnitBuilder(units)
        .unit("V1", "P", at_h(0))
        .nc("A", "A", "X1", at_utc("2026-11-30T23:59:59.999Z"))
        .nc("A", "A", "X2", at_utc("2026-12-01T00:00:00Z"));
    const auto g = pareto(test::small_plant(), units, ReferenceSet::november())[0];
    REQUIRE(g.rows.size() == 1);
    CHECK(g.rows[0].code == "X1");
}

TEST_CASE("an empty period gives an empty Pareto and an empty escape matrix") {
    ReferenceSet set;
    Query q;
    q.from = at_utc("2026-12-01T00:00:00Z");
    q.to = at_utc("2027-01-01T00:00:00Z");
    const auto groups = pareto(set.plant, set.units, q);
    REQUIRE(groups.size() == 1);
    CHECK(groups[0].total_count == 0);
    CHECK(groups[0].rows.empty());
    CHECK(pareto(set.plant, set.units, q, NcGrouping::OriginStage).empty());
    const EscapeMatrix m = escape_matrix(set.plant, set.units, q);
    CHECK(m.cells.empty());
    CHECK(m.total_ncs == 0);
    CHECK(m.escapes == 0);
    CHECK(pareto(set.plant, std::vector<UnitEvents>{}, ReferenceSet::november())[0].rows.empty());
}

TEST_CASE("the escape matrix counts NCs caught at a later route stage than their origin") {
    ReferenceSet set;
    const EscapeMatrix m = escape_matrix(set.plant, set.units, ReferenceSet::november());
    CHECK(m.total_ncs == 4);
    CHECK(m.escapes == 2);
    CHECK(m.escaped_quantity == 3);
    REQUIRE(m.cells.size() == 3);
    CHECK(m.cells[0].origin_stage == "A");
    CHECK(m.cells[0].detected_stage == "A");
    CHECK_FALSE(m.cells[0].escape);
    CHECK(m.cells[1].origin_stage == "A");
    CHECK(m.cells[1].detected_stage == "C");
    CHECK(m.cells[1].count == 2);
    CHECK(m.cells[1].quantity == 3);
    CHECK(m.cells[1].escape);
    CHECK(m.cells[1].max_distance == 2);  // two stages on P's route, one on Q's
    CHECK(m.cells[2].origin_stage == "B");
    CHECK(m.cells[2].detected_stage == "B");
    CHECK_FALSE(m.cells[2].escape);
}

TEST_CASE("repeat offenders are codes seen in at least N of the last M calendar months") {
    std::vector<UnitEvents> units;
    UnitBuilder b(units);
    b.unit("R", "P", at_utc("2026-08-01T00:00:00Z"))
        .nc("A", "A", "R2", at_utc("2026-08-15T10:00:00Z"))
        .nc("A", "A", "R1", at_utc("2026-09-03T10:00:00Z"))
        .nc("A", "A", "R1", at_utc("2026-10-31T23:59:59Z"))
        .nc("A", "A", "R1", at_utc("2026-11-02T10:00:00Z"))
        .nc("A", "A", "R2", at_utc("2026-11-05T10:00:00Z"))
        .nc("A", "A", "R2", at_utc("2026-11-06T10:00:00Z"))
        .nc("A", "A", "R3", at_utc("2026-12-01T00:00:00Z"));  // after the window
    const Plant plant = test::small_plant();
    Query q = ReferenceSet::november();

    auto r = repeat_offenders(plant, units, q, 3, 2);  // September .. November
    REQUIRE(r.size() == 1);
    CHECK(r[0].code == "R1");
    CHECK(r[0].months_with == 3);
    CHECK(r[0].count == 3);
    CHECK(r[0].months == std::vector<std::string>{"2026-09", "2026-10", "2026-11"});

    r = repeat_offenders(plant, units, q, 4, 2);  // August .. November: R2 in two months
    REQUIRE(r.size() == 2);
    CHECK(r[0].code == "R1");
    CHECK(r[1].code == "R2");
    CHECK(r[1].months == std::vector<std::string>{"2026-08", "2026-11"});
    CHECK(r[1].count == 3);

    CHECK(repeat_offenders(plant, units, q, 0, 1).empty());
    q.from = at_utc("2027-03-01T00:00:00Z");
    q.to = at_utc("2027-04-01T00:00:00Z");
    CHECK(repeat_offenders(plant, units, q, 3, 1).empty());
}

TEST_CASE("repeat offender months cross a year boundary") {
    std::vector<UnitEvents> units;
    UnitBuilder(units)
        .unit("R", "P", at_utc("2026-12-01T00:00:00Z"))
        .nc("A", "A", "R1", at_utc("2026-12-10T00:00:00Z"))
        .nc("A", "A", "R1", at_utc("2027-01-10T00:00:00Z"));
    Query q;
    q.from = at_utc("2027-01-01T00:00:00Z");
    q.to = at_utc("2027-02-01T00:00:00Z");
    const auto r = repeat_offenders(test::small_plant(), units, q, 2, 2);
    REQUIRE(r.size() == 1);
    CHECK(r[0].months == std::vector<std::string>{"2026-12", "2027-01"});
}

TEST_CASE("median and p90 are exact on small sets") {
    CHECK(median({}) == 0);
    CHECK(p90({}) == 0);
    CHECK(median({3, 1, 2}) == 2);
    CHECK(median({4, 1, 3, 2}) == doctest::Approx(2.5));
    CHECK(p90({7}) == 7);
    CHECK(p90({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) == 9);       // rank ceil(9) = 9
    CHECK(p90({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}) == 10);  // rank ceil(9.9) = 10
    CHECK(p90({5, 1}) == 5);                                // rank ceil(1.8) = 2
}

TEST_CASE("median_and_p90 selects the same values as median and p90 without sorting") {
    std::uint64_t x = 88172645463325252ull;
    for (std::size_t n = 0; n < 60; ++n) {
        std::vector<double> samples;
        for (std::size_t i = 0; i < n; ++i) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            samples.push_back(static_cast<double>(x % 50));  // repeated values too
        }
        CAPTURE(n);
        const double m = median(samples);
        const double p = p90(samples);
        const MedianP90 both = median_and_p90(samples);
        CHECK(both.median == m);
        CHECK(both.p90 == p);
    }
}

TEST_CASE("the log is split into one event list per unit in trail order") {
    std::vector<server::StoredEvent> log(4);
    const char* serials[] = {"U1", "U2", "U1", "U3"};
    for (std::size_t i = 0; i < log.size(); ++i) {
        log[i].seq = static_cast<std::int64_t>(i + 1);
        log[i].event.serial = serials[i];
        log[i].event.terminal_time = Timestamp{static_cast<std::int64_t>(i)};
    }
    const std::vector<UnitEvents> units = group_by_unit(log);
    REQUIRE(units.size() == 3);
    CHECK(units[0].size() == 2);
    CHECK(units[0][1].terminal_time.ms == 2);
    CHECK(units[1][0].serial == "U2");
    CHECK(units[2][0].serial == "U3");
}

TEST_CASE("an NC caught at the first control point after its origin is not an escape") {
    const Plant plant = test::small_plant();  // P: A B C
    std::vector<UnitEvents> units;
    UnitBuilder b(units);
    // From A: at B's control point (where the process wants it: not an escape), during the
    // work at B (it passed B's control point), at C's control point (it passed B's), and one of
    // the first release without `found` at B (read as during the work: an escape, as before).
    b.unit("E1", "P", at_h(0)).sign_off("A", "s1", at_h(1));
    b.nc("B", "A", "X1", at_h(2), 1, Severity::Minor, "control_point");
    b.unit("E2", "P", at_h(0)).sign_off("A", "s1", at_h(1));
    b.nc("B", "A", "X1", at_h(2), 1, Severity::Minor, "during_work");
    b.unit("E3", "P", at_h(0)).sign_off("A", "s1", at_h(1));
    b.nc("C", "A", "X1", at_h(2), 1, Severity::Minor, "control_point");
    b.unit("E4", "P", at_h(0)).sign_off("A", "s1", at_h(1));
    b.nc("B", "A", "X1", at_h(2));
    const EscapeMatrix m = escape_matrix(plant, units, ReferenceSet::november());
    CHECK(m.total_ncs == 4);
    CHECK(m.escapes == 3);  // before: 4, the junction catch counted as an escape
    const EscapeCell* ab = nullptr;
    const EscapeCell* ac = nullptr;
    for (const EscapeCell& c : m.cells) {
        if (c.origin_stage == "A" && c.detected_stage == "B") ab = &c;
        if (c.origin_stage == "A" && c.detected_stage == "C") ac = &c;
    }
    REQUIRE(ab);
    REQUIRE(ac);
    CHECK(ab->count == 3);
    CHECK(ab->escapes == 2);
    CHECK(ab->escape);
    CHECK(ac->escapes == 1);
    CHECK(ac->max_distance == 2);

    // Only the junction catch: the cell is kept, and not escaped.
    std::vector<UnitEvents> caught;
    UnitBuilder c(caught);
    c.unit("K1", "P", at_h(0)).sign_off("A", "s1", at_h(1));
    c.nc("B", "A", "X1", at_h(2), 1, Severity::Minor, "control_point");
    const EscapeMatrix only = escape_matrix(plant, caught, ReferenceSet::november());
    REQUIRE(only.cells.size() == 1);
    CHECK(only.cells[0].count == 1);
    CHECK_FALSE(only.cells[0].escape);
    CHECK(only.escapes == 0);
}

TEST_CASE("quantities summed over thousands of large NCs do not overflow") {
    // 3,000 NCs of the largest quantity an event may carry (1,000,000): 3e9 items, more than an
    // int holds (the sums were int and wrapped to negative shares).
    std::vector<UnitEvents> units;
    UnitBuilder b(units);
    for (int u = 0; u < 30; ++u) {
        b.unit("BIG" + std::to_string(u), "P", at_h(0)).sign_off("A", "s1", at_h(1));
        for (int k = 0; k < 100; ++k)
            b.nc("C", "A", "X1", at_h(2 + k * 0.01), 1'000'000);  // escapes past B
    }
    const Plant plant = test::small_plant();
    const ParetoGroup items =
        pareto(plant, units, ReferenceSet::november(), NcGrouping::None, ParetoMeasure::Items)
            .front();
    CHECK(items.total_quantity == 3'000'000'000LL);
    REQUIRE(items.rows.size() == 1);
    CHECK(items.rows[0].quantity == 3'000'000'000LL);
    CHECK(items.rows[0].share == doctest::Approx(1.0));
    const EscapeMatrix m = escape_matrix(plant, units, ReferenceSet::november());
    CHECK(m.escaped_quantity == 3'000'000'000LL);
}
