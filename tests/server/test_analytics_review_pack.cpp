// The monthly review pack on a hand-built set with known answers: the trend over September,
// an empty October and November 2026, the month's sections, and the corrective actions split
// into decisions of earlier meetings and the meeting's own, judged as of as_of.
#include <doctest/doctest.h>

#include "server/analytics/review_pack.h"
#include "server/analytics_fixture.h"

using namespace stampline;
using namespace stampline::server;
using namespace stampline::server::analytics;
using stampline::test::at_utc;
using stampline::test::UnitBuilder;

namespace {

// Stages A, B, C; P goes A -> B -> C, Q goes A -> C (analytics_fixture.h).
//   U1 (P): issued 09-10; A off 09-10 01:00 (s1); B accepted 02:00, off 03:00 (s2);
//           NC X1 qty 2 found at B 02:30, origin A (an escape). C accepted 11-05 01:00,
//           off 02:00 (s3).
//   U2 (Q): issued 11-05; A off 01:00 (s1); C accepted 02:00; NC X1 found at C 02:30, origin C;
//           C off 03:00 (s3).
//   U3 (P): issued 11-06, nothing else.
struct TrendSet {
    Plant plant = test::small_plant();
    std::vector<UnitEvents> units;

    TrendSet() {
        UnitBuilder b(units);
        b.unit("U1", "P", at_utc("2026-09-10T00:00:00Z"))
            .sign_off("A", "s1", at_utc("2026-09-10T01:00:00Z"))
            .accept("B", "s2", at_utc("2026-09-10T02:00:00Z"))
            .nc("B", "A", "X1", at_utc("2026-09-10T02:30:00Z"), 2)
            .sign_off("B", "s2", at_utc("2026-09-10T03:00:00Z"))
            .accept("C", "s3", at_utc("2026-11-05T01:00:00Z"))
            .sign_off("C", "s3", at_utc("2026-11-05T02:00:00Z"));
        b.unit("U2", "Q", at_utc("2026-11-05T00:00:00Z"))
            .sign_off("A", "s1", at_utc("2026-11-05T01:00:00Z"))
            .accept("C", "s3", at_utc("2026-11-05T02:00:00Z"))
            .nc("C", "C", "X1", at_utc("2026-11-05T02:30:00Z"))
            .sign_off("C", "s3", at_utc("2026-11-05T03:00:00Z"));
        b.unit("U3", "P", at_utc("2026-11-06T00:00:00Z"));
    }
};

ReviewPackOptions november(int trend_months = 3) {
    ReviewPackOptions o;
    o.month = YearMonth{2026, 11};
    o.trend_months = trend_months;
    o.repeat_months = 3;
    o.repeat_min_months = 2;
    o.as_of = at_utc("2026-12-03T08:00:00Z");
    return o;
}

ReviewPackOptions november_options_at(const char* as_of) {
    ReviewPackOptions o = november();
    o.as_of = at_utc(as_of);
    return o;
}

std::optional<double> rty(const TrendRow& row, const std::string& product) {
    for (const ProductYield& y : row.rolled_throughput_yields)
        if (y.product_type == product) return y.rolled_throughput_yield;
    FAIL("no yield for " << product);
    return std::nullopt;
}

// An action built by hand: created at `created`, then each (at, to) status change in order.
// Its review month is the month it was created in, as the first release read every action.
CorrectiveAction action(const std::string& id, const char* created, Date due,
                        std::vector<std::pair<const char*, CaStatus>> changes = {},
                        const char* verified_at = nullptr) {
    CorrectiveAction a;
    a.id = id;
    a.review_month = month_of(at_utc(created));
    a.title = "action " + id;
    a.owner_department = "Quality";
    a.due = due;
    a.created_at = at_utc(created);
    a.created_by = "auditor:t-1";
    CaStatus from = CaStatus::Open;
    for (const auto& [at, to] : changes) {
        a.history.push_back({from, to, at_utc(at), "auditor:t-1", ""});
        from = to;
    }
    a.status = from;
    if (verified_at) a.verification = CaVerification{at_utc(verified_at), "auditor:t-2", true, ""};
    return a;
}

std::vector<std::string> ids(const std::vector<DecisionReview>& decisions) {
    std::vector<std::string> out;
    for (const DecisionReview& d : decisions) out.push_back(d.action.id);
    return out;
}

const DecisionReview& decision(const std::vector<DecisionReview>& decisions,
                               const std::string& id) {
    for (const DecisionReview& d : decisions)
        if (d.action.id == id) return d;
    FAIL("no decision " << id);
    return decisions.front();
}

}  // namespace

