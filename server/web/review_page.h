// The monthly review pack as a page to show at the meeting and to print: the trend of the
// month against the months before it, the Pareto, the bottleneck and escape matrix, the repeat
// offenders, the decisions of earlier meetings with their execution, and the new decisions with
// the form to record them. Pure.
#pragma once

#include <string>

#include "server/analytics/complaint_analysis.h"
#include "server/analytics/review_pack.h"
#include "server/web/office_pages.h"
#include "server/web/web_text.h"
#include "shared/plant.h"

namespace stampline::server::web {

// Where a review page lives: the served plant's own (/ui/review, with the form that records the
// meeting's decisions), or the head office's view of a plant of its group
// (/ui/group/review?plant=CODE: read only, its CSV from /api/v1/group/review-pack).
struct ReviewPlace {
    std::string page = "/ui/review";
    std::string group_plant;  // "": the plant's own page; else the group plant's code
};

std::string review_body(const analytics::ReviewPack& pack,
                        const analytics::ComplaintFigures& complaints, const Plant& plant,
                        WebLang lang, std::string_view csrf, const Outcome& outcome,
                        const ReviewPlace& place = {});

}  // namespace stampline::server::web
