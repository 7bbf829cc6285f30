// Idle: nobody signed in. The station, its stages, the clock, and the one thing to do: scan the
// personal stamp badge. A refused badge or scan is quoted in red; without reference data (never
// reached the server, nothing cached) signing in cannot work, and the screen says why.
#include "terminal/ui/plant_text.h"
#include "terminal/ui/views.h"
#include "terminal/ui/widgets.h"

namespace stampline::terminal::ui {

void draw_idle_view(const AppState& s, UiFrame& f, Rect area) {
    Rect bottom = bottom_bar(area);
    ButtonOptions lang;
    const bool ru = s.settings.language == Language::Ru;
    if (button(f, "ui.idle.language", f.t("ui.idle.language"), bottom.take_right(260), lang))
        f.emit(SetLanguage{ru ? Language::En : Language::Ru});

    // The station and the clock.
    Rect top = area.take_top(150, size::kGap * 2);
    panel(top);
    Rect inner = top.inset(20, 14);
    Rect clock = inner.take_right(300, 20);
    draw_text(f.fonts->huge, clock.min(), clock.w, local_time(s, s.now), color::kText, 1,
              Align::Right);
    draw_text(f.fonts->body, ImVec2(clock.x, clock.y + f.fonts->huge->FontSize), clock.w,
              local_date(s, s.now), color::kTextMuted, 1, Align::Right);
    float y = inner.y;
    y += draw_text(f.fonts->heading, ImVec2(inner.x, y), inner.w, station_name(s), color::kText, 2);
    const std::string stages = station_stages(s);
    if (!stages.empty())
        draw_text(f.fonts->body, ImVec2(inner.x, y + 4), inner.w,
                  tr(f.lang, Message{"ui.idle.stages", {stages}}), color::kTextMuted, 2);

    // The prompt, or why signing in cannot work yet.
    if (!s.reference) {
        area.take_top(banner(f, area, color::kWarningLight, color::kText,
                             f.t("ui.idle.no_reference_title"), f.t("ui.idle.no_reference")),
                      size::kGap);
    }
    draw_scan_error(s, f, area);
    const Rect prompt = area;
    const float th = text_height(f.fonts->title, f.t("ui.idle.scan_badge"), prompt.w, 2);
    const float bh = text_height(f.fonts->body, f.t("ui.idle.scan_badge_hint"), prompt.w, 2);
    const float top_y = prompt.y + std::max(0.0f, (prompt.h - th - bh - 16) / 2);
    draw_text(f.fonts->title, ImVec2(prompt.x, top_y), prompt.w, f.t("ui.idle.scan_badge"),
              color::kPrimary, 2, Align::Center);
    draw_text(f.fonts->body, ImVec2(prompt.x, top_y + th + 16), prompt.w,
              f.t("ui.idle.scan_badge_hint"), color::kTextMuted, 2, Align::Center);
}

}  // namespace stampline::terminal::ui
