// The bodies of the analysis pages (Pareto, bottleneck with the escape matrix) and their filter
// form. Pure: the analyses' results in, HTML out.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "server/analytics/nc_analysis.h"
#include "server/analytics/stage_analysis.h"
#include "server/web/web_text.h"
#include "shared/plant.h"

namespace stampline::server::web {

// What the filter form shows as chosen ("" = all); dates as "YYYY-MM-DD".
struct Filters {
    std::string from;
    std::string to;
    std::string product_type;
    std::string stage;
    std::string code;
    std::string group;    // Pareto only: none | origin | detection ("" = no such choice)
    std::string measure;  // Pareto only: records | items ("" = no such choice)
};

// A GET form to `action` with the period and filter choices.
std::string filter_form(std::string_view action, const Filters& f, const Plant& plant,
                        WebLang lang);
// "Days and months in the plant's time: Europe/Moscow" (beside every period choice).
std::string zone_note(const Plant& plant, WebLang lang);
// The plant's work calendar in one line: shifts (with their stages), days off, holidays.
std::string calendar_summary(const Plant& plant, WebLang lang);
// The query string of the filters, "from=...&to=..." (only those set), URL-encoded.
std::string filter_query(const Filters& f);

// `csv_href`: where the same table downloads as CSV ("": no download link).
std::string pareto_body(std::span<const analytics::ParetoGroup> groups, const Plant& plant,
                        WebLang lang, std::string_view csv_href);

std::string bottleneck_section(const analytics::Bottleneck& b, const Plant& plant, WebLang lang,
                               std::string_view csv_href);
std::string escape_section(const analytics::EscapeMatrix& m, const Plant& plant, WebLang lang,
                           std::string_view csv_href);

}  // namespace stampline::server::web
