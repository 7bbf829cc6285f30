#include "server/web/complaint_pages.h"

#include <algorithm>

#include "server/web/html.h"
#include "server/web/trail_page.h"

namespace stampline::server::web {

namespace an = analytics;

namespace {

std::string local(const Plant& plant, Timestamp t) {
    return esc(plant.zone.format_minute(t));
}

std::string reason_name(const Plant& plant, std::string_view code, WebLang lang) {
    const ComplaintReason* r = plant.complaint_reason(code);
    if (!r) return std::string(code);
    return lang == WebLang::Ru ? r->name.ru : r->name.en;
}

std::string status_cell(const Complaint& c, WebLang lang) {
    const char* cls = c.status == ComplaintStatus::Closed      ? "good"
                      : c.status == ComplaintStatus::Withdrawn ? "muted"
                                                               : "warn";
    return td(esc(wt(lang, std::string("complaint.status.") + complaint_status_name(c.status))),
              cls);
}

// A deadline: red when missed (still open past it, or met late), green when met in time.
std::string deadline_cell(const Plant& plant, Timestamp due, std::optional<Timestamp> met,
                          bool overdue) {
    const std::string text = local(plant, Timestamp{due.ms - 1});
    if (overdue) return td(text, "t bad");
    return td(text, met ? "t good" : "t");
}

std::string option(std::string_view value, std::string_view text, bool selected) {
    return "<option value=\"" + esc(value) + "\"" + (selected ? " selected" : "") + ">" +
           esc(text) + "</option>";
}

std::string select(const char* name, const std::string& label,
                   const std::vector<std::pair<std::string, std::string>>& options,
                   std::string_view chosen, bool any) {
    std::string out = "<label for=\"" + std::string(name) + "\">" + esc(label) +
                      "</label><select id=\"" + name + "\" name=\"" + name + "\">";
    if (any) out += option("", "—", chosen.empty());
    for (const auto& [value, text] : options) out += option(value, text, value == chosen);
    return out + "</select>";
}

std::vector<std::pair<std::string, std::string>> reasons(const Plant& plant, WebLang lang) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const ComplaintReason& r : plant.complaint_reasons)
        out.emplace_back(r.code, lang == WebLang::Ru ? r.name.ru : r.name.en);
    return out;
}

std::vector<std::pair<std::string, std::string>> lifecycles(const Plant& plant, WebLang lang) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const LifecycleStage& l : plant.lifecycle_stages)
        out.emplace_back(l.code, lang == WebLang::Ru ? l.name.ru : l.name.en);
    return out;
}

std::vector<std::pair<std::string, std::string>> products(const Plant& plant, WebLang lang) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const ProductType& p : plant.products)
        out.emplace_back(p.code, p.code + " " + (lang == WebLang::Ru ? p.name.ru : p.name.en));
    return out;
}

std::vector<std::pair<std::string, std::string>> channels(WebLang lang) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const char* c : kComplaintChannels)
        out.emplace_back(c, wt(lang, std::string("complaint.channel.") + c));
    return out;
}

std::string text_input(const char* name, const std::string& label, bool required,
                       std::string_view value = "", const char* type = "text") {
    return "<label for=\"" + std::string(name) + "\">" + esc(label) + "</label><input type=\"" +
           type + "\" id=\"" + name + "\" name=\"" + name + "\" value=\"" + esc(value) +
           "\" size=\"60\" maxlength=\"200\"" + (required ? " required" : "") + ">";
}

std::string text_area(const char* name, const std::string& label) {
    return "<label for=\"" + std::string(name) + "\">" + esc(label) + "</label><textarea id=\"" +
           name + "\" name=\"" + name + "\" rows=\"3\" cols=\"80\" maxlength=\"4000\" required>" +
           "</textarea>";
}

std::string form_open(const std::string& action, std::string_view csrf, const std::string& title) {
    return "<form class=\"box\" method=\"post\" action=\"" + esc(action) + "\"><h3>" + esc(title) +
           "</h3>" + csrf_field(csrf);
}

