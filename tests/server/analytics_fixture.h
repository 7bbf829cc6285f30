// Hand-built plants and event sets with known answers for the analytics tests.
#pragma once

#include <string>
#include <vector>

#include "server/analytics/analytics_query.h"
#include "shared/stamp.h"

namespace stampline::test {

// Stages A, B, C; product P goes A -> B -> C, product Q goes A -> C.
inline Plant small_plant() {
    Plant plant;
    plant.code = "T";
    for (const char* s : {"A", "B", "C"}) plant.stages.push_back({s, {s, s}});
    plant.products.push_back({"P", {"P", "P"}, "", {"A", "B", "C"}});
    plant.products.push_back({"Q", {"Q", "Q"}, "", {"A", "C"}});
    plant.analytics.ranking_min_units = 1;  // a handful of units: rank every stage that passed one
    return plant;
}

// 2026-11-01T00:00Z plus `hours`.
inline Timestamp at_h(double hours) {
    return Timestamp{1'793'491'200'000 + static_cast<std::int64_t>(hours * 3'600'000)};
}

inline Timestamp at_utc(const char* text) {
    return parse_utc(text).value();
}

class UnitBuilder {
public:
    explicit UnitBuilder(std::vector<server::analytics::UnitEvents>& units) : units_(units) {}

    UnitBuilder& unit(const std::string& serial, const std::string& product, Timestamp issued) {
        serial_ = serial;
        units_.emplace_back();
        add("", "", "", issued, SheetIssued{product, "Z1"});
        return *this;
    }
    UnitBuilder& accept(const std::string& stage, const std::string& stamp, Timestamp t,
                        bool pass = true) {
        add(stage, stamp, "ST-" + stage, t, StageAccepted{{{"item", pass, ""}}});
        return *this;
    }
    UnitBuilder& sign_off(const std::string& stage, const std::string& stamp, Timestamp t) {
        add(stage, stamp, "ST-" + stage, t, StageSignedOff{});
        return *this;
    }
    UnitBuilder& nc(const std::string& detected, const std::string& origin, const std::string& code,
                    Timestamp t, int quantity = 1, Severity severity = Severity::Minor,
                    std::string found = "") {
        NcRaised raised;
        raised.found = std::move(found);
        raised.code = code;
        raised.origin_stage = origin;
        raised.quantity = quantity;
        raised.severity = severity;
        add(detected, "inspector", "ST-" + detected, t, std::move(raised));
        return *this;
    }
    UnitBuilder& hold(Timestamp t) {
        add("", "", "", t, UnitHeld{"audit"});
        return *this;
    }

private:
    void add(const std::string& stage, const std::string& stamp, const std::string& station,
             Timestamp t, EventBody body) {
        Event e;
        ++n_;
        e.id.bytes[0] = static_cast<std::uint8_t>(units_.size());
        e.id.bytes[14] = static_cast<std::uint8_t>(n_ >> 8);
        e.id.bytes[15] = static_cast<std::uint8_t>(n_);
        e.serial = serial_;
        e.stage = stage;
        e.stamp = stamp;
        e.station = station;
        e.terminal_time = t;
        e.body = std::move(body);
        units_.back().push_back(std::move(e));
    }

    std::vector<server::analytics::UnitEvents>& units_;
    std::string serial_;
    int n_ = 0;
};

// The reference data set (times in hours after 2026-11-01T00:00Z):
//   U1 (P): issued 0, A off 2 (s1), B accepted 3 / off 7 (s2), C accepted 8 / off 9 (s3);
//           NC X1 qty 2 detected at C 8.5, origin A (escape of 2 stages). Complete.
//   U2 (P): issued 0, A off 4 (s1), B control point failed 5, passed 6, off 8 (s2);
//           NC X2 detected at B 7, origin B. Now at C.
//   U3 (P): issued 1, NC X1 detected at A 1.5, origin A; A off 2 (s1). Now at B.
//   U4 (Q): issued 0, A off 1 (s1), C accepted 2 (s3); NC X3 detected at C 2.5, origin A
//           (escape of 1 stage on Q's route). Now at C.
//   U5 (P): issued 0, A off 3 (s1), B accepted 4 (s2). Now at B.
struct ReferenceSet {
    Plant plant = small_plant();
    std::vector<server::analytics::UnitEvents> units;
    std::vector<StampRecord> stamps;

    ReferenceSet() {
        UnitBuilder b(units);
        b.unit("U1", "P", at_h(0))
            .sign_off("A", "s1", at_h(2))
            .accept("B", "s2", at_h(3))
            .sign_off("B", "s2", at_h(7))
            .accept("C", "s3", at_h(8))
            .nc("C", "A", "X1", at_h(8.5), 2)
            .sign_off("C", "s3", at_h(9));
        b.unit("U2", "P", at_h(0))
            .sign_off("A", "s1", at_h(4))
            .accept("B", "s2", at_h(5), false)
            .accept("B", "s2", at_h(6))
            .nc("B", "B", "X2", at_h(7))
            .sign_off("B", "s2", at_h(8));
        b.unit("U3", "P", at_h(1)).nc("A", "A", "X1", at_h(1.5)).sign_off("A", "s1", at_h(2));
        b.unit("U4", "Q", at_h(0))
            .sign_off("A", "s1", at_h(1))
            .accept("C", "s3", at_h(2))
            .nc("C", "A", "X3", at_h(2.5));
        b.unit("U5", "P", at_h(0)).sign_off("A", "s1", at_h(3)).accept("B", "s2", at_h(4));

        stamps.push_back({"s1", "Ivanov", {"A"}, StampStatus::Active, {2026, 12, 10}, 1, ""});
        stamps.push_back({"s2", "Petrova", {"B"}, StampStatus::Active, {2027, 6, 1}, 1, ""});
        stamps.push_back({"s3", "Sidorov", {"C"}, StampStatus::Suspended, {2026, 11, 20}, 1, ""});
        stamps.push_back({"s4", "Gone", {"C"}, StampStatus::Revoked, {2026, 11, 1}, 1, ""});
    }

    // November 2026.
    static server::analytics::Query november() {
        server::analytics::Query q;
        q.from = at_utc("2026-11-01T00:00:00Z");
        q.to = at_utc("2026-12-01T00:00:00Z");
        return q;
    }
};

}  // namespace stampline::test
