#include "server/web/analytics_pages.h"

#include <map>

#include "server/web/html.h"
#include "server/web/svg_chart.h"
#include "server/web/trail_page.h"

namespace stampline::server::web {

namespace an = analytics;

namespace {

std::string option(std::string_view value, std::string_view label, std::string_view chosen) {
    return "<option value=\"" + esc(value) + "\"" + (value == chosen ? " selected" : "") + ">" +
           esc(label) + "</option>";
}

std::string select(WebLang lang, const char* name, const char* label_key,
                   const std::vector<std::pair<std::string, std::string>>& options,
                   std::string_view chosen) {
    std::string out = "<label>" + esc(wt(lang, label_key)) + "<select name=\"" + name + "\">" +
                      option("", wt(lang, "filter.all"), chosen);
    for (const auto& [value, text] : options) out += option(value, text, chosen);
    return out + "</select></label>";
}

std::string stage_cell(const Plant& plant, const std::string& code, WebLang lang) {
    return "<td><b>" + esc(code) + "</b> " + esc(stage_name(plant, code, lang)) + "</td>";
}

}  // namespace

std::string filter_query(const Filters& f) {
    std::string q;
    auto add = [&](const char* name, const std::string& v) {
        if (v.empty()) return;
        q += (q.empty() ? "" : "&") + std::string(name) + "=" + url_component(v);
    };
    add("from", f.from);
    add("to", f.to);
    add("product_type", f.product_type);
    add("stage", f.stage);
    add("code", f.code);
    add("group", f.group);
    add("measure", f.measure);
    return q;
}

std::string filter_form(std::string_view action, const Filters& f, const Plant& plant,
                        WebLang lang) {
    const bool ru = lang == WebLang::Ru;
    std::vector<std::pair<std::string, std::string>> products, stages, codes;
    for (const ProductType& p : plant.products)
        products.emplace_back(p.code, p.code + " " + (ru ? p.name.ru : p.name.en));
    for (const Stage& s : plant.stages) stages.emplace_back(s.code, ru ? s.name.ru : s.name.en);
    for (const NcCode& c : plant.nc_codes)
        codes.emplace_back(c.code, c.code + " " + (ru ? c.text.ru : c.text.en));
    std::string out = "<form class=\"filters\" method=\"get\" action=\"" + esc(action) + "\">";
    out += "<label>" + esc(wt(lang, "filter.from")) +
           "<input type=\"date\" name=\"from\" value=\"" + esc(f.from) + "\"></label>";
    out += "<label>" + esc(wt(lang, "filter.to")) + "<input type=\"date\" name=\"to\" value=\"" +
           esc(f.to) + "\"></label>";
    out += select(lang, "product_type", "filter.product", products, f.product_type);
    out += select(lang, "stage", "filter.stage", stages, f.stage);
    out += select(lang, "code", "filter.code", codes, f.code);
    if (!f.group.empty()) {
        out += "<label>" + esc(wt(lang, "filter.group")) + "<select name=\"group\">";
        for (const char* g : {"none", "origin", "detection"})
            out += option(g, wt(lang, std::string("filter.group.") + g), f.group);
        out += "</select></label>";
    }
    if (!f.measure.empty()) {
        out += "<label>" + esc(wt(lang, "filter.measure")) + "<select name=\"measure\">";
        for (const char* m : {"records", "items"})
            out += option(m, wt(lang, std::string("pareto.measure.") + m), f.measure);
        out += "</select></label>";
    }
    return out + "<button type=\"submit\">" + esc(wt(lang, "filter.apply")) + "</button>" +
           zone_note(plant, lang) + "</form>";
}

std::string zone_note(const Plant& plant, WebLang lang) {
    return "<span class=\"muted\">" + esc(wt(lang, "filter.zone")) + " " + esc(plant.zone.name()) +
           "</span>";
}

std::string calendar_summary(const Plant& plant, WebLang lang) {
    const WorkCalendar& c = plant.calendar;
    if (!c.defined()) return wt(lang, "calendar.none");
    std::string out = wt(lang, "calendar.shifts") + ":";
    for (const Shift& s : c.shifts) out += " " + describe_shift(s) + ";";
    std::string off;
    for (int d = 0; d < 7; ++d)
        if (c.days_off[static_cast<std::size_t>(d)])
            off += (off.empty() ? "" : ", ") + wt(lang, std::string("day.") + weekday_name(d));
    if (!off.empty()) out += " " + wt(lang, "calendar.days_off") + ": " + off + ";";
    out += " " + wt(lang, "calendar.holidays") + ": " + std::to_string(c.holidays.size()) + ".";
    return out;
}

std::string pareto_body(std::span<const an::ParetoGroup> groups, const Plant& plant, WebLang lang,
                        std::string_view csv_href) {
    std::string out;
    if (groups.empty() || (groups.size() == 1 && groups[0].rows.empty()))
        return "<p class=\"note\">" + esc(wt(lang, "pareto.empty")) + "</p>";
    for (const an::ParetoGroup& g : groups) {
        if (!g.stage.empty())
            out += "<h2>" + esc(g.stage) + " " + esc(stage_name(plant, g.stage, lang)) + "</h2>";
        const bool items = g.measure == an::ParetoMeasure::Items;
        std::vector<ChartBar> bars;
        for (const an::ParetoRow& r : g.rows) {
            // The "vital few": the codes that make up the first 80 % of the measure.
            const bool vital = r.cumulative_share - r.share < 0.8;
            bars.push_back({r.code, static_cast<double>(items ? r.quantity : r.count), vital});
        }
        out += pareto_svg(bars, wt(lang, "pareto.title") + " — " +
                                    wt(lang, items ? "pareto.quantity" : "pareto.count"));
        out += "<table><thead><tr>" + th(lang, "nc.code") + th(lang, "nc.text") +
               th(lang, "pareto.count", true) + th(lang, "pareto.quantity", true) +
               th(lang, items ? "pareto.share_items" : "pareto.share_records", true) +
               th(lang, "pareto.cumulative", true) + "</tr></thead><tbody>";
        for (const an::ParetoRow& r : g.rows)
            out += "<tr><td><b>" + esc(r.code) + "</b></td><td>" +
                   esc(nc_text(plant, r.code, lang)) + "</td>" + td_num(std::to_string(r.count)) +
                   td_num(std::to_string(r.quantity)) + td_num(fmt_percent(r.share)) +
                   td_num(fmt_percent(r.cumulative_share)) + "</tr>";
        out += "<tr><th colspan=\"2\">" + esc(wt(lang, "common.total")) + "</th>" +
               td_num("<b>" + std::to_string(g.total_count) + "</b>") +
               td_num(std::to_string(g.total_quantity)) + "<td></td><td></td></tr>";
        out += "</tbody></table>";
    }
    return out + "<p class=\"muted\">" + esc(wt(lang, "pareto.vital_few")) + "</p>" +
           (csv_href.empty() ? "" : csv_link(lang, csv_href));
}

std::string bottleneck_section(const an::Bottleneck& b, const Plant& plant, WebLang lang,
                               std::string_view csv_href) {
    std::string out;
    auto find = [](const std::vector<an::StageStats>& v, const std::string& stage) {
        for (const an::StageStats& s : v)
            if (s.stage == stage) return &s;
        return static_cast<const an::StageStats*>(nullptr);
    };
    if (const an::StageStats* s = find(b.by_quality, b.top_quality_stage)) {
        out += "<div class=\"banner\"><b>" + esc(wt(lang, "bottleneck.top_quality")) + ": " +
               esc(s->stage) + " " + esc(stage_name(plant, s->stage, lang)) + "</b><br>" +
               esc(wt(lang, "stage.weighted_ncs_per_100")) + " " +
               fmt_number(s->weighted_ncs_per_100_units, 1) + " · " +
               esc(wt(lang, "stage.weighted_escapes_per_100")) + " " +
               fmt_number(s->weighted_escapes_per_100_units, 1) + " · " +
               esc(wt(lang, "stage.units_passed")) + " " + std::to_string(s->units_passed) + " · " +
               esc(wt(lang, "stage.fpy")) + " " +
               (s->first_pass_yield ? fmt_percent(*s->first_pass_yield) : "—") + "</div>";
    } else {
        out += "<p class=\"note\">" + esc(wt(lang, "bottleneck.no_quality")) + "</p>";
    }
    if (const an::StageStats* s = find(b.by_flow, b.top_flow_stage)) {
        out += "<div class=\"banner\"><b>" + esc(wt(lang, "bottleneck.top_flow")) + ": " +
               esc(s->stage) + " " + esc(stage_name(plant, s->stage, lang)) + "</b><br>" +
               esc(wt(lang, "stage.p90_time")) + " " +
               esc(fmt_duration(lang, s->p90_working_time_s)) + " · " +
               esc(wt(lang, "stage.median_time")) + " " +
               esc(fmt_duration(lang, s->median_working_time_s)) + " · " +
               esc(wt(lang, "stage.p90_calendar_time")) + " " +
               esc(fmt_duration(lang, s->p90_calendar_time_s)) + " · " +
               esc(wt(lang, "stage.wip")) + " " + std::to_string(s->wip) + "</div>";
    }
    std::vector<ChartBar> quality, flow;
    for (const an::StageStats& s : b.by_quality)
        if (s.ranked)
            quality.push_back({s.stage + " " + stage_name(plant, s.stage, lang),
                               an::quality_score(s), s.stage == b.top_quality_stage});
    const AnalyticsOptions& a = plant.analytics;
    for (const an::StageStats& s : b.by_flow)
        flow.push_back({s.stage + " " + stage_name(plant, s.stage, lang),
                        s.p90_working_time_s / 3600.0, s.stage == b.top_flow_stage});
    out += "<h2>" + esc(wt(lang, "bottleneck.by_quality")) + "</h2>" +
           hbar_svg(quality, wt(lang, "bottleneck.by_quality"), "") + "<p class=\"muted\">" +
           esc(wt(lang, "bottleneck.quality_score_hint")) + " " +
           esc(wt(lang, "bottleneck.weights")) + ": " + esc(wt(lang, "severity.minor")) + " " +
           std::to_string(a.weight_minor) + ", " + esc(wt(lang, "severity.major")) + " " +
           std::to_string(a.weight_major) + ", " + esc(wt(lang, "severity.critical")) + " " +
           std::to_string(a.weight_critical) + ". " + esc(wt(lang, "bottleneck.min_units")) + ": " +
           std::to_string(a.ranking_min_units) + ".</p>";
    out += "<h2>" + esc(wt(lang, "bottleneck.by_flow")) + "</h2>" +
           hbar_svg(flow, wt(lang, "bottleneck.by_flow"), wt(lang, "unit.hours")) +
           "<p class=\"muted\">" + esc(wt(lang, "stage.time_hint")) + " " +
           esc(calendar_summary(plant, lang)) + "</p>";
    out += "<h2>" + esc(wt(lang, "bottleneck.stages")) + "</h2><table><thead><tr>" +
           th(lang, "stage.stage") + th(lang, "stage.units_passed", true) +
           th(lang, "stage.fpy", true) + th(lang, "stage.ncs", true) +
           th(lang, "stage.weighted_ncs_per_100", true) + th(lang, "stage.escapes", true) +
           th(lang, "stage.weighted_escapes_per_100", true) +
           th(lang, "stage.quality_score", true) + th(lang, "stage.median_time", true) +
           th(lang, "stage.p90_time", true) + th(lang, "stage.p90_calendar_time", true) +
           th(lang, "stage.wip", true) + "</tr></thead><tbody>";
    for (const an::StageStats& s : b.by_quality) {
        const bool top = s.stage == b.top_quality_stage || s.stage == b.top_flow_stage;
        out += std::string(top ? "<tr class=\"bad\">" : "<tr>") + stage_cell(plant, s.stage, lang) +
               td_num(std::to_string(s.units_passed)) +
               td_num(s.first_pass_yield ? fmt_percent(*s.first_pass_yield) : "—") +
               td_num(std::to_string(s.ncs_originating)) +
               td_num(fmt_number(s.weighted_ncs_per_100_units, 1)) +
               td_num(std::to_string(s.escapes)) +
               td_num(fmt_number(s.weighted_escapes_per_100_units, 1)) +
               (s.ranked
                    ? td_num(fmt_number(an::quality_score(s), 1))
                    : "<td class=\"num muted\">" + esc(wt(lang, "stage.too_few_units")) + "</td>") +
               td_num(esc(fmt_duration(lang, s.median_working_time_s))) +
               td_num(esc(fmt_duration(lang, s.p90_working_time_s))) +
               td_num(esc(fmt_duration(lang, s.p90_calendar_time_s))) +
               td_num(std::to_string(s.wip) +
                      (s.wip_on_hold ? " (" + std::to_string(s.wip_on_hold) + ")" : "")) +
               "</tr>";
    }
    return out + "</tbody></table><p class=\"muted\">" + esc(wt(lang, "stage.fpy_hint")) + "</p>" +
           (csv_href.empty() ? "" : csv_link(lang, csv_href));
}

std::string escape_section(const an::EscapeMatrix& m, const Plant& plant, WebLang lang,
                           std::string_view csv_href) {
    std::string out = "<h2>" + esc(wt(lang, "escapes.title")) + "</h2><p>" +
                      esc(wt(lang, "escapes.summary")) + " <b>" + std::to_string(m.escapes) +
                      "</b> / " + std::to_string(m.total_ncs) + "</p>";
    if (m.field_escapes > 0)
        out += "<p class=\"field-escapes\"><b>" + esc(wt(lang, "escapes.field_summary")) + " " +
               std::to_string(m.field_escapes) + "</b></p>";
    // The columns: the stages of detection, then the field (found after delivery) by lifecycle
    // stage, keyed "field:<code>".
    std::map<std::pair<std::string, std::string>, const an::EscapeCell*> cells;
    int max_count = 1;
    for (const an::EscapeCell& c : m.cells) {
        cells[{c.origin_stage,
               c.field_stage.empty() ? c.detected_stage : "field:" + c.field_stage}] = &c;
        max_count = std::max(max_count, c.count);
    }
    std::vector<std::string> columns;
    out += "<table class=\"heat\"><thead><tr><th>" + esc(wt(lang, "escapes.origin_detected")) +
           "</th>";
    for (const Stage& d : plant.stages) {
        columns.push_back(d.code);
        out += "<th class=\"num\">" + esc(d.code) + "</th>";
    }
    for (const LifecycleStage& l : plant.lifecycle_stages) {
        columns.push_back("field:" + l.code);
        out += "<th class=\"num field\">" + esc(wt(lang, "escapes.field_column")) + ": " +
               esc(lifecycle_name(plant, l.code, lang)) + "</th>";
    }
    out += "</tr></thead><tbody>";
    for (const Stage& o : plant.stages) {
        out += "<tr>" + stage_cell(plant, o.code, lang);
        for (const std::string& d : columns) {
            auto it = cells.find({o.code, d});
            if (it == cells.end()) {
                out += "<td class=\"num muted\">·</td>";
                continue;
            }
            const an::EscapeCell& c = *it->second;
            // Escapes in shades of red by count, NCs caught where they arose in grey.
            const int shade = 235 - 150 * c.count / max_count;
            const std::string bg =
                c.escape ? "rgb(255," + std::to_string(shade) + "," + std::to_string(shade) + ")"
                         : "#eeeeee";
            // "3 (2)": 3 NCs, 2 of them escaped (the others caught at this junction).
            std::string text = std::to_string(c.count);
            if (c.escape && c.escapes < c.count) text += " (" + std::to_string(c.escapes) + ")";
            out += "<td class=\"num\" style=\"background:" + bg + "\">" +
                   (c.escape ? "<b>" + text + "</b>" : text) + "</td>";
        }
        out += "</tr>";
    }
    return out + "</tbody></table><p class=\"muted\">" + esc(wt(lang, "escapes.hint")) + "</p>" +
           (csv_href.empty() ? "" : csv_link(lang, csv_href));
}

}  // namespace stampline::server::web
