// Signed in, no unit yet: "scan the identification sheet". The worker can sign out (F4) or
// look at the attention list from the status bar.
#include "terminal/ui/views.h"
#include "terminal/ui/widgets.h"

namespace stampline::terminal::ui {

void draw_sheet_prompt_view(const AppState& s, UiFrame& f, Rect area) {
    Rect bottom = bottom_bar(area);
    ButtonOptions out;
    out.hotkey = Hotkey::F4;
    if (button(f, "ui.sign_out", f.t("ui.sign_out"), bottom.take_right(300), out))
        f.emit(SignOut{});

    if (s.session) {
        const std::string hello = tr(f.lang, Message{"ui.sheet.hello", {s.session->holder}});
        Rect who = area.take_top(text_height(f.fonts->heading, hello, area.w, 2) + 8, size::kGap);
        draw_text(f.fonts->heading, who.min(), who.w, hello, color::kText, 2);
    }
    draw_scan_error(s, f, area);
    const std::string_view title = f.t("ui.sheet.scan_sheet");
    const std::string_view hint = f.t("ui.sheet.scan_sheet_hint");
    const float th = text_height(f.fonts->title, title, area.w, 2);
    const float hh = text_height(f.fonts->body, hint, area.w, 3);
    const float y = area.y + std::max(0.0f, (area.h - th - hh - 16) / 2);
    draw_text(f.fonts->title, ImVec2(area.x, y), area.w, title, color::kPrimary, 2, Align::Center);
    draw_text(f.fonts->body, ImVec2(area.x, y + th + 16), area.w, hint, color::kTextMuted, 3,
              Align::Center);
}

}  // namespace stampline::terminal::ui
