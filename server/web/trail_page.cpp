#include "server/web/trail_page.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "server/web/csv.h"
#include "server/web/html.h"
#include "server/web/office_pages.h"
#include "shared/time.h"

namespace stampline::server::web {

using nlohmann::json;

namespace {

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "2026-11-03T09:14:05.120Z" -> "2026-11-03 09:14"
// "2026-11-29 17:19" on the plant's clock, from an API instant "2026-11-29T14:19:38.123Z".
std::string short_time(const TimeZone& zone, std::string_view utc) {
    Result<Timestamp> t = parse_utc(utc);
    if (!t) return std::string(utc);
    return zone.format_minute(*t);
}

// "017 Иванов И. И." / "auditor:t-1a2b" and where and when.
std::string signature(const json& sig, const TimeZone& zone, WebLang lang) {
    if (!sig.is_object()) return "";
    std::string who = str(sig, "stamp");
    if (!who.empty()) {
        who = "<b>" + esc(wt(lang, "trail.stamp")) + " " + esc(who) + "</b>";
        if (!str(sig, "holder").empty()) who += " " + esc(str(sig, "holder"));
    } else {
        who = esc(str(sig, "actor"));
    }
    std::string out = who + "<br><span class=\"muted\">" + esc(short_time(zone, str(sig, "at")));
    if (!str(sig, "station").empty()) out += " · " + esc(str(sig, "station"));
    return out + "</span>";
}

std::string localized(const json& name, WebLang lang, const std::string& fallback) {
    if (name.is_object()) {
        std::string s = str(name, web_lang_code(lang));
        if (!s.empty()) return s;
    }
    return fallback;
}

std::string summary(const json& t, const Plant& plant, WebLang lang) {
    const ProductType* product = plant.product(str(t, "product_type"));
    std::string state;
    if (t.value("complete", false)) {
        state = "<span class=\"good\">" + esc(wt(lang, "trail.complete")) + "</span>";
    } else if (t.contains("current_stage") && t["current_stage"].is_string()) {
        state = esc(wt(lang, "trail.at_stage")) + " <b>" +
                esc(stage_name(plant, t["current_stage"].get<std::string>(), lang)) + "</b>";
    }
    std::string out = "<table><tbody>";
    auto row = [&](const char* key, const std::string& html) {
        out += "<tr><th>" + esc(wt(lang, key)) + "</th><td>" + html + "</td></tr>";
    };
    row("trail.serial", "<b>" + esc(str(t, "serial")) + "</b>");
    row("trail.product",
        esc(str(t, "product_type")) +
            (product ? " — " + esc(lang == WebLang::Ru ? product->name.ru : product->name.en)
                     : ""));
    row("trail.order", esc(str(t, "order")));
    row("trail.sheet_version", std::to_string(t.value("sheet_version", 1)));
    row("trail.state", state);
    const int open = t.value("open_ncs", 0);
    row("trail.open_ncs",
        open > 0 ? "<span class=\"bad\">" + std::to_string(open) + "</span>" : std::string("0"));
    out += "</tbody></table>";
    if (t.value("on_hold", false) && t["hold"].is_object())
        out += "<div class=\"banner\"><b>" + esc(wt(lang, "trail.on_hold")) +
               "</b>: " + esc(str(t["hold"], "reason")) + "<br>" +
               signature(t["hold"]["by"], plant.zone, lang) + "</div>";
    return out;
}

std::string route(const json& t, const Plant& plant, WebLang lang) {
    std::string out = "<h2>" + esc(wt(lang, "trail.route")) + "</h2><div class=\"route\">";
    for (const json& st : t.value("stages", json::array())) {
        const std::string status = str(st, "status");
        out += "<div class=\"st " + esc(status) + "\"><b>" +
               (status == "done" ? std::string("✓ ") : std::string()) +
               esc(localized(st["name"], lang, str(st, "stage"))) +
               "</b><br><span class=\"muted\">" + esc(wt(lang, "trail.status." + status)) +
               "</span>";
        if (st.value("accepted", false))
            out += "<br>" + esc(wt(lang, "trail.accepted")) + ": " +
                   signature(st["acceptance"], plant.zone, lang);
        if (st.value("signed_off", false))
            out += "<br>" + esc(wt(lang, "trail.signed_off")) + ": " +
                   signature(st["sign_off"], plant.zone, lang);
        if (st.contains("time_in_stage_s"))
            out += "<br>" + esc(wt(lang, "trail.time_in_stage")) + ": " +
                   esc(fmt_duration(lang, st["time_in_stage_s"].get<double>()));
        out += "</div>";
    }
    return out + "</div>";
}

std::string ncs(const json& t, const Plant& plant, WebLang lang) {
    const json list = t.value("ncs", json::array());
    std::string out = "<h2>" + esc(wt(lang, "trail.ncs")) + "</h2>";
    if (list.empty()) return out + "<p class=\"muted\">" + esc(wt(lang, "trail.no_ncs")) + "</p>";
    out += "<table><thead><tr>";
    for (const char* h : {"nc.code", "nc.severity", "nc.origin", "nc.detected", "nc.quantity",
                          "nc.status", "nc.raised_by", "nc.corrected_by", "nc.verified_by"})
        out += "<th>" + esc(wt(lang, h)) + "</th>";
    out += "</tr></thead><tbody>";
    for (const json& nc : list) {
        const std::string status = str(nc, "status");
        out += "<tr><td><b>" + esc(str(nc, "code")) + "</b><br>" +
               esc(nc_text(plant, str(nc, "code"), lang));
        if (!str(nc, "note").empty()) out += "<br><i>" + esc(str(nc, "note")) + "</i>";
        out += "</td><td>" + esc(wt(lang, "severity." + str(nc, "severity"))) + "</td><td>" +
               esc(stage_name(plant, str(nc, "origin_stage"), lang)) + "</td><td>" +
               esc(str(nc, "field_stage").empty()
                       ? stage_name(plant, str(nc, "detected_stage"), lang)
                       : wt(lang, "escapes.field_column") + ": " +
                             lifecycle_name(plant, str(nc, "field_stage"), lang)) +
               "</td><td class=\"num\">" + std::to_string(nc.value("quantity", 1)) +
               "</td><td class=\"" +
               (status == "open"       ? "bad"
                : status == "verified" ? "good"
                                       : "warn") +
               "\">" + esc(wt(lang, "nc.status." + status)) +
               (nc.value("blocking", false) ? " · " + esc(wt(lang, "nc.blocking")) : "") +
               "</td><td>" + signature(nc["raised_by"], plant.zone, lang) + "</td><td>" +
               signature(nc["corrected_by"], plant.zone, lang) + "</td><td>" +
               signature(nc["verified_by"], plant.zone, lang) + "</td></tr>";
    }
    return out + "</tbody></table>";
}

// The trail's events in the order of their act times (the corrected time when the terminal gave
// one), record order among equal times: the order the acts happened in, whatever the terminals'
// clocks said. The seq column keeps the record order visible.
std::vector<const json*> by_act_time(const json& t) {
    std::vector<const json*> list;  // into t: the events are not copied
    if (auto events = t.find("events"); events != t.end() && events->is_array())
        for (const json& e : *events) list.push_back(&e);
    std::stable_sort(list.begin(), list.end(), [](const json* a, const json* b) {
        return str(*a, "act_time") < str(*b, "act_time");
    });
    return list;
}

// Under the act time, the terminal's own clock when it was more than kClockWarningMs off.
std::string terminal_clock_note(const json& e, const TimeZone& zone, WebLang lang) {
    Result<Timestamp> act = parse_utc(str(e, "act_time"));
    Result<Timestamp> own = parse_utc(str(e["event"], "terminal_time"));
    if (!act || !own || std::llabs(own->ms - act->ms) <= kClockWarningMs) return "";
    return "<br><small class=\"warn\">" + esc(wt(lang, "event.terminal_clock")) + " " +
           esc(short_time(zone, str(e["event"], "terminal_time"))) + "</small>";
}

std::string events(const json& t, const Plant& plant, WebLang lang) {
    std::string out = "<h2>" + esc(wt(lang, "trail.events")) + "</h2><table><thead><tr>";
    for (const char* h : {"event.seq", "event.time", "event.meaning", "event.stage", "event.signer",
                          "event.station", "event.received", "event.hash"})
        out += "<th>" + esc(wt(lang, h)) + "</th>";
    out += "</tr></thead><tbody>";
    for (const json* row : by_act_time(t)) {
        const json& e = *row;
        const json& ev = e["event"];
        std::string signer = esc(str(ev, "actor"));
        if (e["signer"].is_object())
            signer = esc(str(e["signer"], "stamp")) + " " + esc(str(e["signer"], "holder"));
        const std::string stage = str(ev, "stage");
        out += "<tr><td class=\"num\">" + std::to_string(e.value("seq", 0)) +
               "</td><td class=\"t\">" + esc(short_time(plant.zone, str(e, "act_time"))) +
               terminal_clock_note(e, plant.zone, lang) + "</td><td>" +
               esc(wt(lang, "event.kind." + str(ev, "type"))) + "</td><td>" +
               esc(stage.empty() ? "" : stage_name(plant, stage, lang)) + "</td><td>" + signer +
               "</td><td class=\"t\">" + esc(str(ev, "station")) + "</td><td class=\"t\">" +
               esc(short_time(plant.zone, str(e, "received_at"))) + "</td><td><code title=\"" +
               esc(str(e, "hash")) + "\">" + esc(str(e, "hash").substr(0, 12)) +
               "…</code></td></tr>";
    }
    return out + "</tbody></table>";
}

std::string audits(const json& t, const Plant& plant, WebLang lang) {
    if (!t.contains("audits")) return "";
    std::string out = "<h2>" + esc(wt(lang, "audit.title")) + "</h2>";
    const json& list = t["audits"];
    if (list.empty()) return out + "<p class=\"muted\">" + esc(wt(lang, "audit.none")) + "</p>";
    out += "<table><thead><tr><th>" + esc(wt(lang, "event.time")) + "</th><th>" +
           esc(wt(lang, "audit.result")) + "</th><th>" + esc(wt(lang, "audit.text")) + "</th><th>" +
           esc(wt(lang, "audit.by")) + "</th></tr></thead><tbody>";
    for (const json& a : list) {
        const std::string result = str(a, "result");
        out += "<tr><td>" + esc(short_time(plant.zone, str(a, "recorded_at"))) +
               "</td><td class=\"" + (result == "pass" ? "good" : "bad") + "\">" +
               esc(wt(lang, "audit.result." + result)) + "</td><td>" + esc(str(a, "text")) +
               "</td><td>" + esc(str(a, "actor")) + "</td></tr>";
    }
    return out + "</tbody></table>";
}

}  // namespace

std::string stage_name(const Plant& plant, std::string_view code, WebLang lang) {
    const Stage* s = plant.stage(code);
    if (!s) return std::string(code);
    return lang == WebLang::Ru ? s->name.ru : s->name.en;
}

std::string lifecycle_name(const Plant& plant, std::string_view code, WebLang lang) {
    const LifecycleStage* s = plant.lifecycle_stage(code);
    if (!s) return std::string(code);
    return lang == WebLang::Ru ? s->name.ru : s->name.en;
}

std::string nc_text(const Plant& plant, std::string_view code, WebLang lang) {
    const NcCode* c = plant.nc_code(code);
    if (!c) return "";
    return lang == WebLang::Ru ? c->text.ru : c->text.en;
}

std::string trail_page_body(const json& trail, const Plant& plant, WebLang lang,
                            std::string_view csrf) {
    const std::string serial = url_component(str(trail, "serial"));
    return summary(trail, plant, lang) + "<p class=\"muted\">" +
           esc(wt(lang, "common.times_in_zone")) + " " + esc(plant.zone.name()) + "</p>" +
           route(trail, plant, lang) + ncs(trail, plant, lang) + events(trail, plant, lang) +
           csv_link(lang, "/ui/units/" + esc(serial) + "/trail.csv") + audits(trail, plant, lang) +
           audit_form(lang, csrf, str(trail, "serial"), {});
}

std::string trail_csv(const json& trail) {
    // The NC columns are empty for other events; `found`: where the NC was found (empty for NCs
    // of the first release, read as found during the work).
    Csv csv{"seq",   "act_time", "terminal_time", "type",         "stage",
            "stamp", "holder",   "actor",         "station",      "received_at",
            "hash",  "event_id", "nc_code",       "origin_stage", "found"};
    for (const json* row : by_act_time(trail)) {
        const json& e = *row;
        const json& ev = e["event"];
        const json signer = e["signer"].is_object() ? e["signer"] : json::object();
        csv.num(e.value("seq", 0)).text(str(e, "act_time")).text(str(ev, "terminal_time"));
        csv.text(str(ev, "type"));
        csv.text(str(ev, "stage")).text(str(signer, "stamp")).text(str(signer, "holder"));
        csv.text(str(ev, "actor")).text(str(ev, "station")).text(str(e, "received_at"));
        csv.text(str(e, "hash")).text(str(ev, "id"));
        const bool nc = str(ev, "type") == "nc_raised";
        csv.text(nc ? str(ev, "code") : "").text(nc ? str(ev, "origin_stage") : "");
        csv.text(nc ? str(ev, "found") : "").end_row();
    }
    return csv.str();
}

}  // namespace stampline::server::web
