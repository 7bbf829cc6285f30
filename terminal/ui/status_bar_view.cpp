// The status bar on every screen: the station and its stages, the signed-in worker, the scanner,
// the link to the server (online, outbox depth, last sync, a progress bar while a backlog
// drains) and the attention count (tap: the Attention list).
#include <cstdlib>
#include <string>

#include "terminal/ui/plant_text.h"
#include "terminal/ui/views.h"
#include "terminal/ui/widgets.h"

namespace stampline::terminal::ui {

namespace {

constexpr ImU32 kOnline = color::rgb(0x4C, 0xC3, 0x6A);
constexpr ImU32 kOffline = color::rgb(0xFF, 0x6B, 0x5E);
constexpr ImU32 kMutedOnDark = color::rgb(0xC8, 0xD1, 0xDB);
constexpr ImU32 kWarning = color::rgb(0xFF, 0xC1, 0x3B);

// Two lines (bold, then small) in r, left-aligned; a coloured dot before the first when dot != 0.
void two_lines(UiFrame& f, Rect r, const std::string& first, const std::string& second,
               ImU32 dot = 0) {
    if (dot) {
        const Rect d = r.take_left(22);
        ImGui::GetWindowDrawList()->AddCircleFilled(
            ImVec2(d.x + 9, r.y + 6 + f.fonts->bold->FontSize / 2), 9, dot);
    }
    draw_text(f.fonts->bold, ImVec2(r.x, r.y + 6), r.w, fit_line(f.fonts->bold, first, r.w),
              color::kTextOnDark, 1);
    draw_text(f.fonts->small, ImVec2(r.x, r.y + 8 + f.fonts->bold->FontSize), r.w,
              fit_line(f.fonts->small, second, r.w), kMutedOnDark, 1);
}

std::string with_count(UiFrame& f, const char* key, int n) {
    return tr(f.lang, Message{key, {std::to_string(n)}});
}

}  // namespace

void draw_status_bar(const AppState& s, UiFrame& f, const Rect& bar) {
    fill(bar, color::kStatusBar);
    Rect r = bar.inset(16, 0);

    // Right to left: attention, server link, scanner; the station and the worker take the rest.
    const int attention = static_cast<int>(s.attention.size());
    ButtonOptions att;
    att.tone = attention > 0 ? Tone::Warning : Tone::Neutral;
    att.font = attention > 0 ? f.fonts->bold : f.fonts->body;
    const Rect att_r = r.take_right(190, 16).inset(0, 5);
    if (button(f, "ui.status.attention", with_count(f, "ui.status.attention", attention), att_r,
               att))
        f.emit(ShowAttention{});

    const SyncState& sync = s.sync;
    std::string link_detail = with_count(f, "ui.status.outbox", sync.outbox_depth);
    if (sync.last_sync)
        link_detail +=
            " · " + tr(f.lang, Message{"ui.status.last_sync", {short_when(s, *sync.last_sync)}});
    // Wider while it names a problem to fix (the server's certificate refused), so it reads whole.
    const bool problem = !sync.online && !sync.link_problem.empty();
    Rect link_r = r.take_right(problem ? 390 : 300, 16);
    const bool draining = sync.online && sync.backlog_total > 0;
    if (draining) {
        link_detail =
            tr(f.lang,
               Message{"ui.status.sending",
                       {std::to_string(sync.backlog_sent), std::to_string(sync.backlog_total)}});
        const Rect track{link_r.x, link_r.bottom() - 10, link_r.w, 6};
        fill(track, color::rgb(0x44, 0x52, 0x60), 3);
        const float done = std::min(
            1.0f, static_cast<float>(sync.backlog_sent) / static_cast<float>(sync.backlog_total));
        fill(Rect{track.x, track.y, track.w * done, track.h}, kOnline, 3);
    }
    ImU32 link_dot = sync.online ? kOnline : kOffline;
    if (problem) link_detail = std::string(f.t(sync.link_problem));
    if (sync.clock_offset_ms && std::llabs(*sync.clock_offset_ms) > kClockWarningMs) {
        // The terminal's clock is off the server's: its acts may be quarantined; say so.
        const std::int64_t minutes = (std::llabs(*sync.clock_offset_ms) + 30'000) / 60'000;
        link_detail = tr(f.lang, Message{*sync.clock_offset_ms > 0 ? "ui.status.clock_ahead"
                                                                   : "ui.status.clock_behind",
                                         {std::to_string(minutes)}});
        link_dot = kWarning;
    }
    two_lines(f, link_r, std::string(f.t(sync.online ? "ui.status.online" : "ui.status.offline")),
              link_detail, link_dot);

    // Ready or not, and how its keys arrive ("X11": timed by the X server; "evdev": read from
    // the device itself; a USB scanner's name).
    const Rect scan_r = r.take_right(170, 16);
    std::string ready(
        f.t(s.scanner_connected ? "ui.status.scanner_ready" : "ui.status.scanner_none"));
    if (s.scanner_connected && !s.scanner_detail.empty()) ready += " · " + s.scanner_detail;
    two_lines(f, scan_r, std::string(f.t("ui.status.scanner")), ready,
              s.scanner_connected ? kOnline : kOffline);

    if (s.session) {
        const Rect worker_r = r.take_right(std::min(230.0f, r.w * 0.6f), 16);
        two_lines(f, worker_r, short_name(s.session->holder),
                  tr(f.lang, Message{"ui.status.stamp", {s.session->stamp}}));
    }
    // The stage(s) in bold: what a worker looks for; the station's full name below.
    const std::string stages = station_stages(s);
    two_lines(f, r, stages.empty() ? s.settings.station : stages, station_name(s));
}

}  // namespace stampline::terminal::ui
