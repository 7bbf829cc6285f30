#include "shared/complaint_rules.h"

#include <array>
#include <utility>

namespace stampline {

namespace {

constexpr std::array<std::pair<ComplaintStatus, const char*>, 5> kStatuses = {{
    {ComplaintStatus::Registered, "registered"},
    {ComplaintStatus::Investigation, "investigation"},
    {ComplaintStatus::Commission, "commission"},
    {ComplaintStatus::Closed, "closed"},
    {ComplaintStatus::Withdrawn, "withdrawn"},
}};

constexpr std::array<std::pair<Justified, const char*>, 3> kJustified = {{
    {Justified::Yes, "yes"},
    {Justified::Partly, "partly"},
    {Justified::No, "no"},
}};

Date next_day(Date d) {
    return civil_from_days(days_from_civil(d) + 1);
}

}  // namespace

const char* complaint_status_name(ComplaintStatus s) {
    for (const auto& [status, name] : kStatuses)
        if (status == s) return name;
    return "?";
}

bool parse_complaint_status(std::string_view text, ComplaintStatus* out) {
    for (const auto& [status, name] : kStatuses)
        if (text == name) {
            *out = status;
            return true;
        }
    return false;
}

bool complaint_final(ComplaintStatus s) {
    return s == ComplaintStatus::Closed || s == ComplaintStatus::Withdrawn;
}

bool complaint_transition_allowed(ComplaintStatus from, ComplaintStatus to) {
    if (complaint_final(from)) return false;
    if (to == ComplaintStatus::Withdrawn) return true;
    return static_cast<int>(to) == static_cast<int>(from) + 1;
}

const char* justified_name(Justified j) {
    for (const auto& [value, name] : kJustified)
        if (value == j) return name;
    return "?";
}

bool parse_justified(std::string_view text, Justified* out) {
    for (const auto& [value, name] : kJustified)
        if (text == name) {
            *out = value;
            return true;
        }
    return false;
}

Date add_days(Date from, int days, bool working, const WorkCalendar& calendar) {
    if (!working || !calendar.defined()) return civil_from_days(days_from_civil(from) + days);
    Date d = from;
    // Bounded: a calendar whose every day is off would otherwise never get there.
    for (int counted = 0, steps = 0; counted < days && steps < 3660; ++steps) {
        d = next_day(d);
        if (calendar.working_day(d)) ++counted;
    }
    return d;
}

ComplaintDeadlines complaint_deadlines(const ComplaintReason& reason, Timestamp registered,
                                       const WorkCalendar& calendar, const TimeZone& zone) {
    const Date day = zone.date_of(registered);
    const auto end_of = [&](int days) {
        return zone.start_of(next_day(add_days(day, days, reason.working_days, calendar)));
    };
    return {end_of(reason.first_answer_days), end_of(reason.resolution_days)};
}

}  // namespace stampline
