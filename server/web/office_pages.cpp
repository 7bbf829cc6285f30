#include "server/web/office_pages.h"

#include "server/service/quarantine_acceptance.h"
#include "server/web/html.h"
#include "server/web/trail_page.h"

namespace stampline::server::web {

namespace an = analytics;

namespace {

std::string days_cell(WebLang lang, Date due, int days_left) {
    const char* cls = days_left < 0 ? "bad" : days_left <= 30 ? "warn" : nullptr;
    std::string text =
        format_date(due) + " (" +
        (days_left < 0 ? wt(lang, "stamps.overdue_by") + " " + std::to_string(-days_left)
                       : wt(lang, "stamps.in_days") + " " + std::to_string(days_left)) +
        " " + wt(lang, "unit.days") + ")";
    return td(esc(text), cls);
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string status_options(WebLang lang, CaStatus from) {
    std::string out;
    for (CaStatus to : {CaStatus::Open, CaStatus::InProgress, CaStatus::Done, CaStatus::Cancelled})
        if (ca_transition_allowed(from, to))
            out += "<option value=\"" + std::string(ca_status_name(to)) + "\">" +
                   esc(wt(lang, std::string("ca.status.") + ca_status_name(to))) + "</option>";
    return out;
}

bool overdue(const CorrectiveAction& a, Date as_of) {
    return (a.status == CaStatus::Open || a.status == CaStatus::InProgress) && a.due < as_of;
}

}  // namespace

std::string outcome_html(WebLang lang, const Outcome& o) {
    if (!o.error.empty()) return "<p class=\"error\">" + esc(o.error) + "</p>";
    if (!o.saved.empty())
        return "<p class=\"note\">" + esc(wt(lang, "common.saved")) + ": " + esc(o.saved) + "</p>";
    return "";
}

std::string audit_form(WebLang lang, std::string_view csrf, std::string_view serial,
                       std::span<const std::string> stamps) {
    std::string out = "<form class=\"box\" method=\"post\" action=\"/ui/audits\">" +
                      csrf_field(csrf) + "<b>" + esc(wt(lang, "audit.form_title")) + "</b>";
    if (!serial.empty()) {
        out += "<input type=\"hidden\" name=\"serial\" value=\"" + esc(serial) + "\">";
    } else {
        out += "<label for=\"audit-stamp\">" + esc(wt(lang, "stamps.stamp")) +
               "</label><select id=\"audit-stamp\" name=\"stamp\" required>";
        for (const std::string& s : stamps)
            out += "<option value=\"" + esc(s) + "\">" + esc(s) + "</option>";
        out += "</select>";
    }
    out += "<label for=\"audit-result\">" + esc(wt(lang, "audit.result")) +
           "</label><select id=\"audit-result\" name=\"result\"><option value=\"pass\">" +
           esc(wt(lang, "audit.result.pass")) + "</option><option value=\"finding\">" +
           esc(wt(lang, "audit.result.finding")) + "</option></select><label for=\"audit-text\">" +
           esc(wt(lang, "audit.text")) +
           "</label><input type=\"text\" id=\"audit-text\" name=\"text\" size=\"80\" "
           "maxlength=\"2000\"><p><button type=\"submit\">" +
           esc(wt(lang, "audit.record")) + "</button></p></form>";
    return out;
}

std::string stamps_body(std::span<const an::StampOversight> rows,
                        std::span<const an::AttestationDue> due, WebLang lang,
                        std::string_view csrf, std::string_view csv_href) {
    std::string out = "<h2>" + esc(wt(lang, "stamps.due_title")) + "</h2>";
    if (due.empty()) {
        out += "<p class=\"muted\">" + esc(wt(lang, "stamps.none_due")) + "</p>";
    } else {
        out += "<table><thead><tr>" + th(lang, "stamps.stamp") + th(lang, "stamps.holder") +
               th(lang, "stamps.status") + th(lang, "stamps.attestation") + "</tr></thead><tbody>";
        for (const an::AttestationDue& d : due)
            out += "<tr>" + td("<b>" + esc(d.stamp) + "</b>") + td(esc(d.holder)) +
                   td(esc(wt(lang, std::string("stamps.status.") + stamp_status_name(d.status)))) +
                   days_cell(lang, d.attestation_due, d.days_left) + "</tr>";
        out += "</tbody></table>";
    }
    out += "<h2>" + esc(wt(lang, "stamps.oversight_title")) + "</h2><table><thead><tr>" +
           th(lang, "stamps.stamp") + th(lang, "stamps.holder") + th(lang, "stamps.status") +
           th(lang, "stamps.acceptances", true) + th(lang, "stamps.sign_offs", true) +
           th(lang, "stamps.escapes", true) + th(lang, "stamps.audits", true) +
           th(lang, "stamps.findings", true) + th(lang, "stamps.attestation") +
           "</tr></thead><tbody>";
    for (const an::StampOversight& s : rows) {
        out +=
            "<tr>" + td("<b>" + esc(s.stamp) + "</b>") +
            td(s.registered ? esc(s.holder) : esc(wt(lang, "stamps.unregistered")),
               s.registered ? nullptr : "bad") +
            td(esc(wt(lang, std::string("stamps.status.") + stamp_status_name(s.status)))) +
            td_num(s.acceptances) + td_num(s.sign_offs) +
            td(std::to_string(s.escapes) + (s.field_escapes > 0
                                                ? " <b>(" + esc(wt(lang, "stamps.in_field")) + " " +
                                                      std::to_string(s.field_escapes) + ")</b>"
                                                : ""),
               s.escapes > 0 ? "num bad" : "num") +
            td_num(s.audits) + td(std::to_string(s.findings), s.findings > 0 ? "num bad" : "num") +
            (s.registered ? days_cell(lang, s.attestation_due, s.days_to_attestation) : td("")) +
            "</tr>";
    }
    std::vector<std::string> ids;
    for (const an::StampOversight& s : rows)
        if (s.registered) ids.push_back(s.stamp);
    return out + "</tbody></table><p class=\"muted\">" + esc(wt(lang, "stamps.escapes_hint")) +
           "</p>" + csv_link(lang, csv_href) + audit_form(lang, csrf, "", ids);
}

std::string action_table(std::span<const CorrectiveAction* const> actions, WebLang lang,
                         std::string_view csrf, Date as_of, bool forms) {
    std::string out = "<table><thead><tr>" + th(lang, "ca.id") + th(lang, "ca.review_month") +
                      th(lang, "ca.title_field") + th(lang, "ca.links") + th(lang, "ca.owner") +
                      th(lang, "ca.due") + th(lang, "ca.status") + th(lang, "ca.verification") +
                      "</tr></thead><tbody>";
    for (const CorrectiveAction* a : actions) {
        const bool late = overdue(*a, as_of);
        std::string status = esc(wt(lang, std::string("ca.status.") + ca_status_name(a->status)));
        if (late) status += "<br>" + esc(wt(lang, "ca.overdue"));
        if (forms && (a->status == CaStatus::Open || a->status == CaStatus::InProgress))
            status +=
                "<form method=\"post\" action=\"/ui/corrective-actions/" + esc(a->id) +
                "/status\">" + csrf_field(csrf) + "<select name=\"status\">" +
                status_options(lang, a->status) +
                "</select> <input type=\"text\" name=\"note\" maxlength=\"2000\" placeholder=\"" +
                esc(wt(lang, "ca.note")) + "\"> <button type=\"submit\">" +
                esc(wt(lang, "ca.change_status")) + "</button></form>";
        std::string verification;
        if (a->verification) {
            verification =
                std::string(a->verification->effective ? "<span class=\"good\">"
                                                       : "<span class=\"bad\">") +
                esc(wt(lang, a->verification->effective ? "ca.effective" : "ca.not_effective")) +
                "</span><br><span class=\"muted\">" +
                esc(format_date(date_of(a->verification->at))) + " " + esc(a->verification->by) +
                "</span>" +
                (a->verification->note.empty() ? "" : "<br>" + esc(a->verification->note));
        } else if (forms && a->status == CaStatus::Done) {
            verification = "<form method=\"post\" action=\"/ui/corrective-actions/" + esc(a->id) +
                           "/verification\">" + csrf_field(csrf) +
                           "<select name=\"effective\"><option value=\"true\">" +
                           esc(wt(lang, "ca.effective")) + "</option><option value=\"false\">" +
                           esc(wt(lang, "ca.not_effective")) +
                           "</option></select> <input type=\"text\" name=\"note\" "
                           "maxlength=\"2000\" placeholder=\"" +
                           esc(wt(lang, "ca.note")) + "\"> <button type=\"submit\">" +
                           esc(wt(lang, "ca.verify")) + "</button></form>";
        }
        out +=
            "<tr>" + td("<b>" + esc(a->id) + "</b>") + td(esc(format_year_month(a->review_month))) +
            td(esc(a->title)) +
            td(esc(join(a->nc_codes)) + (a->stages.empty() ? "" : "<br>" + esc(join(a->stages)))) +
            td(esc(a->owner_department)) + td(esc(format_date(a->due)), late ? "bad" : nullptr) +
            td(status) + td(verification) + "</tr>";
    }
    return out + "</tbody></table>";
}

std::string new_action_form(const Plant& plant, WebLang lang, std::string_view csrf,
                            const ActionFormReview& review) {
    const bool ru = lang == WebLang::Ru;
    const std::string month = esc(format_year_month(review.month));
    std::string review_field;
    if (review.back.empty()) {
        review_field = "<label for=\"review_month\">" + esc(wt(lang, "ca.review_month")) +
                       "</label><input type=\"month\" id=\"review_month\" name=\"review_month\" "
                       "value=\"" +
                       month + "\" required>";
    } else {
        review_field = "<input type=\"hidden\" name=\"back\" value=\"" + esc(review.back) +
                       "\"><input type=\"hidden\" name=\"review_month\" value=\"" + month +
                       "\"><p class=\"muted\">" + esc(wt(lang, "ca.review_month")) + ": " + month +
                       "</p>";
    }
    std::string out;
    out +=
        "<h2>" + esc(wt(lang, "ca.new_title")) +
        "</h2><form class=\"box\" method=\"post\" "
        "action=\"/ui/corrective-actions\">" +
        csrf_field(csrf) + review_field + "<label for=\"title\">" +
        esc(wt(lang, "ca.title_field")) +
        "</label>"
        "<input type=\"text\" id=\"title\" name=\"title\" size=\"80\" maxlength=\"2000\" required>"
        "<label for=\"nc_codes\">" +
        esc(wt(lang, "ca.nc_codes")) +
        "</label>"
        "<select id=\"nc_codes\" name=\"nc_codes\" multiple size=\"6\">";
    for (const NcCode& c : plant.nc_codes)
        out += "<option value=\"" + esc(c.code) + "\">" + esc(c.code) + " " +
               esc(ru ? c.text.ru : c.text.en) + "</option>";
    out += "</select><label for=\"stages\">" + esc(wt(lang, "ca.stages")) +
           "</label><select id=\"stages\" name=\"stages\" multiple size=\"6\">";
    for (const Stage& s : plant.stages)
        out += "<option value=\"" + esc(s.code) + "\">" + esc(s.code) + " " +
               esc(ru ? s.name.ru : s.name.en) + "</option>";
    out += "</select><label for=\"owner\">" + esc(wt(lang, "ca.owner")) +
           "</label><input type=\"text\" id=\"owner\" name=\"owner_department\" size=\"40\" "
           "maxlength=\"200\" required><label for=\"due\">" +
           esc(wt(lang, "ca.due")) +
           "</label><input type=\"date\" id=\"due\" name=\"due\" required><p><button "
           "type=\"submit\">" +
           esc(wt(lang, "ca.create")) + "</button></p></form>";
    return out;
}

std::string actions_body(std::span<const CorrectiveAction> actions,
                         std::span<const CaMonthFigures> months, const Plant& plant, WebLang lang,
                         std::string_view csrf, Date today, const Outcome& outcome) {
    std::string out = outcome_html(lang, outcome);
    std::vector<const CorrectiveAction*> list;
    for (const CorrectiveAction& a : actions) list.push_back(&a);
    if (list.empty())
        out += "<p class=\"muted\">" + esc(wt(lang, "ca.none")) + "</p>";
    else
        out += action_table(list, lang, csrf, today, true) +
               csv_link(lang, "/ui/corrective-actions.csv");
    out += "<h2>" + esc(wt(lang, "ca.months_title")) + "</h2><table><thead><tr>" +
           th(lang, "ca.month") + th(lang, "ca.due_count", true) +
           th(lang, "ca.done_on_time", true) + th(lang, "ca.done_late", true) +
           th(lang, "ca.overdue_count", true) + "</tr></thead><tbody>";
    for (const CaMonthFigures& m : months)
        out += "<tr>" + td(format_year_month(m.month)) + td_num(m.due) + td_num(m.done_on_time) +
               td_num(m.done_late) + td(std::to_string(m.overdue), m.overdue ? "num bad" : "num") +
               "</tr>";
    out += "</tbody></table>";
    // A meeting reviews the month before the one it sits in.
    return out + new_action_form(plant, lang, csrf,
                                 {previous_month(YearMonth{today.year, today.month}), ""});
}

std::string quarantine_body(std::span<const QuarantineEntry> entries, WebLang lang,
                            std::string_view csrf, bool all, const Outcome& outcome) {
    std::string out = outcome_html(lang, outcome);
    out += "<p>" +
           std::string(all ? "<a href=\"/ui/quarantine\">" + esc(wt(lang, "quarantine.open_only")) +
                                 "</a>"
                           : "<a href=\"/ui/quarantine?all=1\">" +
                                 esc(wt(lang, "quarantine.show_all")) + "</a>") +
           "</p>";
    if (entries.empty())
        return out + "<p class=\"note\">" + esc(wt(lang, "quarantine.empty")) + "</p>";
    out += "<table><thead><tr>" + th(lang, "quarantine.received") + th(lang, "quarantine.station") +
           th(lang, "quarantine.reason") + th(lang, "quarantine.event") +
           th(lang, "quarantine.resolution") + "</tr></thead><tbody>";
    for (const QuarantineEntry& q : entries) {
        const std::string id = to_string(q.answer.id);
        std::string resolution;
        if (q.resolved) {
            resolution = "<span class=\"good\">" + esc(q.resolution) +
                         "</span><br><span "
                         "class=\"muted\">" +
                         esc(q.resolved_by) + "</span>";
        } else {
            // An act refused for its terminal's clock may also be accepted into the trail.
            const std::string accept =
                is_clock_refusal(q.answer.reason)
                    ? " <button type=\"submit\" formaction=\"/ui/quarantine/" + esc(id) +
                          "/accept\">" + esc(wt(lang, "quarantine.accept")) + "</button>"
                    : "";
            resolution = "<form method=\"post\" action=\"/ui/quarantine/" + esc(id) +
                         "/resolve\">" + csrf_field(csrf) +
                         "<input type=\"text\" name=\"resolution\" maxlength=\"2000\" required "
                         "placeholder=\"" +
                         esc(wt(lang, "quarantine.resolution_hint")) +
                         "\"> <button type=\"submit\">" + esc(wt(lang, "quarantine.resolve")) +
                         "</button>" + accept + "</form>";
        }
        if (q.accepted_seq)
            resolution += "<br><span class=\"muted\">" + esc(wt(lang, "quarantine.in_log")) + " " +
                          std::to_string(q.accepted_seq) + "</span>";
        out += "<tr>" + td(esc(format_utc(q.answer.received_at).substr(0, 16))) +
               td(esc(q.station)) +
               td("<b>" + esc(q.answer.reason) + "</b><br>" + esc(q.answer.message)) +
               td("<code>" + esc(q.event_json) + "</code>") + td(resolution) + "</tr>";
    }
    return out + "</tbody></table>" +
           csv_link(lang, "/ui/quarantine.csv" + std::string(all ? "?all=1" : ""));
}

}  // namespace stampline::server::web
