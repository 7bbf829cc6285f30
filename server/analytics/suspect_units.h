// Containment: the units that may carry the same fault as a faulty one. They passed the same
// stage of origin under the same conditions; each condition is a filter that narrows the list:
// the same stamp signed the stage off, at the same station, within a time window around the
// faulty unit's sign-off, of the same product type, of the same order. Each suspect comes with
// where it is now: in work at a stage, on hold, or shipped (its route done).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "server/analytics/analytics_query.h"

namespace stampline::server::analytics {

struct SuspectFilter {
    bool same_stamp = false;
    bool same_station = false;
    int window_hours = 0;  // 0: any time; else sign-offs at most this far from the faulty one's
    bool same_product = false;
    bool same_order = false;
};

enum class UnitWhere { InWork, OnHold, Shipped };
const char* unit_where_name(UnitWhere w);  // "in_work" | "on_hold" | "shipped"

struct SuspectUnit {
    std::string serial;
    std::string product_type;
    std::string order;
    std::string stamp;    // who signed the stage off
    std::string station;  // where
    Timestamp signed_off_at;
    UnitWhere where = UnitWhere::InWork;
    std::string current_stage;  // the stage it is at; "" when shipped
    int sheet_version = 1;      // of its sheet now (what a hold of it must name)
};

struct Suspects {
    // The faulty unit's sign-off of the stage: what the filters compare with.
    SuspectUnit reference;
    std::vector<SuspectUnit> units;  // the others that match, by sign-off time then serial
};

// NotFound when serial is not a registered unit; InvalidArgument ("stage: ...") when it has not
// signed the stage off.
Result<Suspects> suspect_units(std::span<const UnitView> units, const std::string& serial,
                               const std::string& stage, const SuspectFilter& filter);

// The same in parts, for a record read a part at a time:
// - the faulty unit's sign-off of the stage (the same errors);
Result<SuspectUnit> suspect_reference(const UnitView& faulty, const std::string& stage);
// - the period whose sign-offs the filter can match: the window around the reference's
//   sign-off, or every sign-off from `first` to `last` (the record's first and last acts);
Query suspect_period(const SuspectUnit& reference, const SuspectFilter& filter, Timestamp first,
                     Timestamp last);
// - appends to *out the units that match, other than the reference, whose sign-off of the stage
//   falls in part's period (parts that do not overlap find each unit once);
void add_suspects(std::span<const UnitView> units, const SuspectUnit& reference,
                  const std::string& stage, const SuspectFilter& filter, const Query& part,
                  std::vector<SuspectUnit>* out);
// - orders them by sign-off time, then serial.
void sort_suspects(std::vector<SuspectUnit>& units);

}  // namespace stampline::server::analytics
