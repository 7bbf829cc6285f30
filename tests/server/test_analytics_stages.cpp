// Per-stage figures, yields, time in stage, work in progress and the bottleneck ranking on the
// reference set of analytics_fixture.h, whose answers are worked out by hand there.
#include <doctest/doctest.h>

#include "server/analytics/stage_analysis.h"
#include "server/analytics_fixture.h"

using namespace stampline;
using namespace stampline::server::analytics;
using stampline::test::at_h;
using stampline::test::at_utc;
using stampline::test::ReferenceSet;
using stampline::test::UnitBuilder;

namespace {

constexpr double kHour = 3600;

const StageStats& row(const std::vector<StageStats>& rows, const std::string& stage) {
    for (const StageStats& s : rows)
        if (s.stage == stage) return s;
    FAIL("no row for stage " << stage);
    return rows.front();
}

}  // namespace

TEST_CASE("units passed, NCs originating per 100 units and escapes per stage") {
    ReferenceSet set;
    const auto rows = stage_stats(set.plant, set.units, ReferenceSet::november());
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].stage == "A");
    const StageStats& a = row(rows, "A");
    CHECK(a.units_passed == 5);
    CHECK(a.ncs_originating == 3);
    CHECK(a.quantity_originating == 4);
    CHECK(a.ncs_per_100_units == doctest::Approx(60));
    CHECK(a.escapes == 2);
    const StageStats& b = row(rows, "B");
    CHECK(b.units_passed == 2);
    CHECK(b.ncs_originating == 1);
    CHECK(b.ncs_per_100_units == doctest::Approx(50));
    CHECK(b.escapes == 0);
    const StageStats& c = row(rows, "C");
    CHECK(c.units_passed == 1);
    CHECK(c.ncs_originating == 0);
}

TEST_CASE("first-pass yield needs no NC from the stage and a first-time control point next") {
    ReferenceSet set;
    const auto rows = stage_stats(set.plant, set.units, ReferenceSet::november());
    // A: U1, U3, U4 have NCs from A; U2 failed B's control point once; only U5 passed clean.
    CHECK(row(rows, "A").first_pass_units == 1);
    CHECK(*row(rows, "A").first_pass_yield == doctest::Approx(0.2));
    // B: U1 clean (C accepted at the first run), U2 has X2 from B.
    CHECK(*row(rows, "B").first_pass_yield == doctest::Approx(0.5));
    // C: the last stage, U1 clean.
    CHECK(*row(rows, "C").first_pass_yield == doctest::Approx(1.0));
}

TEST_CASE("rolled throughput yield multiplies the stage yields along each route") {
    ReferenceSet set;
    const auto yields = route_yields(set.plant, set.units, ReferenceSet::november());
    REQUIRE(yields.size() == 2);
    CHECK(yields[0].product_type == "P");
    REQUIRE(yields[0].first_pass_yields.size() == 3);
    CHECK(*yields[0].first_pass_yields[0] == doctest::Approx(0.25));  // U5 of U1, U2, U3, U5
    CHECK(*yields[0].first_pass_yields[1] == doctest::Approx(0.5));
    CHECK(*yields[0].first_pass_yields[2] == doctest::Approx(1.0));
    CHECK(*yields[0].rolled_throughput_yield == doctest::Approx(0.125));
    // Q: no unit has passed C yet, so its yield and the route's are unknown.
    CHECK(yields[1].product_type == "Q");
    CHECK(*yields[1].first_pass_yields[0] == doctest::Approx(0.0));
    CHECK_FALSE(yields[1].first_pass_yields[1].has_value());
    CHECK_FALSE(yields[1].rolled_throughput_yield.has_value());

    Query q = ReferenceSet::november();
    q.product_type = "Q";
    CHECK(route_yields(set.plant, set.units, q).size() == 1);
}

