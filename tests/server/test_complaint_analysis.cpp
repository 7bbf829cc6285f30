// The review pack's complaints section (server/analytics/complaint_analysis.h): months cut at
// the plant's local midnight, slices by reason x product x lifecycle stage x stage of origin,
// open and overdue as of the review's instant.
#include <doctest/doctest.h>

#include "server/analytics/complaint_analysis.h"
#include "service_fixture.h"

namespace stampline::test {

namespace {

using namespace stampline::server;

Complaint made(const std::string& reason, const std::string& registered_utc,
               std::int64_t damage_cents) {
    Complaint c;
    c.registration.reason = reason;
    c.registration.product_type = "KSO298";
    c.registration.lifecycle_stage = "operation";
    c.registration.damage_cents = damage_cents;
    c.registered_at = *parse_utc(registered_utc);
    c.deadlines = {Timestamp{c.registered_at.ms + 3 * 86'400'000},
                   Timestamp{c.registered_at.ms + 20 * 86'400'000}};
    c.history.push_back({ComplaintStatus::Registered, c.registered_at, "svc"});
    return c;
}

}  // namespace

TEST_CASE(
    "the complaints section counts the month's complaints by slice and damage, the open and "
    "overdue ones as of the review, and each month of the trend on the plant's clock") {
    const Plant plant = demo_plant();  // Moscow, UTC+3
    std::vector<Complaint> list;
    // 2026-10-31T22:30Z is 01:30 on 1 November in Moscow: a November complaint.
    list.push_back(made("defect", "2026-10-31T22:30:00Z", 100'000));
    list.back().decision = ComplaintDecision{Justified::Yes, "x", {}, "WIRING", "WIR-01", {}};
    list.back().decision->field_ncs.push_back({"K1", {}, "S7"});
    list.back().status = ComplaintStatus::Closed;
    list.back().history.push_back(
        {ComplaintStatus::Closed, *parse_utc("2026-11-10T09:00:00Z"), "h"});
    list.push_back(made("defect", "2026-11-12T09:00:00Z", 50'000));
    list.push_back(made("consultation", "2026-11-20T09:00:00Z", 0));
    list.push_back(made("defect", "2026-10-31T20:30:00Z", 7'000));  // 23:30 Moscow: October

    const Timestamp as_of = *parse_utc("2026-12-03T09:00:00Z");
    const analytics::ComplaintFigures f =
        analytics::complaint_figures(list, plant.zone, YearMonth{2026, 11}, 2, as_of);
    CHECK(f.registered == 3);
    CHECK(f.damage_cents == 150'000);
    CHECK(f.open == 3);
    // Still open past their resolution deadline: the 12 November defect (due 2 December) and the
    // October one (due 20 November); the closed one was resolved in time.
    CHECK(f.overdue == 2);
    CHECK(f.field_escapes == 1);
    REQUIRE(f.slices.size() == 3);
    CHECK(f.slices[0].complaints == 1);
    bool justified_slice = false;
    for (const analytics::ComplaintSlice& s : f.slices)
        if (s.origin_stage == "WIRING") {
            justified_slice = true;
            CHECK(s.justified == 1);
            CHECK(s.damage_cents == 100'000);
        }
    CHECK(justified_slice);
    REQUIRE(f.months.size() == 2);
    CHECK(f.months[0].month == YearMonth{2026, 10});
    CHECK(f.months[0].registered == 1);
    CHECK(f.months[0].damage_cents == 7'000);
    CHECK(f.months[1].registered == 3);
    CHECK(f.months[1].resolved == 1);
}

}  // namespace stampline::test
