// The body of the head office's page across the plants of its group (/ui/group): the plant and
// period filter, the bottleneck of every plant side by side (one table, plant x stage), then per
// plant its Pareto, its escape matrix and a link to its review pack. Pure: the analyses' results
// in, HTML out.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "server/analytics/nc_analysis.h"
#include "server/analytics/stage_analysis.h"
#include "server/web/web_text.h"
#include "shared/plant.h"

namespace stampline::server::web {

// One plant's figures of the period. plant is never null.
struct GroupPlantFigures {
    const Plant* plant = nullptr;
    std::vector<analytics::ParetoGroup> pareto;
    analytics::Bottleneck bottleneck;
    analytics::EscapeMatrix escapes;
};

// What the filter form shows as chosen; dates as "YYYY-MM-DD".
struct GroupFilters {
    std::string from;
    std::string to;
    std::string plant;  // a plant code; "" = every plant of the group
};

// A GET form to /ui/group: the plant (all, or one of `plants`) and the period.
std::string group_filter_form(const GroupFilters& f, std::span<const Plant* const> plants,
                              WebLang lang);

// One table, a row per plant and a column per stage (the stages of the plants, in the first
// plant's order, then any the others add): the stage's quality score, "—" for a stage with too
// few units to rank or not in that plant's process; each plant's quality bottleneck marked
// (class "top"); then the plant's quality and flow bottleneck stages.
std::string group_bottleneck_table(std::span<const GroupPlantFigures> plants, WebLang lang);

// The whole page: form, side-by-side bottleneck, then each plant's section (id "plant-CODE")
// with its Pareto, escape matrix and the link to /ui/group/review?plant=CODE&month=review_month
// (the caller's choice: the month the period starts in).
std::string group_body(const GroupFilters& f, std::span<const Plant* const> all,
                       std::span<const GroupPlantFigures> shown, std::string_view review_month,
                       WebLang lang);

}  // namespace stampline::server::web