TEST_CASE("time in stage runs from acceptance, or the first act at the first stage, to sign-off") {
    ReferenceSet set;
    const auto rows = stage_stats(set.plant, set.units, ReferenceSet::november());
    // A, the first stage: not from the sheet's issue (that gave 2, 4, 1, 1, 3 hours), from the
    // first act at it before its sign-off. Only U3 has one: its NC at 1.5 h, signed off at 2 h.
    // The units signed off without an earlier act there have no known start and are not timed.
    CHECK(row(rows, "A").timed_units == 1);
    CHECK(row(rows, "A").median_working_time_s == doctest::Approx(0.5 * kHour));
    CHECK(row(rows, "A").p90_calendar_time_s == doctest::Approx(0.5 * kHour));
    // B: U1 3 -> 7, U2 from its passing control point 6 -> 8.
    CHECK(row(rows, "B").median_working_time_s == doctest::Approx(3 * kHour));
    CHECK(row(rows, "B").p90_working_time_s == doctest::Approx(4 * kHour));
    CHECK(row(rows, "C").median_working_time_s == doctest::Approx(1 * kHour));
}

TEST_CASE("a stage without acceptance is timed from the previous sign-off") {
    std::vector<UnitEvents> units;
    UnitBuilder(units)
        .unit("V", "P", at_h(0))
        .sign_off("A", "s1", at_h(1))
        .sign_off("B", "s2", at_h(6));
    const auto rows = stage_stats(test::small_plant(), units, ReferenceSet::november());
    CHECK(row(rows, "B").median_working_time_s == doctest::Approx(5 * kHour));
}

TEST_CASE("work in progress counts units now at the stage, not complete ones") {
    ReferenceSet set;
    UnitBuilder(set.units).unit("U6", "P", at_h(10)).hold(at_h(11));
    const auto rows = stage_stats(set.plant, set.units, ReferenceSet::november());
    CHECK(row(rows, "A").wip == 1);  // U6, on hold
    CHECK(row(rows, "A").wip_on_hold == 1);
    CHECK(row(rows, "B").wip == 2);  // U3, U5
    CHECK(row(rows, "C").wip == 2);  // U2, U4; U1 is complete
}

TEST_CASE("units still in progress count only for the stages they have signed off") {
    std::vector<UnitEvents> units;
    UnitBuilder(units)
        .unit("V", "P", at_h(0))
        .sign_off("A", "s1", at_h(1))
        .accept("B", "s2", at_h(2));
    const auto rows = stage_stats(test::small_plant(), units, ReferenceSet::november());
    CHECK(row(rows, "A").units_passed == 1);
    CHECK(*row(rows, "A").first_pass_yield == doctest::Approx(1.0));
    CHECK(row(rows, "B").units_passed == 0);
    CHECK_FALSE(row(rows, "B").first_pass_yield.has_value());
    CHECK(row(rows, "B").wip == 1);
}

TEST_CASE("an empty period gives zeros and unknown yields but the current work in progress") {
    ReferenceSet set;
    Query q;
    q.from = at_utc("2026-12-01T00:00:00Z");
    q.to = at_utc("2027-01-01T00:00:00Z");
    const auto rows = stage_stats(set.plant, set.units, q);
    REQUIRE(rows.size() == 3);
    for (const StageStats& s : rows) {
        CHECK(s.units_passed == 0);
        CHECK(s.ncs_originating == 0);
        CHECK(s.ncs_per_100_units == 0);
        CHECK_FALSE(s.first_pass_yield.has_value());
        CHECK(s.timed_units == 0);
        CHECK(s.p90_working_time_s == 0);
    }
    CHECK(row(rows, "B").wip == 2);
    const Bottleneck b = bottleneck(set.plant, set.units, q);
    CHECK(b.top_quality_stage.empty());
    CHECK(b.top_flow_stage == "B");  // work in progress is "now"

    const Bottleneck none = bottleneck(set.plant, std::vector<UnitEvents>{}, q);
    CHECK(none.top_quality_stage.empty());
    CHECK(none.top_flow_stage.empty());
    CHECK(none.by_quality.size() == 3);
    CHECK_FALSE(route_yields(set.plant, std::vector<UnitEvents>{}, q)[0]
                    .rolled_throughput_yield.has_value());
}

TEST_CASE("the stage filter keeps one row") {
    ReferenceSet set;
    Query q = ReferenceSet::november();
    q.stage = "B";
    const auto rows = stage_stats(set.plant, set.units, q);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].stage == "B");
    CHECK(rows[0].ncs_originating == 1);
}

