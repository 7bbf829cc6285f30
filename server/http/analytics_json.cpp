#include "server/http/analytics_json.h"

namespace stampline::server {

using nlohmann::json;
namespace an = analytics;

json optional_json(const std::optional<double>& v) {
    return v ? json(*v) : json(nullptr);
}

json pareto_group_json(const Plant& plant, const an::ParetoGroup& pg) {
    json rows = json::array();
    for (const an::ParetoRow& row : pg.rows) {
        const NcCode* code = plant.nc_code(row.code);
        rows.push_back(
            {{"code", row.code},
             {"text", code ? json{{"ru", code->text.ru}, {"en", code->text.en}} : json()},
             {"count", row.count},
             {"quantity", row.quantity},
             {"share", row.share},
             {"cumulative_share", row.cumulative_share}});
    }
    return json{{"stage", pg.stage.empty() ? json() : json(pg.stage)},
                {"total_count", pg.total_count},
                {"total_quantity", pg.total_quantity},
                {"rows", std::move(rows)}};
}

json escape_matrix_json(const Plant& plant, const an::EscapeMatrix& m) {
    json stages = json::array();
    for (const Stage& s : plant.stages) stages.push_back(s.code);
    json field_stages = json::array();
    for (const LifecycleStage& l : plant.lifecycle_stages) field_stages.push_back(l.code);
    const auto or_null = [](const std::string& s) { return s.empty() ? json() : json(s); };
    json cells = json::array();
    for (const an::EscapeCell& cell : m.cells)
        cells.push_back({{"origin_stage", cell.origin_stage},
                         {"detected_stage", or_null(cell.detected_stage)},
                         {"field_stage", or_null(cell.field_stage)},
                         {"count", cell.count},
                         {"quantity", cell.quantity},
                         {"max_distance", cell.max_distance},
                         {"escapes", cell.escapes},
                         {"escape", cell.escape}});
    return json{{"stages", std::move(stages)},      {"field_stages", std::move(field_stages)},
                {"total_ncs", m.total_ncs},         {"escapes", m.escapes},
                {"field_escapes", m.field_escapes}, {"escaped_quantity", m.escaped_quantity},
                {"cells", std::move(cells)}};
}

json offender_json(const an::RepeatOffender& o) {
    return json{
        {"code", o.code}, {"months_with", o.months_with}, {"count", o.count}, {"months", o.months}};
}

json stage_json(const an::StageStats& s) {
    return json{{"stage", s.stage},
                {"units_passed", s.units_passed},
                {"first_pass_units", s.first_pass_units},
                {"first_pass_yield", optional_json(s.first_pass_yield)},
                {"ncs_originating", s.ncs_originating},
                {"quantity_originating", s.quantity_originating},
                {"ncs_per_100_units", s.ncs_per_100_units},
                {"escapes", s.escapes},
                {"field_escapes", s.field_escapes},
                {"weighted_ncs_per_100_units", s.weighted_ncs_per_100_units},
                {"weighted_escapes_per_100_units", s.weighted_escapes_per_100_units},
                {"ranked", s.ranked},
                {"quality_score", s.ranked ? json(an::quality_score(s)) : json(nullptr)},
                {"timed_units", s.timed_units},
                {"median_working_time_s", s.median_working_time_s},
                {"p90_working_time_s", s.p90_working_time_s},
                {"median_calendar_time_s", s.median_calendar_time_s},
                {"p90_calendar_time_s", s.p90_calendar_time_s},
                {"wip", s.wip},
                {"wip_on_hold", s.wip_on_hold}};
}

json work_calendar_json(const Plant& plant) {
    const WorkCalendar& c = plant.calendar;
    if (!c.defined()) return nullptr;
    json shifts = json::array();
    for (const Shift& s : c.shifts)
        shifts.push_back({{"name", s.name},
                          {"start", format_clock_minute(s.start_minute)},
                          {"end", format_clock_minute(s.end_minute)},
                          {"stages", s.stages}});
    json days_off = json::array();
    for (int d = 0; d < 7; ++d)
        if (c.days_off[static_cast<std::size_t>(d)]) days_off.push_back(weekday_name(d));
    json holidays = json::array();
    for (const Date& d : c.holidays) holidays.push_back(format_date(d));
    return {{"time_zone", plant.zone.name()},
            {"shifts", std::move(shifts)},
            {"days_off", std::move(days_off)},
            {"holidays", std::move(holidays)}};
}

json bottleneck_json(const an::Bottleneck& b, const Plant& plant) {
    auto ranked = [](const std::vector<an::StageStats>& v, bool quality) {
        json list = json::array();
        for (std::size_t i = 0; i < v.size(); ++i) {
            json j = stage_json(v[i]);
            j["rank"] = quality && !v[i].ranked ? json(nullptr) : json(i + 1);
            list.push_back(std::move(j));
        }
        return list;
    };
    const AnalyticsOptions& a = plant.analytics;
    auto top = [](const std::string& stage, const std::string& reason) {
        return stage.empty() ? json(nullptr) : json{{"stage", stage}, {"reason", reason}};
    };
    return json{
        {"top_quality", top(b.top_quality_stage, b.top_quality_reason)},
        {"top_flow", top(b.top_flow_stage, b.top_flow_reason)},
        {"by_quality", ranked(b.by_quality, true)},
        {"by_flow", ranked(b.by_flow, false)},
        {"ranking",
         {{"weights",
           {{"minor", a.weight_minor}, {"major", a.weight_major}, {"critical", a.weight_critical}}},
          {"min_units", a.ranking_min_units}}},
        {"work_calendar", work_calendar_json(plant)}};
}

}  // namespace stampline::server