TEST_CASE("the review pack trend has one row per month, oldest first, an empty month as zeros") {
    TrendSet set;
    const ReviewPack pack = review_pack(set.plant, set.units, {}, november());
    CHECK(pack.month == YearMonth{2026, 11});
    CHECK(pack.from == at_utc("2026-11-01T00:00:00Z"));
    CHECK(pack.to == at_utc("2026-12-01T00:00:00Z"));
    CHECK(pack.as_of == at_utc("2026-12-03T08:00:00Z"));
    REQUIRE(pack.trend.size() == 3);
    const TrendRow& sep = pack.trend[0];
    const TrendRow& oct = pack.trend[1];
    const TrendRow& nov = pack.trend[2];
    CHECK(sep.month == YearMonth{2026, 9});
    CHECK(oct.month == YearMonth{2026, 10});
    CHECK(nov.month == YearMonth{2026, 11});

    // September: U1 passed A and B; X1 (qty 2) escaped from A to B.
    CHECK(sep.units_passed == 1);
    CHECK(sep.ncs == 1);
    CHECK(sep.nc_quantity == 2);
    CHECK(sep.ncs_per_100_units == doctest::Approx(100));
    CHECK(sep.escapes == 1);
    CHECK(sep.escaped_quantity == 2);
    // A on U1 has an NC of its own, B passed first time: 1 of 2 stage sign-offs.
    CHECK(sep.first_pass_yield == doctest::Approx(0.5));
    CHECK_FALSE(rty(sep, "P").has_value());  // C passed no unit in September
    CHECK_FALSE(rty(sep, "Q").has_value());

    CHECK(oct.units_passed == 0);
    CHECK(oct.ncs == 0);
    CHECK(oct.nc_quantity == 0);
    CHECK(oct.ncs_per_100_units == 0);
    CHECK(oct.escapes == 0);
    CHECK_FALSE(oct.first_pass_yield.has_value());
    CHECK_FALSE(rty(oct, "P").has_value());

    // November: U1 passed C, U2 passed A and C (U3 signed nothing off); X1 on U2 arose and was
    // caught at C: no escape.
    CHECK(nov.units_passed == 2);
    CHECK(nov.ncs == 1);
    CHECK(nov.nc_quantity == 1);
    CHECK(nov.ncs_per_100_units == doctest::Approx(50));
    CHECK(nov.escapes == 0);
    // U1 at C and U2 at A passed first time, U2 at C did not.
    CHECK(nov.first_pass_yield == doctest::Approx(2.0 / 3));
    CHECK_FALSE(rty(nov, "P").has_value());  // no P unit passed A in November
    REQUIRE(rty(nov, "Q").has_value());
    CHECK(*rty(nov, "Q") == doctest::Approx(0.0));  // A 1.0 x C 0.0
}

TEST_CASE("the review pack holds the month's Pareto, escapes, bottleneck and repeat offenders") {
    TrendSet set;
    const ReviewPack pack = review_pack(set.plant, set.units, {}, november());
    CHECK(pack.pareto.total_count == 1);
    REQUIRE(pack.pareto.rows.size() == 1);
    CHECK(pack.pareto.rows[0].code == "X1");
    CHECK(pack.escapes.total_ncs == 1);
    CHECK(pack.escapes.escapes == 0);
    CHECK(pack.bottleneck.top_quality_stage == "C");
    // X1 was raised in September and November of the 3 months ending with November.
    REQUIRE(pack.repeat_offenders.size() == 1);
    CHECK(pack.repeat_offenders[0].code == "X1");
    CHECK(pack.repeat_offenders[0].months == std::vector<std::string>{"2026-09", "2026-11"});

    const ReviewPack one = review_pack(set.plant, set.units, {}, november(1));
    REQUIRE(one.trend.size() == 1);
    CHECK(one.trend[0].month == YearMonth{2026, 11});
}

