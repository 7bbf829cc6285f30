// Customer complaints (обращения): the plant's rules for them, and the steps a complaint goes
// through. Pure; the log that records complaints is the server's (server/service/complaints.h).
//
// The service department handles a complaint in three steps:
//   registered     -> investigation  (a service engineer starts the investigation)
//   investigation  -> commission     (the investigation's decision: justified yes / partly / no)
//   commission     -> closed         (the claims commission's measures and linked actions)
// and at any step before closed: -> withdrawn (the customer withdrew it). closed and withdrawn
// are final; a step is never skipped nor taken back.
//
// Deadlines follow from the reason (plant complaint_reasons): days to the first answer to the
// customer and to resolution (the commission's decision), counted from the day it was registered
// (that day not counted) in calendar days or in the plant's working days ([calendar]: days off
// and holidays). A deadline ends at the plant's local midnight after its last day.
#pragma once

#include <string>
#include <string_view>

#include "shared/localized.h"
#include "shared/time.h"
#include "shared/time_zone.h"
#include "shared/work_calendar.h"

namespace stampline {

// A reason a complaint is registered for (plant complaint_reasons.<code>).
struct ComplaintReason {
    std::string code;  // e.g. "defect": a lower-case word
    LocalText name;
    int first_answer_days = 0;  // 1..365: to the first answer to the customer
    int resolution_days = 0;    // first_answer_days..730: to the commission's decision
    bool working_days = false;  // counted on the plant's calendar, not calendar days
    // A justified complaint of this reason is a product fault: it names the production stage it
    // originated at, and becomes a field escape of that stage (and of the stamp that signed it).
    bool product_fault = false;
};

// Where in the product's life the problem arose (plant lifecycle_stages.<code>): transport,
// installation, commissioning, operation.
struct LifecycleStage {
    std::string code;
    LocalText name;
};

enum class ComplaintStatus { Registered, Investigation, Commission, Closed, Withdrawn };
// "registered" | "investigation" | "commission" | "closed" | "withdrawn"
const char* complaint_status_name(ComplaintStatus s);
bool parse_complaint_status(std::string_view text, ComplaintStatus* out);
bool complaint_transition_allowed(ComplaintStatus from, ComplaintStatus to);
bool complaint_final(ComplaintStatus s);

// The decision of an investigation: is the claim justified?
enum class Justified { Yes, Partly, No };
const char* justified_name(Justified j);  // "yes" | "partly" | "no"
bool parse_justified(std::string_view text, Justified* out);

// The day `days` days after `from` (from itself not counted): calendar days, or, with working,
// the days the calendar works (every day when the calendar is not defined).
Date add_days(Date from, int days, bool working, const WorkCalendar& calendar);

struct ComplaintDeadlines {
    Timestamp first_answer;  // the instant it passes: local midnight after its last day
    Timestamp resolution;
};

// The deadlines of a complaint of `reason` registered at `registered`.
ComplaintDeadlines complaint_deadlines(const ComplaintReason& reason, Timestamp registered,
                                       const WorkCalendar& calendar, const TimeZone& zone);

}  // namespace stampline
