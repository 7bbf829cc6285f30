#include "server/web/html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "shared/utf8_text.h"

namespace stampline::server::web {

std::string esc(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto put = [&out](char c) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n' || c == '\r') {
            put(text[i++]);
            continue;
        }
        // Anything else as visible_text shows it: control and format characters (a bidirectional
        // override would turn the rest of the line around) as "<U+202E>", Cyrillic as is.
        const std::size_t n = code_point_length(text, i);
        for (char v : visible_text(text.substr(i, n))) put(v);
        i += n;
    }
    return out;
}

std::string url_component(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

namespace {

// Screen: large, high-contrast controls. Print: A4 landscape, no navigation or forms, tables
// kept whole where they fit, charts in black and grey.
constexpr const char* kStyle = R"(
:root{--ink:#1a1a1a;--muted:#5a5a5a;--line:#c8c8c8;--accent:#0b5cad;--bad:#b3261e;--good:#1e7a34;--warn:#9a6700}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Arial,sans-serif;color:var(--ink);margin:0;font-size:16px;line-height:1.4}
header{background:#1f2a36;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;align-items:center;gap:8px}
header .brand{font-weight:bold;margin-right:16px}
header nav a{color:#fff;text-decoration:none;padding:10px 12px;display:inline-block;min-height:44px;border-radius:4px}
header nav a.active,header nav a:hover{background:#3a4b5e}
header .right{margin-left:auto;display:flex;gap:8px;align-items:center}
header .right a{color:#fff}
main{padding:16px 24px;max-width:1400px}
h1{font-size:26px;margin:8px 0 16px}
h2{font-size:20px;margin:24px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0 16px;min-width:50%}
th,td{border:1px solid var(--line);padding:6px 10px;text-align:left;vertical-align:top}
th{background:#eef2f6}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:var(--muted)}
.chain-head code{word-break:break-all}
.bad{color:var(--bad);font-weight:bold}
.good{color:var(--good);font-weight:bold}
.warn{color:var(--warn);font-weight:bold}
.banner{border-left:6px solid var(--bad);background:#fbeeed;padding:10px 14px;margin:12px 0}
.note{border-left:6px solid var(--accent);background:#eef4fb;padding:10px 14px;margin:12px 0}
.error{border-left:6px solid var(--bad);background:#fbeeed;padding:10px 14px;margin:12px 0;font-weight:bold}
form.inline{display:inline}
form.box{border:1px solid var(--line);padding:12px 16px;margin:12px 0;max-width:900px}
form.box label{display:block;margin:8px 0 4px;font-weight:bold}
input,select,textarea,button{font-size:16px;font-family:inherit}
input[type=text],input[type=search],input[type=date],input[type=month],input[type=password],select,textarea{min-height:44px;padding:6px 8px;border:1px solid #888;border-radius:4px}
textarea{width:100%;min-height:80px}
button,.button{min-height:44px;min-width:44px;padding:8px 16px;border:0;border-radius:4px;background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#5a6b7d}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end;margin:8px 0 16px}
.filters label{display:flex;flex-direction:column;font-size:14px;color:var(--muted)}
.filters select{max-width:300px}
.route{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0 16px}
.route .st{border:2px solid var(--line);border-radius:6px;padding:6px 10px;flex:0 0 260px}
td.t{white-space:nowrap}
table.compact{font-size:14px}
table.compact th,table.compact td{padding:4px 6px}
.route .done{border-color:var(--good)}
.route .current{border-color:var(--accent);background:#eef4fb}
.route .pending{color:var(--muted)}
svg{max-width:100%;height:auto}
svg text{font-family:"DejaVu Sans",Arial,sans-serif}
.heat td.num{min-width:48px}
.charts{display:flex;flex-wrap:wrap;gap:24px}
.charts figure{margin:0}
.charts figcaption{font-weight:bold;margin-bottom:4px}
.csv{font-size:14px;margin-left:12px}
@media print{
  @page{size:A4 landscape;margin:12mm}
  header,form,.noprint,.csv{display:none!important}
  main{padding:0;max-width:none}
  body{font-size:11pt}
  h2{break-after:avoid}
  table,svg,.banner{break-inside:avoid}
  a{color:inherit;text-decoration:none}
}
)";

struct NavLink {
    NavItem item;
    const char* href;
    const char* key;
};
constexpr NavLink kNav[] = {
    {NavItem::Search, "/ui/", "nav.search"},
    {NavItem::Pareto, "/ui/pareto", "nav.pareto"},
    {NavItem::Bottleneck, "/ui/bottleneck", "nav.bottleneck"},
    {NavItem::Review, "/ui/review", "nav.review"},
    {NavItem::Stamps, "/ui/stamps", "nav.stamps"},
    {NavItem::Actions, "/ui/corrective-actions", "nav.actions"},
    {NavItem::Quarantine, "/ui/quarantine", "nav.quarantine"},
    {NavItem::Terminals, "/ui/terminals", "nav.terminals"},
    {NavItem::Complaints, "/ui/complaints", "nav.complaints"},
    {NavItem::Group, "/ui/group", "nav.group"},
};

// The page's own URL with lang=code instead of any lang it had.
std::string with_lang(std::string_view self, const char* code) {
    std::string path(self);
    std::string query;
    if (auto q = path.find('?'); q != std::string::npos) {
        query = path.substr(q + 1);
        path.resize(q);
    }
    std::string kept;
    std::size_t start = 0;
    while (start <= query.size() && !query.empty()) {
        std::size_t end = query.find('&', start);
        if (end == std::string::npos) end = query.size();
        std::string_view part = std::string_view(query).substr(start, end - start);
        if (!part.empty() && part.substr(0, 5) != "lang=") {
            kept += kept.empty() ? "" : "&";
            kept += part;
        }
        start = end + 1;
    }
    return path + "?" + (kept.empty() ? "" : kept + "&") + "lang=" + code;
}

}  // namespace

std::string html_page(const PageFrame& f, std::string_view body) {
    std::string out;
    out.reserve(body.size() + 8192);
    out += "<!DOCTYPE html>\n<html lang=\"";
    out += web_lang_code(f.lang);
    out +=
        "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
        "content=\"width=device-width, initial-scale=1\"><title>";
    out += esc(f.title);
    out += " — Stampline</title><style>";
    out += kStyle;
    out += "</style></head><body><header><span class=\"brand\">Stampline</span>";
    if (!f.user.empty()) {
        out += "<nav>";
        for (const NavLink& n : kNav) {
            if (!f.nav.empty() && std::find(f.nav.begin(), f.nav.end(), n.item) == f.nav.end())
                continue;
            if (n.item == NavItem::Group && !f.group_link) continue;
            out += "<a href=\"";
            out += n.href;
            out += n.item == f.active ? "\" class=\"active\">" : "\">";
            out += esc(wt(f.lang, n.key));
            out += "</a>";
        }
        out += "</nav>";
    }
    out += "<span class=\"right\">";
    if (!f.self_path.empty()) {
        out += f.lang == WebLang::Ru
                   ? "<b>RU</b> <a href=\"" + esc(with_lang(f.self_path, "en")) + "\">EN</a>"
                   : "<a href=\"" + esc(with_lang(f.self_path, "ru")) + "\">RU</a> <b>EN</b>";
    }
    if (!f.user.empty()) out += " <span>" + esc(f.user) + "</span>";
    if (!f.csrf.empty()) {
        out += "<form class=\"inline\" method=\"post\" action=\"/ui/logout\">" +
               csrf_field(f.csrf) + "<button class=\"secondary\" type=\"submit\">" +
               esc(wt(f.lang, "nav.sign_out")) + "</button></form>";
    }
    out += "</span></header><main><h1>";
    out += esc(f.title);
    out += "</h1>\n";
    out += body;
    out += "\n</main></body></html>\n";
    return out;
}

std::string th(WebLang lang, const char* key, bool num) {
    return std::string(num ? "<th class=\"num\">" : "<th>") + esc(wt(lang, key)) + "</th>";
}

std::string td(const std::string& html, const char* cls) {
    return cls ? "<td class=\"" + std::string(cls) + "\">" + html + "</td>"
               : "<td>" + html + "</td>";
}

std::string td_num(const std::string& text) {
    return td(text, "num");
}
std::string td_num(int v) {
    return td_num(std::to_string(v));
}

std::string csrf_field(std::string_view csrf) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) + "\">";
}

std::string csv_link(WebLang lang, std::string_view href) {
    return "<a class=\"csv\" href=\"" + std::string(href) + "\" download>" +
           esc(wt(lang, "common.download_csv")) + "</a>";
}

std::string fmt_number(double v, int decimals) {
    if (!std::isfinite(v)) return "—";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string money(std::int64_t cents, WebLang lang) {
    const bool negative = cents < 0;
    const std::uint64_t abs =
        negative ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
    std::string whole = std::to_string(abs / 100);
    const char* group = lang == WebLang::Ru ? " " : ",";
    for (int at = static_cast<int>(whole.size()) - 3; at > 0; at -= 3)
        whole.insert(static_cast<std::size_t>(at), group);
    const std::uint64_t kop = abs % 100;
    return (negative ? "-" : "") + whole + (lang == WebLang::Ru ? "," : ".") +
           (kop < 10 ? "0" : "") + std::to_string(kop) + " ₽";
}

std::string fmt_percent(double share) {
    if (!std::isfinite(share)) return "—";
    return fmt_number(share * 100.0, 1) + " %";
}

std::string fmt_duration(WebLang lang, double seconds) {
    const bool ru = lang == WebLang::Ru;
    if (!std::isfinite(seconds) || seconds < 0) return "—";
    const long long s = std::llround(seconds);
    if (s < 60) return std::to_string(s) + (ru ? " с" : " s");
    const long long minutes = s / 60;
    if (minutes < 60) return std::to_string(minutes) + (ru ? " мин" : " min");
    const long long hours = minutes / 60;
    if (hours < 48)
        return std::to_string(hours) + (ru ? " ч " : " h ") + std::to_string(minutes % 60) +
               (ru ? " мин" : " min");
    return std::to_string(hours / 24) + (ru ? " сут " : " d ") + std::to_string(hours % 24) +
           (ru ? " ч" : " h");
}

}  // namespace stampline::server::web
