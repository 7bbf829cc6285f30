// The monthly review's section on customer complaints: what came in from the field and what it
// cost. Slices of the complaints registered in the month by reason x product type x lifecycle
// stage x stage of origin (for the justified product faults), and per month of the trend the
// complaints registered, those resolved, and the damage claimed. Months are the plant's local
// months (the complaint's registration time).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "server/service/complaints.h"
#include "shared/time_zone.h"

namespace stampline::server::analytics {

struct ComplaintSlice {
    std::string reason;
    std::string product_type;
    std::string lifecycle_stage;
    std::string origin_stage;  // "" unless decided a justified product fault
    int complaints = 0;
    int justified = 0;  // decided yes or partly
    std::int64_t damage_cents = 0;
};

struct ComplaintMonth {
    YearMonth month;
    int registered = 0;
    int resolved = 0;  // closed or withdrawn in the month
    std::int64_t damage_cents = 0;  // claimed by those registered in the month
};

struct ComplaintFigures {
    int registered = 0;      // in the month under review
    int open = 0;            // at as_of, whenever registered
    int overdue = 0;         // at as_of: open past the resolution deadline, or resolved late
    int field_escapes = 0;   // units given a field NC by the month's decisions
    std::int64_t damage_cents = 0;   // claimed by those registered in the month
    std::vector<ComplaintSlice> slices;  // by complaints (descending), then the keys
    std::vector<ComplaintMonth> months;  // trend_months months ending with `month`, oldest first
};

ComplaintFigures complaint_figures(std::span<const Complaint> complaints, const TimeZone& zone,
                                   YearMonth month, int trend_months, Timestamp as_of);

}  // namespace stampline::server::analytics
