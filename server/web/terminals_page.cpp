#include "server/web/terminals_page.h"

#include <cstdlib>

#include "server/web/html.h"

namespace stampline::server::web {

namespace {

// "+10 min 3 s", "−4 s", "0 s" (units in the page's language)
std::string duration_text(std::int64_t ms, bool sign, WebLang lang) {
    const std::int64_t s = (std::llabs(ms) + 500) / 1000;  // to the nearest second
    std::string out = sign ? (ms > 0 ? "+" : ms < 0 ? "−" : "") : "";
    if (s >= 3600) out += std::to_string(s / 3600) + " " + wt(lang, "unit.hours") + " ";
    if (s >= 60) out += std::to_string(s / 60 % 60) + " " + wt(lang, "unit.minutes") + " ";
    return out + std::to_string(s % 60) + " " + wt(lang, "unit.seconds");
}

}  // namespace

std::string terminals_body(std::span<const TerminalClock> terminals, WebLang lang) {
    std::string out = "<p class=\"muted\">" + esc(wt(lang, "terminals.hint")) + "</p>";
    if (terminals.empty())
        return out + "<p class=\"note\">" + esc(wt(lang, "terminals.none")) + "</p>";
    out += "<table><thead><tr>" + th(lang, "terminals.station") + th(lang, "terminals.offset") +
           th(lang, "terminals.last_contact") + th(lang, "terminals.outbox_age") +
           "</tr></thead><tbody>";
    for (const TerminalClock& t : terminals) {
        const bool drifts = std::llabs(t.offset_ms) > kClockWarningMs;
        std::string offset = esc(duration_text(t.offset_ms, true, lang));
        if (drifts) offset += " · " + esc(wt(lang, "terminals.drifts"));
        out += "<tr>" + td("<b>" + esc(t.station) + "</b>") + td(offset, drifts ? "bad" : nullptr) +
               td(esc(format_utc(t.last_contact).substr(0, 19).replace(10, 1, " ")) + " UTC") +
               td(esc(duration_text(t.outbox_age_ms, false, lang))) + "</tr>";
    }
    return out + "</tbody></table>";
}

}  // namespace stampline::server::web