TEST_CASE("the review pack splits decisions of earlier meetings from those of the month") {
    // Reviewing November 2026, looked at on 2026-12-03: the review began with its first decision
    // (CA-6, 11-10); execution is judged as of 12-03.
    const std::vector<CorrectiveAction> actions = {
        // Earlier, still open, due in October: overdue.
        action("CA-1", "2026-09-15T10:00:00Z", {2026, 10, 10}),
        // Earlier, in progress, due in December: not overdue.
        action("CA-2", "2026-09-16T10:00:00Z", {2026, 12, 15},
               {{"2026-10-01T10:00:00Z", CaStatus::InProgress}}),
        // Done and verified in October: closed before November, not reviewed.
        action("CA-3", "2026-09-17T10:00:00Z", {2026, 10, 31},
               {{"2026-10-05T10:00:00Z", CaStatus::Done}}, "2026-10-20T10:00:00Z"),
        // Done in October, its effect not checked yet: reviewed.
        action("CA-4", "2026-09-18T10:00:00Z", {2026, 10, 31},
               {{"2026-10-05T10:00:00Z", CaStatus::Done}}),
        // Cancelled in October: closed.
        action("CA-5", "2026-10-02T10:00:00Z", {2026, 10, 31},
               {{"2026-10-03T10:00:00Z", CaStatus::Cancelled}}),
        // Earlier, done late in November.
        action("CA-9", "2026-10-01T10:00:00Z", {2026, 11, 15},
               {{"2026-11-20T10:00:00Z", CaStatus::Done}}),
        // New in November, open, due 11-30: its day is over at the month's end.
        action("CA-6", "2026-11-10T10:00:00Z", {2026, 11, 30}),
        // New in November, done in December before the pack is looked at.
        action("CA-7", "2026-11-12T10:00:00Z", {2026, 12, 31},
               {{"2026-12-02T10:00:00Z", CaStatus::Done}}),
        // Recorded in December: not in November's pack.
        action("CA-8", "2026-12-02T10:00:00Z", {2026, 12, 31}),
    };
    TrendSet set;
    const ReviewPack pack = review_pack(set.plant, set.units, actions, november());
    CHECK(ids(pack.earlier_decisions) == std::vector<std::string>{"CA-1", "CA-2", "CA-4", "CA-9"});
    CHECK(ids(pack.new_decisions) == std::vector<std::string>{"CA-6", "CA-7"});

    const DecisionReview& ca1 = decision(pack.earlier_decisions, "CA-1");
    CHECK(ca1.status_then == CaStatus::Open);
    CHECK(ca1.overdue);
    const DecisionReview& ca2 = decision(pack.earlier_decisions, "CA-2");
    CHECK(ca2.status_then == CaStatus::InProgress);
    CHECK_FALSE(ca2.overdue);
    const DecisionReview& ca4 = decision(pack.earlier_decisions, "CA-4");
    CHECK(ca4.status_then == CaStatus::Done);
    CHECK(ca4.done_at == at_utc("2026-10-05T10:00:00Z"));
    CHECK_FALSE(ca4.verified);
    CHECK_FALSE(ca4.overdue);
    const DecisionReview& ca9 = decision(pack.earlier_decisions, "CA-9");
    CHECK(ca9.status_then == CaStatus::Done);
    CHECK_FALSE(ca9.overdue);

    const DecisionReview& ca6 = decision(pack.new_decisions, "CA-6");
    CHECK(ca6.overdue);
    const DecisionReview& ca7 = decision(pack.new_decisions, "CA-7");
    CHECK(ca7.status_then == CaStatus::Done);
    CHECK(ca7.done_at == at_utc("2026-12-02T10:00:00Z"));
    CHECK_FALSE(ca7.overdue);
    CHECK(pack.review_held_recorded);
    CHECK(pack.review_held == at_utc("2026-11-10T10:00:00Z"));

    // The trend carries the month's corrective action figures (corrective_action_months).
    CHECK(pack.trend.back().corrective_actions.overdue == 2);    // CA-1, CA-6
    CHECK(pack.trend.back().corrective_actions.done_late == 1);  // CA-9
}