TEST_CASE("the bottleneck names the worst stage by quality and by flow with its figures") {
    ReferenceSet set;
    const Bottleneck b = bottleneck(set.plant, set.units, ReferenceSet::november());
    REQUIRE(b.by_quality.size() == 3);
    CHECK(b.by_quality[0].stage == "A");  // 60 NCs per 100 units + 40 escapes per 100 = 100
    CHECK(quality_score(b.by_quality[0]) == doctest::Approx(100));
    CHECK(b.by_quality[1].stage == "B");  // 50 + 0
    CHECK(b.top_quality_stage == "A");
    CHECK(b.top_quality_reason.find("3 NCs originating over 5 units passed") != std::string::npos);
    CHECK(b.top_quality_reason.find("2 escaped") != std::string::npos);
    // Flow (no calendar: working time is calendar time): B's p90 is 4 h, C's 1 h, A's 0.5 h
    // (only U3 is timed there: from its NC to its sign-off).
    CHECK(b.by_flow[0].stage == "B");
    CHECK(b.by_flow[1].stage == "C");
    CHECK(b.by_flow[2].stage == "A");
    CHECK(b.top_flow_stage == "B");
    CHECK(b.top_flow_reason.find("p90 working time in stage 4.0 h") != std::string::npos);
    CHECK(b.top_flow_reason.find("2 units in progress") != std::string::npos);
}

TEST_CASE("units idle in the period: finished ones add nothing, unfinished ones stay in progress") {
    const Plant plant = test::small_plant();  // P: A B C; Q: A C
    std::vector<UnitEvents> units;
    UnitBuilder b(units);
    // October, before the period: P1 goes through its whole route, Q2 only through A.
    b.unit("P1", "P", at_h(-720))
        .sign_off("A", "s1", at_h(-719))
        .accept("B", "s2", at_h(-718))
        .sign_off("B", "s2", at_h(-717))
        .accept("C", "s3", at_h(-716))
        .sign_off("C", "s3", at_h(-715));
    b.unit("Q2", "Q", at_h(-720)).sign_off("A", "s1", at_h(-719));
    // November: Q1 has an NC whose origin B is on no route of Q, only on P1's.
    b.unit("Q1", "Q", at_h(1)).sign_off("A", "s1", at_h(2)).nc("C", "B", "X1", at_h(3));
    Query q = ReferenceSet::november();
    for (const bool views : {false, true}) {
        CAPTURE(views);
        const auto rows = views ? stage_stats(plant, derive_units(plant, units, q), q)
                                : stage_stats(plant, units, q);
        CHECK(row(rows, "A").units_passed == 1);  // Q1 only
        CHECK(row(rows, "B").units_passed == 0);
        CHECK(row(rows, "B").wip == 0);
        CHECK(row(rows, "C").wip == 2);              // Q1, and Q2: idle but unfinished
        CHECK(row(rows, "B").ncs_originating == 1);  // B is a stage of a unit counted (P1)
    }
    q.product_type = "Q";  // P1 is not counted: B is on no route of the units counted
    CHECK(stage_stats(plant, units, q).size() == 2);
    CHECK(row(stage_stats(plant, units, q), "A").ncs_originating == 0);
}

TEST_CASE(
    "a failed control point is charged to the origin of the NC raised for it, not the stage "
    "before") {
    const Plant plant = test::small_plant();  // P: A B C
    std::vector<UnitEvents> units;
    UnitBuilder b(units);
    // W1: C's control point fails on an error made at A; the NC raised for it names A.
    b.unit("W1", "P", at_h(0))
        .sign_off("A", "s1", at_h(1))
        .accept("B", "s2", at_h(2))
        .sign_off("B", "s2", at_h(3))
        .accept("C", "s3", at_h(4), false)
        .nc("C", "A", "X1", at_h(4.5))
        .accept("C", "s3", at_h(5));
    // W2: C's control point fails and no NC says why: the stage it checked, B, is charged.
    b.unit("W2", "P", at_h(0))
        .sign_off("A", "s1", at_h(1))
        .accept("B", "s2", at_h(2))
        .sign_off("B", "s2", at_h(3))
        .accept("C", "s3", at_h(4), false)
        .accept("C", "s3", at_h(5));
    // W3: an NC raised at C during the work, after its control point passed, does not explain
    // a failure of that control point (there was none here either).
    b.unit("W3", "P", at_h(0))
        .sign_off("A", "s1", at_h(1))
        .accept("B", "s2", at_h(2))
        .sign_off("B", "s2", at_h(3))
        .accept("C", "s3", at_h(4))
        .nc("C", "C", "X2", at_h(6));
    // W4: C's control point fails; the only NC raised at C before it passed arose at C itself
    // and was found during the work: it names no origin for the failed check, so B is charged.
    b.unit("W4", "P", at_h(0))
        .sign_off("A", "s1", at_h(1))
        .accept("B", "s2", at_h(2))
        .sign_off("B", "s2", at_h(3))
        .accept("C", "s3", at_h(4), false)
        .nc("C", "C", "X3", at_h(4.2), 1, Severity::Minor, "during_work")
        .accept("C", "s3", at_h(5));
    const auto rows = stage_stats(plant, units, ReferenceSet::november());
    // A: W1 fails (the NC's origin); W2, W3 and W4 pass. Before: the same.
    CHECK(*row(rows, "A").first_pass_yield == doctest::Approx(3.0 / 4));
    // B: W2 and W4 fail. Before, W1 failed B too: one NC lowered two stages.
    CHECK(row(rows, "B").first_pass_units == 2);
    const auto routes = route_yields(plant, units, ReferenceSet::november());
    REQUIRE(routes[0].first_pass_yields[1].has_value());
    CHECK(*routes[0].first_pass_yields[1] == doctest::Approx(2.0 / 4));
}

