#include "server/web/review_page.h"

#include <cmath>

#include "server/web/analytics_pages.h"
#include "server/web/html.h"
#include "server/web/svg_chart.h"
#include "server/web/trail_page.h"

namespace stampline::server::web {

namespace an = analytics;

namespace {

std::string pct(const std::optional<double>& v) {
    return td(v ? fmt_percent(*v) : "—", "num");
}

std::string trend_section(const an::ReviewPack& pack, const Plant& plant, WebLang lang) {
    std::string out = "<h2>1. " + esc(wt(lang, "review.trend")) +
                      "</h2><table class=\"compact\"><thead><tr>" + th(lang, "ca.month") +
                      th(lang, "review.units_passed", true) + th(lang, "review.ncs", true) +
                      th(lang, "stage.ncs_per_100", true) + th(lang, "stage.escapes", true) +
                      th(lang, "stage.fpy", true);
    for (const ProductType& p : plant.products)
        out += "<th class=\"num\">" + esc(wt(lang, "review.rty")) + " " + esc(p.code) + "</th>";
    out += th(lang, "ca.due_count", true) + th(lang, "review.ca_done", true) +
           th(lang, "ca.overdue_count", true) + "</tr></thead><tbody>";
    std::vector<ChartBar> per100, escapes, fpy;
    for (const an::TrendRow& t : pack.trend) {
        const bool current = t.month == pack.month;
        const std::string m = format_year_month(t.month);
        out += std::string(current ? "<tr style=\"font-weight:bold\">" : "<tr>") + td(m, "t") +
               td_num(t.units_passed) + td_num(t.ncs) +
               td(fmt_number(t.ncs_per_100_units, 1), "num") + td_num(t.escapes) +
               pct(t.first_pass_yield);
        for (const ProductType& p : plant.products) {
            std::optional<double> rty;
            for (const an::ProductYield& y : t.rolled_throughput_yields)
                if (y.product_type == p.code) rty = y.rolled_throughput_yield;
            out += pct(rty);
        }
        out += td_num(t.corrective_actions.due) + td_num(t.corrective_actions.done()) +
               td(std::to_string(t.corrective_actions.overdue),
                  t.corrective_actions.overdue ? "num bad" : "num") +
               "</tr>";
        per100.push_back({m, t.ncs_per_100_units, current});
        escapes.push_back({m, static_cast<double>(t.escapes), current});
        fpy.push_back({m, t.first_pass_yield ? *t.first_pass_yield * 100 : std::nan(""), current});
    }
    out += "</tbody></table><div class=\"charts\">";
    out += "<figure><figcaption>" + esc(wt(lang, "stage.ncs_per_100")) + "</figcaption>" +
           trend_svg(per100, wt(lang, "stage.ncs_per_100"), 1) + "</figure>";
    out += "<figure><figcaption>" + esc(wt(lang, "stage.escapes")) + "</figcaption>" +
           trend_svg(escapes, wt(lang, "stage.escapes"), 0) + "</figure>";
    out += "<figure><figcaption>" + esc(wt(lang, "stage.fpy")) + ", %</figcaption>" +
           trend_svg(fpy, wt(lang, "stage.fpy"), 1) + "</figure></div>";
    return out;
}

// The hidden field that keeps the group plant in the page's own GET forms; "" on a plant's own.
std::string plant_field(const ReviewPlace& place) {
    return place.group_plant.empty()
               ? ""
               : "<input type=\"hidden\" name=\"plant\" value=\"" + esc(place.group_plant) + "\">";
}

std::string offenders_section(const an::ReviewPack& pack, const Plant& plant, WebLang lang,
                              const ReviewPlace& place) {
    const std::string month = format_year_month(pack.month);
    // The window and threshold, changeable here (the plant's [analytics] gives the defaults).
    std::string out =
        "<h2>4. " + esc(wt(lang, "review.repeat")) + "</h2><form method=\"get\" " + "action=\"" +
        esc(place.page) + "\" class=\"inline\">" + plant_field(place) +
        "<input type=\"hidden\" name=\"month\" value=\"" + esc(month) + "\"><label>" +
        esc(wt(lang, "review.repeat_min_months")) +
        " <input type=\"number\" name=\"repeat_min_months\" min=\"1\" max=\"24\" value=\"" +
        std::to_string(pack.repeat_min_months) + "\"></label> <label>" +
        esc(wt(lang, "review.repeat_months")) +
        " <input type=\"number\" name=\"repeat_months\" min=\"1\" max=\"24\" value=\"" +
        std::to_string(pack.repeat_months) + "\"></label> <button type=\"submit\">" +
        esc(wt(lang, "filter.apply")) + "</button></form>";
    const bool short_history = pack.repeat_history_months < pack.repeat_months;
    if (short_history)
        out += "<p class=\"warn\">" + esc(wt(lang, "review.short_history")) + " (" +
               std::to_string(pack.repeat_history_months) + " / " +
               std::to_string(pack.repeat_months) + ")</p>";
    if (pack.repeat_offenders.empty())
        return short_history
                   ? out
                   : out + "<p class=\"muted\">" + esc(wt(lang, "review.no_repeat")) + "</p>";
    out += "<table><thead><tr>" + th(lang, "nc.code") + th(lang, "nc.text") +
           th(lang, "review.months_with", true) + th(lang, "pareto.count", true) +
           th(lang, "review.months") + "</tr></thead><tbody>";
    for (const an::RepeatOffender& o : pack.repeat_offenders) {
        std::string months;
        for (const std::string& m : o.months) months += (months.empty() ? "" : ", ") + m;
        out += "<tr>" + td("<b>" + esc(o.code) + "</b>") + td(esc(nc_text(plant, o.code, lang))) +
               td_num(o.months_with) + td_num(o.count) + td(esc(months)) + "</tr>";
    }
    return out + "</tbody></table>";
}

// "2026-12-05 10:30" on the plant's clock
std::string minute(const Plant& plant, Timestamp t) {
    return esc(plant.zone.format_minute(t));
}

std::string decisions_table(const std::vector<an::DecisionReview>& decisions, const Plant& plant,
                            WebLang lang) {
    std::string out = "<table><thead><tr>" + th(lang, "ca.id") + th(lang, "ca.review_month") +
                      th(lang, "ca.title_field") + th(lang, "ca.links") + th(lang, "ca.owner") +
                      th(lang, "ca.due") + th(lang, "review.status_then") +
                      th(lang, "review.done_at") + th(lang, "ca.verification") +
                      "</tr></thead><tbody>";
    for (const an::DecisionReview& d : decisions) {
        const CorrectiveAction& a = d.action;
        std::string links;
        for (const std::string& c : a.nc_codes) links += (links.empty() ? "" : ", ") + c;
        for (const std::string& s : a.stages) links += (links.empty() ? "" : ", ") + s;
        std::string status =
            esc(wt(lang, std::string("ca.status.") + ca_status_name(d.status_then)));
        if (d.overdue) status += " · " + esc(wt(lang, "ca.overdue"));
        std::string verification = "—";
        if (d.verified && a.verification)
            verification =
                esc(wt(lang, a.verification->effective ? "ca.effective" : "ca.not_effective")) +
                (a.verification->note.empty() ? "" : ": " + esc(a.verification->note));
        else if (d.status_then == CaStatus::Done)
            verification = esc(wt(lang, "review.awaiting_check"));
        out += "<tr>" + td("<b>" + esc(a.id) + "</b>") +
               td(esc(format_year_month(a.review_month))) + td(esc(a.title)) + td(esc(links)) +
               td(esc(a.owner_department)) +
               td(esc(format_date(a.due)), d.overdue ? "bad" : nullptr) +
               td(status, d.overdue ? "bad" : nullptr) +
               td(d.done_at ? esc(format_date(plant.zone.date_of(*d.done_at))) : "—") +
               td(verification) + "</tr>";
    }
    return out + "</tbody></table>";
}

std::string complaints_section(const an::ComplaintFigures& f, const Plant& plant, WebLang lang) {
    std::string out =
        "<h2>7. " + esc(wt(lang, "review.complaints")) + "</h2><p>" +
        esc(wt(lang, "review.complaints_registered")) + " <b>" + std::to_string(f.registered) +
        "</b> · " + esc(wt(lang, "review.complaints_damage")) + " <b>" +
        money(f.damage_cents, lang) + "</b> · " + esc(wt(lang, "review.complaints_open")) + " " +
        std::to_string(f.open) + " · <span class=\"" + (f.overdue > 0 ? "bad" : "") + "\">" +
        esc(wt(lang, "review.complaints_overdue")) + " " + std::to_string(f.overdue) +
        "</span> · <b>" + esc(wt(lang, "escapes.field_summary")) + " " +
        std::to_string(f.field_escapes) + "</b></p>";
    if (!f.slices.empty()) {
        out += "<table><thead><tr>" + th(lang, "complaints.reason") +
               th(lang, "complaints.product") + th(lang, "complaints.lifecycle") +
               th(lang, "complaints.origin") + th(lang, "complaints.count", true) +
               th(lang, "complaints.justified", true) + th(lang, "complaints.damage", true) +
               "</tr></thead><tbody>";
        for (const an::ComplaintSlice& s : f.slices) {
            const ComplaintReason* reason = plant.complaint_reason(s.reason);
            out += "<tr>" +
                   td(esc(reason ? (lang == WebLang::Ru ? reason->name.ru : reason->name.en)
                                 : s.reason)) +
                   td(esc(s.product_type)) +
                   td(esc(lifecycle_name(plant, s.lifecycle_stage, lang))) +
                   td(s.origin_stage.empty() ? "—" : esc(stage_name(plant, s.origin_stage, lang))) +
                   td_num(s.complaints) + td_num(s.justified) +
                   td_num(money(s.damage_cents, lang)) + "</tr>";
        }
        out += "</tbody></table>";
    }
    out += "<table><thead><tr>" + th(lang, "ca.month") +
           th(lang, "review.complaints_registered", true) +
           th(lang, "review.complaints_resolved", true) +
           th(lang, "review.complaints_damage", true) + "</tr></thead><tbody>";
    for (const an::ComplaintMonth& m : f.months)
        out += "<tr>" + td(format_year_month(m.month)) + td_num(m.registered) + td_num(m.resolved) +
               td_num(money(m.damage_cents, lang)) + "</tr>";
    return out + "</tbody></table>";
}

}  // namespace

std::string review_body(const an::ReviewPack& pack, const an::ComplaintFigures& complaints,
                        const Plant& plant, WebLang lang, std::string_view csrf,
                        const Outcome& outcome, const ReviewPlace& place) {
    const bool own = place.group_plant.empty();
    const std::string month = format_year_month(pack.month);
    const Date first = plant.zone.date_of(pack.from);
    const Date last = plant.zone.date_of(Timestamp{pack.to.ms - 1});
    Filters period;
    period.from = format_date(first);
    period.to = format_date(last);
    const std::string q = filter_query(period);
    std::string out = outcome_html(lang, outcome);
    out += "<form class=\"filters\" method=\"get\" action=\"" + esc(place.page) + "\">" +
           plant_field(place) + "<label>" + esc(wt(lang, "ca.month")) +
           "<input type=\"month\" name=\"month\" value=\"" + esc(month) +
           "\"></label><button type=\"submit\">" + esc(wt(lang, "filter.apply")) + "</button>" +
           zone_note(plant, lang) + "</form>";
    out += "<p class=\"muted\">" + esc(wt(lang, "review.as_of")) + " " + minute(plant, pack.as_of) +
           " (" + esc(plant.zone.name()) + "). " +
           (pack.review_held_recorded
                ? esc(wt(lang, "review.held")) + " " + minute(plant, pack.review_held) + " (" +
                      esc(plant.zone.name()) + ") " + esc(wt(lang, "review.held_first"))
                : esc(wt(lang, "review.not_held"))) +
           "<span class=\"noprint\"> · " + esc(wt(lang, "review.print_hint")) + "</span></p>";
    if (pack.chain_seq > 0)
        out += "<p class=\"chain-head\">" + esc(wt(lang, "review.chain_head")) + " <code>" +
               std::to_string(pack.chain_seq) + ":" + esc(pack.chain_hash) + "</code></p>";
    // A group plant's tables download from the group's review pack only (the analyses' CSV
    // endpoints are the served plant's).
    const auto analysis_csv = [&](const char* endpoint) {
        return own ? esc(std::string("/api/v1/analytics/") + endpoint + "?" + q + "&format=csv")
                   : std::string();
    };
    out +=
        trend_section(pack, plant, lang) +
        csv_link(lang,
                 esc(own ? "/api/v1/analytics/review-pack?month=" + month + "&format=csv"
                         : "/api/v1/group/review-pack?plant=" + url_component(place.group_plant) +
                               "&month=" + month + "&format=csv"));
    out += "<h2>2. " + esc(wt(lang, "pareto.title")) + "</h2>" +
           pareto_body(std::span(&pack.pareto, 1), plant, lang, analysis_csv("pareto"));
    out += "<h2>3. " + esc(wt(lang, "nav.bottleneck")) + "</h2>" +
           bottleneck_section(pack.bottleneck, plant, lang, analysis_csv("bottleneck"));
    out += escape_section(pack.escapes, plant, lang, analysis_csv("escapes"));
    out += offenders_section(pack, plant, lang, place);
    out += "<h2>5. " + esc(wt(lang, "review.earlier")) + "</h2>";
    out += pack.earlier_decisions.empty()
               ? "<p class=\"muted\">" + esc(wt(lang, "review.no_earlier")) + "</p>"
               : decisions_table(pack.earlier_decisions, plant, lang);
    out += "<h2>6. " + esc(wt(lang, "review.new")) + "</h2>";
    out += pack.new_decisions.empty()
               ? "<p class=\"muted\">" + esc(wt(lang, "review.no_new")) + "</p>"
               : decisions_table(pack.new_decisions, plant, lang);
    out += "<p class=\"muted\">" + esc(wt(lang, "review.decisions_legend")) + "</p>";
    // Decisions are recorded at the plant's own review, never through the head office's view.
    if (own) out += new_action_form(plant, lang, csrf, {pack.month, "/ui/review?month=" + month});
    out += complaints_section(complaints, plant, lang);
    return out;
}

}  // namespace stampline::server::web
