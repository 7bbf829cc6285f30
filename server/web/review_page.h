// The monthly review pack as a page to show at the meeting and to print: the trend of the
// month against the months before it, the Pareto, the bottleneck and escape matrix, the repeat
// offenders, the decisions of earlier meetings with their execution, and the new decisions with
// the form to record them. Pure.
#pragma once

#include <string>

#include "server/analytics/review_pack.h"
#include "server/analytics/complaint_analysis.h"
#include "server/web/office_pages.h"
#include "server/web/web_text.h"
#include "shared/plant.h"

namespace stampline::server::web {

std::string review_body(const analytics::ReviewPack& pack,
                        const analytics::ComplaintFigures& complaints, const Plant& plant,
                        WebLang lang, std::string_view csrf, const Outcome& outcome);

}  // namespace stampline::server::web