std::string submit(WebLang lang, const char* key) {
    return "<p><button type=\"submit\">" + esc(wt(lang, key)) + "</button></p></form>";
}

std::string registration_form(const Plant& plant, WebLang lang, std::string_view csrf) {
    return form_open("/ui/complaints", csrf, wt(lang, "complaint.new")) +
           select("reason", wt(lang, "complaints.reason"), reasons(plant, lang), "", false) +
           select("product_type", wt(lang, "complaints.product"), products(plant, lang), "",
                  false) +
           text_input("serials", wt(lang, "complaint.serials_hint"), true) +
           select("lifecycle_stage", wt(lang, "complaints.lifecycle"), lifecycles(plant, lang), "",
                  false) +
           text_input("damage", wt(lang, "complaint.damage_rub"), false, "0", "number") +
           text_input("organisation", wt(lang, "complaint.organisation"), true) +
           text_input("site", wt(lang, "complaint.site"), false) +
           text_input("contact", wt(lang, "complaint.contact"), false) +
           select("channel", wt(lang, "complaint.channel"), channels(lang), "", false) +
           text_area("description", wt(lang, "complaint.description")) +
           submit(lang, "complaint.register");
}

}  // namespace

std::string complaints_register_body(std::span<const Complaint> complaints,
                                     const ComplaintFilter& filter, const Plant& plant,
                                     WebLang lang, Timestamp now, std::string_view csrf,
                                     bool can_write, const Outcome& outcome) {
    std::vector<std::pair<std::string, std::string>> statuses;
    for (ComplaintStatus s :
         {ComplaintStatus::Registered, ComplaintStatus::Investigation, ComplaintStatus::Commission,
          ComplaintStatus::Closed, ComplaintStatus::Withdrawn})
        statuses.emplace_back(complaint_status_name(s), wt(lang, std::string("complaint.status.") +
                                                                     complaint_status_name(s)));
    std::string out = outcome_html(lang, outcome);
    out +=
        "<form class=\"filters\" method=\"get\" action=\"/ui/complaints\">" +
        select("reason", wt(lang, "complaints.reason"), reasons(plant, lang), filter.reason, true) +
        select("product_type", wt(lang, "complaints.product"), products(plant, lang),
               filter.product_type, true) +
        select("lifecycle_stage", wt(lang, "complaints.lifecycle"), lifecycles(plant, lang),
               filter.lifecycle_stage, true) +
        select("status", wt(lang, "complaint.status"), statuses, filter.status, true) +
        "<label for=\"customer\">" + esc(wt(lang, "complaint.organisation")) +
        "</label><input type=\"text\" id=\"customer\" name=\"customer\" value=\"" +
        esc(filter.customer) + "\"><button type=\"submit\">" + esc(wt(lang, "filter.apply")) +
        "</button></form>";
    out += "<table class=\"complaints compact\"><thead><tr>" + th(lang, "complaint.id") +
           th(lang, "complaint.registered") + th(lang, "complaint.organisation") +
           th(lang, "complaints.reason") + th(lang, "complaint.units") +
           th(lang, "complaints.lifecycle") + th(lang, "complaint.status") +
           th(lang, "complaint.first_answer_due") + th(lang, "complaint.resolution_due") +
           th(lang, "complaints.damage", true) + "</tr></thead><tbody>";
    std::int64_t total = 0;
    int shown = 0;
    for (const Complaint& c : complaints) {
        if (!filter.matches(c)) continue;
        const NewComplaint& r = c.registration;
        total += r.damage_cents;
        ++shown;
        std::string units = esc(r.product_type) + ":";
        for (const std::string& s : r.serials) units += " " + esc(s);
        out += "<tr>" +
               td("<a href=\"/ui/complaints/" + esc(c.id) + "\">" + esc(c.id) + "</a>", "t") +
               td(esc(format_date(plant.zone.date_of(c.registered_at))), "t") +
               td(esc(r.customer.organisation)) + td(esc(reason_name(plant, r.reason, lang))) +
               td(units) + td(esc(lifecycle_name(plant, r.lifecycle_stage, lang))) +
               status_cell(c, lang) +
               deadline_cell(plant, c.deadlines.first_answer, c.first_answer_at(),
                             c.first_answer_overdue(now)) +
               deadline_cell(plant, c.deadlines.resolution, c.resolved_at(),
                             c.resolution_overdue(now)) +
               td_num(money(r.damage_cents, lang)) + "</tr>";
    }
    out += "</tbody><tfoot><tr><td colspan=\"9\"><b>" + esc(wt(lang, "complaint.total")) + " (" +
           std::to_string(shown) + ")</b></td>" + td_num("<b>" + money(total, lang) + "</b>") +
           "</tr></tfoot></table><p class=\"muted\">" + esc(wt(lang, "complaint.deadline_hint")) +
           "</p>";
    if (can_write) out += registration_form(plant, lang, csrf);
    return out;
}

