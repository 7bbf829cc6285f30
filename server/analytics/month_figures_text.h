// The part of a month's figures kept across restarts (MonthFiguresCache): its trend row and its
// NCs by code, as JSON text. What is read back equals what was written, doubles included.
#pragma once

#include <string>
#include <string_view>

#include "server/analytics/review_pack.h"
#include "shared/status.h"

namespace stampline::server::analytics {

// f.trend (without its corrective actions) and f.repeats; the reviewed month's analyses are not
// kept.
std::string kept_month_text(const MonthFigures& f);
// The figures kept_month_text wrote (the reviewed month's analyses empty). Corruption for text
// it did not write.
Result<MonthFigures> parse_kept_month(std::string_view text);

}  // namespace stampline::server::analytics
