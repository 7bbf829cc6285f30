// Building the HTML of the web pages: escaping, the page frame (head, style with print rules,
// navigation, language switch), and small pieces every page uses. Pure: strings in, strings out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/web/web_text.h"

namespace stampline::server::web {

// Text for HTML content and double-quoted attribute values: & < > " ' escaped, and control and
// Unicode format characters (bidirectional overrides, zero-width) shown as "<U+202E>"
// (visible_text), so that no text on a page renders otherwise than it reads.
std::string esc(std::string_view text);
// A query-string component: everything but unreserved characters percent-encoded.
std::string url_component(std::string_view text);

enum class NavItem {
    None,
    Search,
    Pareto,
    Bottleneck,
    Review,
    Stamps,
    Actions,
    Quarantine,
    Terminals,
    Complaints,
    Group  // the head office's plants (shown only when PageFrame::group_link)
};

struct PageFrame {
    WebLang lang = WebLang::Ru;
    std::string title;  // shown in the tab and as the page heading
    NavItem active = NavItem::None;
    std::string self_path;     // the page's path and query, for the language links ("" = none)
    std::string csrf;          // the session's form token, for the sign-out form ("" = signed out)
    std::string user;          // who is signed in, e.g. "auditor t-3f9a2c"
    std::vector<NavItem> nav;  // the navigation links the user may follow; empty: all of them
    bool group_link = false;   // the server shows a head office group: link /ui/group
};

// A whole HTML document around `body`.
std::string html_page(const PageFrame& frame, std::string_view body);

// Table cells: a header with the text of `key` (right-aligned for numbers); a cell of html with
// an optional class; a right-aligned number cell.
std::string th(WebLang lang, const char* key, bool num = false);
std::string td(const std::string& html, const char* cls = nullptr);
std::string td_num(const std::string& text);
std::string td_num(int v);

// <input type=hidden name=csrf> for the session's forms.
std::string csrf_field(std::string_view csrf);
// A link to the CSV download of a table: `href` must already be a safe URL.
std::string csv_link(WebLang lang, std::string_view href);
// Numbers for tables: fixed decimals; a share 0..1 as "12.5 %".
std::string fmt_number(double v, int decimals = 0);
std::string fmt_percent(double share);  // share 0..1
// An amount of roubles from kopecks: "125 000,00 ₽" (ru), "125,000.00 ₽" (en).
std::string money(std::int64_t cents, WebLang lang);
// "3 h 20 min" / "3 ч 20 мин", "45 s" / "45 с".
std::string fmt_duration(WebLang lang, double seconds);

}  // namespace stampline::server::web
