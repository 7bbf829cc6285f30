// The query parameters every analysis takes (from, to, product_type, stage, code, format) and
// the reading of an endpoint's own ones; shared by the analytics API and the web pages.
//   from, to: "YYYY-MM-DD", both days included; default from the first day of to's month to
//   today, days of the plant's time zone (plant.zone: a day runs from local midnight to local
//   midnight). product_type, stage, code: each must exist in the plant. format: json | csv.
// Any parameter not named, given twice, longer than 64 bytes or holding control characters is
// refused with 400 naming it.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "server/analytics/analytics_query.h"
#include "server/analytics/review_pack.h"
#include "server/http/api_context.h"
#include "server/http/http_types.h"
#include "server/http/json_errors.h"

namespace stampline::server {

struct AnalyticsRequest {
    analytics::Query query;
    Date from;
    Date to;  // included
    Date today;
    std::string time_zone;  // the plant's, in which from, to and today are days
    bool csv = false;
    std::map<std::string, std::string, std::less<>> extra;  // endpoint-specific parameters
};

// 400 invalid_field naming `field`.
std::optional<ApiError> bad_param(const std::string& field, const std::string& message);

// Refuses a parameter not in `common` or `own`, given twice, or with an unreadable value.
std::optional<ApiError> check_query_params(const HttpRequest& req,
                                           std::span<const char* const> common,
                                           std::initializer_list<const char*> own);

// format=json|csv (default json) into *csv.
std::optional<ApiError> read_format(const HttpRequest& req, bool* csv);

// Reads the common parameters and the endpoint's own ones (`own`, kept in extra); nullopt when
// every one is fine.
std::optional<ApiError> read_analytics_request(const ApiContext& ctx, const HttpRequest& req,
                                               std::initializer_list<const char*> own,
                                               AnalyticsRequest* out);

// as_of=YYYY-MM-DDTHH:MM:SS[.mmm]Z (UTC) into *out, or `now` when absent; an instant after now
// is refused (nothing is known of it yet).
std::optional<ApiError> read_as_of(const HttpRequest& req, Timestamp now, Timestamp* out);

// The review pack (its months' figures from ctx.month_figures, the work in progress of every
// unit) with the store's chain head after it was made; the store's error if any.
Result<analytics::ReviewPack> make_review_pack(const ApiContext& ctx,
                                               std::span<const CorrectiveAction> actions,
                                               const analytics::ReviewPackOptions& options);

// stage_stats and bottleneck over the period's units with the work in progress of every unit
// (set_work_in_progress from ctx.unit_views' summary).
Result<std::vector<analytics::StageStats>> stage_stats_now(
    const ApiContext& ctx, std::span<const analytics::UnitView> units,
    const analytics::Query& query);
Result<analytics::Bottleneck> bottleneck_now(const ApiContext& ctx,
                                             std::span<const analytics::UnitView> units,
                                             const analytics::Query& query);

// The own integer parameter `name` in [lo, hi], or `fallback` when absent.
std::optional<ApiError> read_int_param(const AnalyticsRequest& r, const char* name, int lo, int hi,
                                       int fallback, int* out);

// The recurring-codes window `months_name` (1..max_months) and threshold `min_name`
// (1..months), the plant's [analytics] defaults when absent (the threshold at most the window).
std::optional<ApiError> read_repeat_window(const AnalyticsRequest& r, const Plant& plant,
                                           const char* months_name, const char* min_name,
                                           int max_months, int* months, int* min_months);

}  // namespace stampline::server