namespace {

std::string facts(const Complaint& c, const Plant& plant, WebLang lang, Timestamp now) {
    const NewComplaint& r = c.registration;
    const auto row = [&](const char* key, const std::string& html) {
        return "<tr><th>" + esc(wt(lang, key)) + "</th><td>" + html + "</td></tr>";
    };
    std::string units;
    for (const std::string& s : r.serials)
        units += (units.empty() ? "" : ", ") + std::string("<a href=\"/ui/units/") +
                 url_component(s) + "\">" + esc(s) + "</a>";
    const auto deadline = [&](Timestamp due, bool overdue) {
        return "<span class=\"" + std::string(overdue ? "bad" : "") + "\">" +
               local(plant, Timestamp{due.ms - 1}) +
               (overdue ? " · " + esc(wt(lang, "complaint.overdue")) : "") + "</span>";
    };
    return "<table class=\"facts\"><tbody>" +
           row("complaint.status",
               esc(wt(lang, std::string("complaint.status.") + complaint_status_name(c.status)))) +
           row("complaint.registered",
               local(plant, c.registered_at) + " · " + esc(c.registered_by)) +
           row("complaint.organisation", esc(r.customer.organisation)) +
           row("complaint.site", esc(r.customer.site)) +
           row("complaint.contact", esc(r.customer.contact)) +
           row("complaint.channel", esc(wt(lang, "complaint.channel." + r.channel))) +
           row("complaints.reason", esc(reason_name(plant, r.reason, lang))) +
           row("complaints.product", esc(r.product_type)) + row("complaint.units", units) +
           row("complaints.lifecycle", esc(lifecycle_name(plant, r.lifecycle_stage, lang))) +
           row("complaints.damage", money(r.damage_cents, lang)) +
           row("complaint.description", esc(r.description)) +
           row("complaint.first_answer_due",
               deadline(c.deadlines.first_answer, c.first_answer_overdue(now))) +
           row("complaint.resolution_due",
               deadline(c.deadlines.resolution, c.resolution_overdue(now))) +
           "</tbody></table>";
}

// The steps and the notices, in time order.
std::string timeline(const Complaint& c, const Plant& plant, WebLang lang) {
    struct Item {
        Timestamp at;
        std::string html;
    };
    std::vector<Item> items;
    for (const ComplaintStep& s : c.history)
        items.push_back(
            {s.at,
             "<b>" + esc(wt(lang, std::string("complaint.status.") + complaint_status_name(s.to))) +
                 "</b> · " + esc(s.by)});
    for (const ComplaintNotice& n : c.notices)
        items.push_back({n.at, esc(wt(lang, "complaint.notice")) + " (" +
                                   esc(wt(lang, "complaint.channel." + n.channel)) +
                                   "): " + esc(n.text) + " · " + esc(n.by)});
    for (const ComplaintAttachment& a : c.attachments)
        items.push_back({a.at, esc(wt(lang, "complaint.attachment")) + ": <b>" + esc(a.name) +
                                   "</b> <code class=\"sha\">SHA-256 " + esc(a.sha256) + "</code>" +
                                   (a.note.empty() ? "" : " — " + esc(a.note)) + " · " +
                                   esc(a.by)});
    std::stable_sort(items.begin(), items.end(),
                     [](const Item& a, const Item& b) { return a.at < b.at; });
    std::string out = "<h2>" + esc(wt(lang, "complaint.timeline")) + "</h2><ol class=\"timeline\">";
    for (const Item& i : items) out += "<li>" + local(plant, i.at) + " — " + i.html + "</li>";
    return out + "</ol>";
}

std::string decision_section(const Complaint& c, const Plant& plant, WebLang lang) {
    if (!c.decision) return "";
    const ComplaintDecision& d = *c.decision;
    std::string out =
        "<h2>" + esc(wt(lang, "complaint.decision")) + "</h2><p><b>" +
        esc(wt(lang, std::string("complaint.justified.") + justified_name(d.justified))) + "</b>" +
        (c.engineer.empty() ? "" : " · " + esc(c.engineer)) + "</p><p>" + esc(d.findings) + "</p>";
    if (!d.conclusions.empty()) {
        out += "<ul>";
        for (const DepartmentConclusion& k : d.conclusions)
            out += "<li><b>" + esc(k.department) + "</b>: " + esc(k.text) + "</li>";
        out += "</ul>";
    }
    if (!d.origin_stage.empty())
        out += "<p class=\"bad\">" + esc(wt(lang, "complaint.field_escape")) + " " +
               esc(stage_name(plant, d.origin_stage, lang)) + " · " + esc(d.nc_code) + " " +
               esc(nc_text(plant, d.nc_code, lang)) + "</p>";
    if (!d.field_ncs.empty()) {
        out += "<table><thead><tr>" + th(lang, "complaint.unit") +
               th(lang, "complaint.origin_stamp") + "</tr></thead><tbody>";
        for (const FieldEscape& f : d.field_ncs)
            out += "<tr>" +
                   td("<a href=\"/ui/units/" + url_component(f.serial) + "\">" + esc(f.serial) +
                      "</a>") +
                   td(esc(f.origin_stamp)) + "</tr>";
        out += "</tbody></table>";
    }
    return out;
}

std::string commission_section(const Complaint& c, std::span<const CorrectiveAction> actions,
                               WebLang lang) {
    if (!c.commission) return "";
    const CommissionProtocol& p = *c.commission;
    std::string out = "<h2>" + esc(wt(lang, "complaint.commission")) + "</h2><p><b>" +
                      esc(wt(lang, "complaint.chair")) + "</b>: " + esc(p.chair) + "</p>";
    if (!p.members.empty()) {
        std::string members;
        for (const std::string& m : p.members) members += (members.empty() ? "" : ", ") + esc(m);
        out += "<p><b>" + esc(wt(lang, "complaint.members")) + "</b>: " + members + "</p>";
    }
    out += "<p><b>" + esc(wt(lang, "complaint.measures")) + "</b>: " + esc(p.measures) + "</p>";
    if (!p.corrective_actions.empty()) {
        out += "<p><b>" + esc(wt(lang, "complaint.actions")) + "</b>:</p><ul>";
        for (const std::string& id : p.corrective_actions) {
            auto a = std::find_if(actions.begin(), actions.end(),
                                  [&](const CorrectiveAction& x) { return x.id == id; });
            out += "<li><a href=\"/ui/corrective-actions\">" + esc(id) + "</a>" +
                   (a != actions.end()
                        ? " " + esc(a->title) + " · " +
                              esc(wt(lang, std::string("ca.status.") + ca_status_name(a->status)))
                        : "") +
                   "</li>";
        }
        out += "</ul>";
    }
    return out;
}

std::string filter_fields(const an::SuspectFilter& f, WebLang lang, bool hidden) {
    const auto box = [&](const char* name, bool on) {
        if (hidden)
            return on ? "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"true\">"
                      : std::string();
        return "<label class=\"inline\"><input type=\"checkbox\" name=\"" + std::string(name) +
               "\" value=\"true\"" + (on ? " checked" : "") + "> " +
               esc(wt(lang, std::string("suspects.") + name)) + "</label>";
    };
    std::string out = box("same_stamp", f.same_stamp) + box("same_station", f.same_station) +
                      box("same_product", f.same_product) + box("same_order", f.same_order);
    const std::string hours = std::to_string(f.window_hours);
    out += hidden ? "<input type=\"hidden\" name=\"window_hours\" value=\"" + hours + "\">"
                  : "<label class=\"inline\">" + esc(wt(lang, "suspects.window_hours")) +
                        " <input type=\"number\" name=\"window_hours\" min=\"0\" max=\"8760\" "
                        "value=\"" +
                        hours + "\"></label>";
    return out;
}

std::string suspects_section(const ComplaintView& v, const Plant& plant, WebLang lang,
                             std::string_view csrf, bool can_hold) {
    if (!v.suspects) return "";
    const an::Suspects& s = *v.suspects;
    const Complaint& c = v.complaint;
    std::string out = "<h2>" + esc(wt(lang, "suspects.title")) + "</h2><p class=\"muted\">" +
                      esc(wt(lang, "suspects.reference")) + " " + esc(s.reference.serial) + ", " +
                      esc(stage_name(plant, c.decision->origin_stage, lang)) + ": " +
                      esc(s.reference.stamp) + ", " + esc(s.reference.station) + ", " +
                      local(plant, s.reference.signed_off_at) + "</p>";
    out += "<form class=\"filters\" method=\"get\" action=\"/ui/complaints/" + esc(c.id) + "\">" +
           filter_fields(v.filter, lang, false) + "<button type=\"submit\">" +
           esc(wt(lang, "filter.apply")) + "</button></form>";
    out += "<table class=\"suspects\"><thead><tr>" + th(lang, "complaint.unit") +
           th(lang, "complaints.product") + th(lang, "suspects.order") +
           th(lang, "suspects.stamp") + th(lang, "suspects.station") +
           th(lang, "suspects.signed_off") + th(lang, "suspects.where") + "</tr></thead><tbody>";
    int in_work = 0;
    for (const an::SuspectUnit& u : s.units) {
        if (u.where == an::UnitWhere::InWork) ++in_work;
        std::string where =
            esc(wt(lang, std::string("suspects.where.") + an::unit_where_name(u.where)));
        if (!u.current_stage.empty()) where += ": " + esc(stage_name(plant, u.current_stage, lang));
        out +=
            "<tr>" +
            td("<a href=\"/ui/units/" + url_component(u.serial) + "\">" + esc(u.serial) + "</a>") +
            td(esc(u.product_type)) + td(esc(u.order)) + td(esc(u.stamp)) + td(esc(u.station)) +
            td(local(plant, u.signed_off_at)) +
            td(where, u.where == an::UnitWhere::Shipped ? "warn" : nullptr) + "</tr>";
    }
    out += "</tbody></table>";
    std::string query = "/api/v1/suspects?serial=" + url_component(s.reference.serial) +
                        "&stage=" + url_component(c.decision->origin_stage) +
                        "&window_hours=" + std::to_string(v.filter.window_hours);
    for (const auto& [name, on] : {std::pair{"same_stamp", v.filter.same_stamp},
                                   std::pair{"same_station", v.filter.same_station},
                                   std::pair{"same_product", v.filter.same_product},
                                   std::pair{"same_order", v.filter.same_order}})
        if (on) query += std::string("&") + name + "=true";
    out += "<p class=\"csv\"><a href=\"" + esc(query + "&where=shipped&format=csv") + "\">" +
           esc(wt(lang, "suspects.shipped_csv")) + "</a></p>";
    if (can_hold && in_work > 0)
        out += form_open("/ui/complaints/" + c.id + "/hold-suspects", csrf,
                         wt(lang, "suspects.hold_title")) +
               filter_fields(v.filter, lang, true) + "<p>" + esc(wt(lang, "suspects.hold_hint")) +
               " " + std::to_string(in_work) + "</p>" + submit(lang, "suspects.hold");
    return out;
}

std::string step_forms(const ComplaintView& v, const Plant& plant, WebLang lang,
                       std::string_view csrf) {
    const Complaint& c = v.complaint;
    if (complaint_final(c.status)) return "";
    const std::string base = "/ui/complaints/" + c.id + "/";
    std::string out;
    switch (c.status) {
        case ComplaintStatus::Registered:
            out += form_open(base + "investigation", csrf, wt(lang, "complaint.investigate")) +
                   text_input("engineer", wt(lang, "complaint.engineer"), true) +
                   submit(lang, "complaint.save");
            break;
        case ComplaintStatus::Investigation: {
            std::vector<std::pair<std::string, std::string>> justified;
            for (Justified j : {Justified::Yes, Justified::Partly, Justified::No})
                justified.emplace_back(
                    justified_name(j),
                    wt(lang, std::string("complaint.justified.") + justified_name(j)));
            std::vector<std::pair<std::string, std::string>> stages;
            if (const ProductType* p = plant.product(c.registration.product_type))
                for (const std::string& s : p->route)
                    stages.emplace_back(s, s + " " + stage_name(plant, s, lang));
            std::vector<std::pair<std::string, std::string>> codes;
            for (const NcCode& n : plant.nc_codes)
                codes.emplace_back(n.code, n.code + " " + nc_text(plant, n.code, lang));
            out += form_open(base + "decision", csrf, wt(lang, "complaint.decide")) +
                   select("justified", wt(lang, "complaint.justified"), justified, "", false) +
                   text_area("findings", wt(lang, "complaint.findings"));
            for (int i = 1; i <= 3; ++i)
                out += "<label>" + esc(wt(lang, "complaint.conclusion")) + " " + std::to_string(i) +
                       "</label><input type=\"text\" name=\"department\" size=\"20\" "
                       "maxlength=\"200\" placeholder=\"" +
                       esc(wt(lang, "complaint.department")) +
                       "\"> <input type=\"text\" name=\"conclusion\" size=\"60\" "
                       "maxlength=\"4000\">";
            out += select("origin_stage", wt(lang, "complaints.origin"), stages, "", true) +
                   select("nc_code", wt(lang, "complaint.nc_code"), codes, "", true) +
                   "<p class=\"muted\">" + esc(wt(lang, "complaint.origin_hint")) + "</p>" +
                   submit(lang, "complaint.save");
            break;
        }
        case ComplaintStatus::Commission: {
            out += form_open(base + "closure", csrf, wt(lang, "complaint.close")) +
                   text_input("chair", wt(lang, "complaint.chair"), true);
            for (int i = 1; i <= 4; ++i)
                out +=
                    "<input type=\"text\" name=\"members\" size=\"60\" maxlength=\"200\" "
                    "placeholder=\"" +
                    esc(wt(lang, "complaint.member")) + "\"><br>";
            out += text_area("measures", wt(lang, "complaint.measures")) +
                   "<label for=\"corrective_actions\">" + esc(wt(lang, "complaint.actions")) +
                   "</label><select id=\"corrective_actions\" name=\"corrective_actions\" "
                   "multiple size=\"5\">";
            for (const CorrectiveAction& a : v.actions)
                out += option(a.id, a.id + " " + a.title, false);
            out += "</select>" + submit(lang, "complaint.save");
            break;
        }
        default: break;
    }
    out += form_open(base + "notices", csrf, wt(lang, "complaint.notice_title")) +
           select("channel", wt(lang, "complaint.channel"), channels(lang), "email", false) +
           text_area("text", wt(lang, "complaint.notice_text")) + submit(lang, "complaint.save");
    out += form_open(base + "attachments", csrf, wt(lang, "complaint.attachment_title")) +
           text_input("name", wt(lang, "complaint.attachment_name"), true) +
           text_input("sha256", wt(lang, "complaint.attachment_sha256"), true) +
           text_input("note", wt(lang, "complaint.attachment_note"), false) +
           submit(lang, "complaint.save");
    out += form_open(base + "withdrawal", csrf, wt(lang, "complaint.withdraw")) +
           text_input("note", wt(lang, "complaint.withdraw_note"), true) +
           submit(lang, "complaint.withdraw");
    return out;
}

}  // namespace