TEST_CASE("in the month still running, a decision is overdue once its due day is over by now") {
    const std::vector<CorrectiveAction> actions = {
        action("CA-1", "2026-11-20T10:00:00Z", {2026, 12, 2}),
        action("CA-2", "2026-11-20T10:00:00Z", {2026, 12, 3}),
        action("CA-3", "2026-12-01T10:00:00Z", {2026, 12, 1}),
    };
    TrendSet set;
    ReviewPackOptions o = november();
    o.month = YearMonth{2026, 12};  // as_of is 2026-12-03T08:00Z
    const ReviewPack pack = review_pack(set.plant, set.units, actions, o);
    CHECK(pack.as_of == o.as_of);
    CHECK(ids(pack.earlier_decisions) == std::vector<std::string>{"CA-1", "CA-2"});
    CHECK(ids(pack.new_decisions) == std::vector<std::string>{"CA-3"});
    CHECK(decision(pack.earlier_decisions, "CA-1").overdue);
    CHECK_FALSE(decision(pack.earlier_decisions, "CA-2").overdue);  // its day is not over yet
    CHECK(decision(pack.new_decisions, "CA-3").overdue);
}

// The meeting that reviews a month sits after it: what it decides belongs to that month's review.
TEST_CASE(
    "a decision recorded on the 5th of the next month from month M's page is one of M's "
    "new decisions and one of M+1's earlier ones") {
    CorrectiveAction november = action("CA-1", "2026-12-05T09:00:00Z", {2027, 2, 28});
    november.review_month = YearMonth{2026, 11};  // recorded from the November page
    const std::vector<CorrectiveAction> actions = {november};
    TrendSet set;

    ReviewPackOptions o = november_options_at("2026-12-06T12:00:00Z");
    const ReviewPack nov = review_pack(set.plant, set.units, actions, o);
    CHECK(ids(nov.new_decisions) == std::vector<std::string>{"CA-1"});
    CHECK(nov.earlier_decisions.empty());
    CHECK(nov.review_held == at_utc("2026-12-05T09:00:00Z"));

    o.month = YearMonth{2026, 12};
    o.as_of = at_utc("2027-01-08T10:00:00Z");  // the December meeting, no decision of its own yet
    const ReviewPack dec = review_pack(set.plant, set.units, actions, o);
    CHECK(dec.new_decisions.empty());
    CHECK(ids(dec.earlier_decisions) == std::vector<std::string>{"CA-1"});
    CHECK_FALSE(dec.review_held_recorded);
    CHECK(dec.review_held == o.as_of);
}

TEST_CASE(
    "an earlier decision closed before M's review was held is not listed, one closed after "
    "it is, with its execution as of as_of") {
    // October's decisions; the November review begins with CA-9, recorded on 2026-12-05.
    std::vector<CorrectiveAction> actions = {
        // Done 12-02, verified 12-03: closed before the meeting.
        action("CA-1", "2026-10-05T10:00:00Z", {2026, 11, 30},
               {{"2026-12-02T10:00:00Z", CaStatus::Done}}, "2026-12-03T10:00:00Z"),
        // Done 12-02, its effect checked at the meeting (12-05 11:00): the meeting reviews it.
        action("CA-2", "2026-10-06T10:00:00Z", {2026, 11, 30},
               {{"2026-12-02T10:00:00Z", CaStatus::Done}}, "2026-12-05T11:00:00Z"),
        // Cancelled 12-04: closed before the meeting.
        action("CA-3", "2026-10-07T10:00:00Z", {2026, 11, 30},
               {{"2026-12-04T10:00:00Z", CaStatus::Cancelled}}),
        action("CA-9", "2026-12-05T10:00:00Z", {2027, 1, 31}),
    };
    actions.back().review_month = YearMonth{2026, 11};
    TrendSet set;
    const ReviewPack pack =
        review_pack(set.plant, set.units, actions, november_options_at("2026-12-06T08:00:00Z"));
    CHECK(pack.review_held == at_utc("2026-12-05T10:00:00Z"));
    CHECK(ids(pack.earlier_decisions) == std::vector<std::string>{"CA-2"});
    CHECK(decision(pack.earlier_decisions, "CA-2").verified);
    CHECK(ids(pack.new_decisions) == std::vector<std::string>{"CA-9"});
}

