// The JSON shapes of the analyses, shared by the analytics endpoints and the review pack.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "server/analytics/nc_analysis.h"
#include "server/analytics/stage_analysis.h"
#include "shared/plant.h"

namespace stampline::server {

nlohmann::json optional_json(const std::optional<double>& v);  // null when unknown
// {stage, total_count, total_quantity, rows: [{code, text, count, quantity, share, ...}]}
nlohmann::json pareto_group_json(const Plant& plant, const analytics::ParetoGroup& pg);
// {stages, field_stages, total_ncs, escapes, field_escapes, escaped_quantity, cells}; a field
// cell has detected_stage null and its lifecycle stage in field_stage.
nlohmann::json escape_matrix_json(const Plant& plant, const analytics::EscapeMatrix& m);
nlohmann::json offender_json(const analytics::RepeatOffender& o);
nlohmann::json stage_json(const analytics::StageStats& s);
nlohmann::json work_calendar_json(const Plant& plant);
nlohmann::json bottleneck_json(const analytics::Bottleneck& b, const Plant& plant);

}  // namespace stampline::server