std::string complaint_body(const ComplaintView& v, const Plant& plant, WebLang lang, Timestamp now,
                           std::string_view csrf, bool can_write, const Outcome& outcome) {
    const Complaint& c = v.complaint;
    std::string out = outcome_html(lang, outcome);
    out += "<p class=\"noprint\"><a href=\"/ui/complaints\">" + esc(wt(lang, "complaint.back")) +
           "</a>";
    if (c.commission)
        out += " · <a href=\"/ui/complaints/" + esc(c.id) + "/protocol\">" +
               esc(wt(lang, "complaint.protocol")) + "</a>";
    out += "</p>" + facts(c, plant, lang, now) + timeline(c, plant, lang) +
           decision_section(c, plant, lang) + commission_section(c, v.actions, lang) +
           suspects_section(v, plant, lang, csrf, can_write);
    if (can_write) out += step_forms(v, plant, lang, csrf);
    return out;
}

std::string protocol_body(const Complaint& c, std::span<const CorrectiveAction> actions,
                          const Plant& plant, WebLang lang) {
    const NewComplaint& r = c.registration;
    std::string units;
    for (const std::string& s : r.serials) units += (units.empty() ? "" : ", ") + esc(s);
    // Portrait A4 for this page only.
    std::string out = "<style>@media print{@page{size:A4 portrait;margin:18mm}}</style>";
    out += "<p>" + esc(wt(lang, "protocol.plant")) + " " + esc(plant.code) + " · " +
           (c.resolved_at() ? local(plant, *c.resolved_at()) : std::string()) + "</p>";
    out += "<table class=\"facts\"><tbody><tr><th>" + esc(wt(lang, "complaint.organisation")) +
           "</th><td>" + esc(r.customer.organisation) + ", " + esc(r.customer.site) +
           "</td></tr><tr><th>" + esc(wt(lang, "complaint.registered")) + "</th><td>" +
           local(plant, c.registered_at) + "</td></tr><tr><th>" +
           esc(wt(lang, "complaints.reason")) + "</th><td>" +
           esc(reason_name(plant, r.reason, lang)) + "</td></tr><tr><th>" +
           esc(wt(lang, "complaint.units")) + "</th><td>" + esc(r.product_type) + ": " + units +
           "</td></tr><tr><th>" + esc(wt(lang, "complaints.lifecycle")) + "</th><td>" +
           esc(lifecycle_name(plant, r.lifecycle_stage, lang)) + "</td></tr><tr><th>" +
           esc(wt(lang, "complaints.damage")) + "</th><td>" + money(r.damage_cents, lang) +
           "</td></tr><tr><th>" + esc(wt(lang, "complaint.description")) + "</th><td>" +
           esc(r.description) + "</td></tr></tbody></table>";
    out += decision_section(c, plant, lang) + commission_section(c, actions, lang);
    out += "<h2>" + esc(wt(lang, "protocol.signatures")) + "</h2><table class=\"signatures\">";
    if (c.commission) {
        out += "<tr><td>" + esc(wt(lang, "complaint.chair")) + "</td><td>" +
               esc(c.commission->chair) + "</td><td>____________________</td></tr>";
        for (const std::string& m : c.commission->members)
            out += "<tr><td>" + esc(wt(lang, "complaint.member_role")) + "</td><td>" + esc(m) +
                   "</td><td>____________________</td></tr>";
    }
    return out + "</table>";
}

}  // namespace stampline::server::web