TEST_CASE("as_of changes the decisions' execution and not the month's figures") {
    // An earlier decision done on 12-10 and a new one recorded on 12-05, looked at on 12-04,
    // 12-08 and 12-20.
    std::vector<CorrectiveAction> actions = {
        action("CA-1", "2026-10-05T10:00:00Z", {2026, 12, 7},
               {{"2026-12-10T10:00:00Z", CaStatus::Done}}),
        action("CA-2", "2026-12-05T10:00:00Z", {2027, 1, 31}),
    };
    actions.back().review_month = YearMonth{2026, 11};
    TrendSet set;
    const ReviewPack early =
        review_pack(set.plant, set.units, actions, november_options_at("2026-12-04T08:00:00Z"));
    const ReviewPack middle =
        review_pack(set.plant, set.units, actions, november_options_at("2026-12-08T08:00:00Z"));
    const ReviewPack late =
        review_pack(set.plant, set.units, actions, november_options_at("2026-12-20T08:00:00Z"));

    // On 12-04 the meeting has not recorded anything: CA-2 does not exist yet.
    CHECK(early.new_decisions.empty());
    CHECK(ids(early.earlier_decisions) == std::vector<std::string>{"CA-1"});
    CHECK(decision(early.earlier_decisions, "CA-1").status_then == CaStatus::Open);
    CHECK_FALSE(decision(early.earlier_decisions, "CA-1").overdue);  // due 12-07
    // On 12-08 CA-1 is overdue; on 12-20 it is done.
    CHECK(decision(middle.earlier_decisions, "CA-1").overdue);
    CHECK(decision(late.earlier_decisions, "CA-1").status_then == CaStatus::Done);
    CHECK(decision(late.earlier_decisions, "CA-1").done_at == at_utc("2026-12-10T10:00:00Z"));
    CHECK_FALSE(decision(late.earlier_decisions, "CA-1").overdue);
    CHECK(ids(late.new_decisions) == std::vector<std::string>{"CA-2"});

    // The month's production figures are the same whenever the pack is looked at.
    for (const ReviewPack* p : {&middle, &late}) {
        REQUIRE(p->trend.size() == early.trend.size());
        for (std::size_t i = 0; i < early.trend.size(); ++i) {
            CHECK(p->trend[i].units_passed == early.trend[i].units_passed);
            CHECK(p->trend[i].ncs == early.trend[i].ncs);
            CHECK(p->trend[i].escapes == early.trend[i].escapes);
            CHECK(p->trend[i].first_pass_yield == early.trend[i].first_pass_yield);
        }
        CHECK(p->pareto.total_count == early.pareto.total_count);
        CHECK(p->escapes.escapes == early.escapes.escapes);
        CHECK(p->bottleneck.top_quality_stage == early.bottleneck.top_quality_stage);
    }
}

TEST_CASE("recurring codes: the window and threshold are parameters, and a short record says so") {
    // Two months of record (September is the first); X1 in both September and November.
    TrendSet set;
    ReviewPackOptions o = november();
    o.repeat_months = 6;
    o.repeat_min_months = 3;
    ReviewPack pack = review_pack(set.plant, set.units, {}, o);
    CHECK(pack.repeat_offenders.empty());
    CHECK(pack.repeat_months == 6);
    CHECK(pack.repeat_min_months == 3);
    CHECK(pack.repeat_history_months == 3);  // September, October (empty), November
    // A window the record covers, with a threshold it can meet: X1 recurs.
    o.repeat_months = 3;
    o.repeat_min_months = 2;
    pack = review_pack(set.plant, set.units, {}, o);
    REQUIRE(pack.repeat_offenders.size() == 1);
    CHECK(pack.repeat_offenders[0].code == "X1");
    CHECK(pack.repeat_history_months == 3);
    // A threshold above the window is taken as the window.
    o.repeat_min_months = 5;
    CHECK(review_pack(set.plant, set.units, {}, o).repeat_min_months == 3);
    // No record at all: no history.
    CHECK(review_pack(set.plant, std::vector<UnitEvents>{}, {}, november()).repeat_history_months ==
          0);
}
