#include "server/web/group_pages.h"

#include <algorithm>

#include "server/web/analytics_pages.h"
#include "server/web/html.h"

namespace stampline::server::web {

namespace an = analytics;

namespace {

const std::string& plant_name(const Plant& plant, WebLang lang) {
    return plant.name.in(web_lang_code(lang));
}

std::string plant_option(std::string_view value, const std::string& label,
                         std::string_view chosen) {
    return "<option value=\"" + esc(value) + "\"" + (value == chosen ? " selected" : "") + ">" +
           esc(label) + "</option>";
}

// The stages of the plants: the first plant's order, then those the others add.
std::vector<std::string> stage_columns(std::span<const GroupPlantFigures> plants) {
    std::vector<std::string> codes;
    for (const GroupPlantFigures& p : plants)
        for (const Stage& s : p.plant->stages)
            if (std::find(codes.begin(), codes.end(), s.code) == codes.end())
                codes.push_back(s.code);
    return codes;
}

const an::StageStats* stats_of(const an::Bottleneck& b, const std::string& stage) {
    for (const an::StageStats& s : b.by_quality)
        if (s.stage == stage) return &s;
    return nullptr;
}

std::string stage_or_dash(const std::string& stage) {
    return stage.empty() ? "—" : "<b>" + esc(stage) + "</b>";
}

}  // namespace

std::string group_filter_form(const GroupFilters& f, std::span<const Plant* const> plants,
                              WebLang lang) {
    std::string out = "<form class=\"filters\" method=\"get\" action=\"/ui/group\"><label>" +
                      esc(wt(lang, "group.plant")) + "<select name=\"plant\">" +
                      plant_option("", wt(lang, "group.all_plants"), f.plant);
    for (const Plant* p : plants)
        out += plant_option(p->code, p->code + " " + plant_name(*p, lang), f.plant);
    out += "</select></label>";
    out += "<label>" + esc(wt(lang, "filter.from")) +
           "<input type=\"date\" name=\"from\" value=\"" + esc(f.from) + "\"></label>";
    out += "<label>" + esc(wt(lang, "filter.to")) + "<input type=\"date\" name=\"to\" value=\"" +
           esc(f.to) + "\"></label>";
    return out + "<button type=\"submit\">" + esc(wt(lang, "filter.apply")) + "</button></form>";
}

std::string group_bottleneck_table(std::span<const GroupPlantFigures> plants, WebLang lang) {
    const std::vector<std::string> stages = stage_columns(plants);
    // Wider than the page with many stages: the table scrolls, the page does not.
    std::string out =
        "<div style=\"overflow-x:auto\"><table class=\"group-bottleneck\"><thead><tr>" +
        th(lang, "group.plant");
    for (const std::string& s : stages) out += "<th class=\"num\">" + esc(s) + "</th>";
    out += th(lang, "bottleneck.top_quality") + th(lang, "bottleneck.top_flow") +
           "</tr></thead><tbody>";
    for (const GroupPlantFigures& p : plants) {
        const an::Bottleneck& b = p.bottleneck;
        out += "<tr data-plant=\"" + esc(p.plant->code) + "\"><td title=\"" +
               esc(plant_name(*p.plant, lang)) + "\"><b>" + esc(p.plant->code) + "</b></td>";
        for (const std::string& stage : stages) {
            const an::StageStats* s = stats_of(b, stage);
            if (s == nullptr || !s->ranked) {
                out += td_num("—");
                continue;
            }
            const std::string score = fmt_number(an::quality_score(*s), 1);
            out += stage == b.top_quality_stage ? "<td class=\"num top\"><b>" + score + "</b></td>"
                                                : td_num(score);
        }
        out +=
            td(stage_or_dash(b.top_quality_stage)) + td(stage_or_dash(b.top_flow_stage)) + "</tr>";
    }
    return out + "</tbody></table></div><p class=\"muted\">" +
           esc(wt(lang, "group.bottleneck_hint")) + "</p>";
}

std::string group_body(const GroupFilters& f, std::span<const Plant* const> all,
                       std::span<const GroupPlantFigures> shown, std::string_view review_month,
                       WebLang lang) {
    std::string out = group_filter_form(f, all, lang);
    out +=
        "<h2>" + esc(wt(lang, "group.bottleneck")) + "</h2>" + group_bottleneck_table(shown, lang);
    for (const GroupPlantFigures& p : shown) {
        const std::string& code = p.plant->code;
        out += "<section class=\"group-plant\" id=\"plant-" + esc(code) + "\"><h2>" + esc(code) +
               " — " + esc(plant_name(*p.plant, lang)) + "</h2>";
        out += "<p><a class=\"review-pack\" href=\"" +
               esc("/ui/group/review?plant=" + url_component(code) +
                   "&month=" + std::string(review_month)) +
               "\">" + esc(wt(lang, "group.review_pack")) + " " + esc(review_month) + "</a></p>";
        out += "<h3>" + esc(wt(lang, "pareto.title")) + "</h3>" +
               pareto_body(p.pareto, *p.plant, lang, "");
        out += escape_section(p.escapes, *p.plant, lang, "") + "</section>";
    }
    return out;
}

}  // namespace stampline::server::web