TEST_CASE(
    "the quality ranking compares severity-weighted rates and leaves out stages with few units") {
    Plant plant = test::small_plant();  // P: A B C
    plant.analytics.ranking_min_units = 10;
    std::vector<UnitEvents> units;
    UnitBuilder b(units);
    // A: 421 units passed (with those below), 20 NCs from A, all of them caught at B:
    // 4.75 + 4.75 per 100 units.
    for (int i = 0; i < 400; ++i) {
        b.unit("A" + std::to_string(i), "P", at_h(0)).sign_off("A", "s1", at_h(1));
        if (i < 20) b.accept("B", "s2", at_h(2)).nc("B", "A", "XA", at_h(2.5));
    }
    // B: 21 units passed, 2 NCs from B caught at C: 9.5 + 9.5 per 100 units, worse on both rates.
    for (int i = 0; i < 20; ++i) {
        b.unit("B" + std::to_string(i), "P", at_h(0))
            .sign_off("A", "s1", at_h(1))
            .accept("B", "s2", at_h(2))
            .sign_off("B", "s2", at_h(3));
        if (i < 2) b.accept("C", "s3", at_h(4)).nc("C", "B", "XB", at_h(4.5));
    }
    // C: one unit passed with a critical NC of its own: a rate of 1,000 that says nothing yet.
    b.unit("C0", "P", at_h(0))
        .sign_off("A", "s1", at_h(1))
        .accept("B", "s2", at_h(2))
        .sign_off("B", "s2", at_h(3))
        .accept("C", "s3", at_h(4))
        .nc("C", "C", "XC", at_h(4.5), 1, Severity::Critical)
        .sign_off("C", "s3", at_h(5));
    const Bottleneck bn = bottleneck(plant, units, ReferenceSet::november());
    REQUIRE(bn.by_quality.size() == 3);
    // Before: A 4.75 + 20 escapes = 24.75 ranked above B 9.5 + 2 escapes = 11.5.
    CHECK(bn.by_quality[0].stage == "B");
    CHECK(quality_score(bn.by_quality[0]) == doctest::Approx(2 * 100.0 * 2 / 21));
    CHECK(bn.by_quality[1].stage == "A");
    CHECK(quality_score(bn.by_quality[1]) == doctest::Approx(2 * 100.0 * 20 / 421));
    CHECK(bn.by_quality[2].stage == "C");
    CHECK_FALSE(bn.by_quality[2].ranked);
    CHECK(bn.by_quality[2].weighted_ncs_per_100_units == doctest::Approx(1000));
    CHECK(bn.top_quality_stage == "B");

    // A critical NC weighs 10 (the plant's default weights): one more from B, caught at C, makes
    // B's weighted NCs 2 + 10.
    b.unit("B21", "P", at_h(0)).nc("C", "B", "XB", at_h(0.5), 1, Severity::Critical);
    const auto rows = stage_stats(plant, units, ReferenceSet::november());
    CHECK(row(rows, "B").weighted_ncs == 12);
    CHECK(row(rows, "B").weighted_ncs_per_100_units == doctest::Approx(1200.0 / 21));
    CHECK(row(rows, "B").weighted_escapes == 12);
}
