// Self-control oversight per personal stamp on the reference set of analytics_fixture.h.
#include <doctest/doctest.h>

#include "server/analytics/stamp_oversight.h"
#include "server/analytics_fixture.h"

using namespace stampline;
using namespace stampline::server::analytics;
using stampline::test::at_h;
using stampline::test::at_utc;
using stampline::test::ReferenceSet;

namespace {

const StampOversight& row(const std::vector<StampOversight>& rows, const std::string& stamp) {
    for (const StampOversight& s : rows)
        if (s.stamp == stamp) return s;
    FAIL("no row for stamp " << stamp);
    return rows.front();
}

constexpr Date kToday{2026, 11, 29};

}  // namespace

TEST_CASE("per stamp: acceptances, sign-offs and NCs that escaped past its sign-off") {
    ReferenceSet set;
    test::UnitBuilder(set.units).unit("U7", "P", at_h(0)).sign_off("A", "s0", at_h(1));
    const auto rows =
        stamp_oversight(set.plant, set.stamps, set.units, ReferenceSet::november(), kToday);
    REQUIRE(rows.size() == 5);  // four registry stamps, then "s0" seen in events only
    CHECK(rows[0].stamp == "s1");
    CHECK(rows[4].stamp == "s0");
    CHECK_FALSE(rows[4].registered);
    CHECK(rows[4].sign_offs == 1);

    const StampOversight& s1 = row(rows, "s1");
    CHECK(s1.holder == "Ivanov");
    CHECK(s1.sign_offs == 5);
    CHECK(s1.acceptances == 0);
    // U1's X1 and U4's X3 were raised after s1 signed A off; U3's X1 was raised before.
    CHECK(s1.escapes == 2);
    CHECK(s1.escaped_quantity == 3);
    CHECK(s1.days_to_attestation == 11);

    const StampOversight& s2 = row(rows, "s2");
    CHECK(s2.acceptances == 3);  // U1, U2 (the passing run), U5
    CHECK(s2.sign_offs == 2);
    CHECK(s2.escapes == 0);  // U2's X2 was caught before s2 signed B off

    const StampOversight& s3 = row(rows, "s3");
    CHECK(s3.acceptances == 2);
    CHECK(s3.sign_offs == 1);
    CHECK(s3.days_to_attestation == -9);
}

TEST_CASE("stamp oversight in an empty period lists the stamps with zeros") {
    ReferenceSet set;
    Query q;
    q.from = at_utc("2027-01-01T00:00:00Z");
    q.to = at_utc("2027-02-01T00:00:00Z");
    const auto rows = stamp_oversight(set.plant, set.stamps, set.units, q, kToday);
    REQUIRE(rows.size() == 4);
    for (const StampOversight& s : rows) {
        CHECK(s.sign_offs == 0);
        CHECK(s.acceptances == 0);
        CHECK(s.escapes == 0);
    }
    CHECK(stamp_oversight(set.plant, {}, std::vector<UnitEvents>{}, q, kToday).empty());
}

TEST_CASE("the stage filter limits stamp oversight to acts and escapes at that stage") {
    ReferenceSet set;
    Query q = ReferenceSet::november();
    q.stage = "B";
    const auto rows = stamp_oversight(set.plant, set.stamps, set.units, q, kToday);
    CHECK(row(rows, "s1").sign_offs == 0);
    CHECK(row(rows, "s1").escapes == 0);
    CHECK(row(rows, "s2").sign_offs == 2);
}

TEST_CASE("stamps due for attestation: within N days or overdue, not revoked, earliest first") {
    ReferenceSet set;
    const auto due = stamps_due(set.stamps, kToday, 30);
    REQUIRE(due.size() == 2);
    CHECK(due[0].stamp == "s3");
    CHECK(due[0].days_left == -9);
    CHECK(due[0].status == StampStatus::Suspended);
    CHECK(due[1].stamp == "s1");
    CHECK(due[1].days_left == 11);
    CHECK(stamps_due(set.stamps, kToday, 10).size() == 1);
    CHECK(stamps_due(set.stamps, kToday, 200).size() == 3);
    CHECK(stamps_due({}, kToday, 30).empty());
}
