// The result of an act: a big green "recorded" (the event is durable in the outbox) or a red
// "refused" with the reason; blue "saving" for the moment between. It returns by itself after
// result_display_ms (reduce decides); Enter or the button returns at once.
#include <algorithm>

#include "terminal/ui/views.h"
#include "terminal/ui/widgets.h"

namespace stampline::terminal::ui {

void draw_result_view(const AppState& s, UiFrame& f, Rect area) {
    if (!s.result) return;
    const ResultState& r = *s.result;
    const ImU32 bg = r.saving ? color::kPrimary : r.recorded ? color::kSuccess : color::kDanger;
    const char* verdict = r.saving     ? "ui.result.saving"
                          : r.recorded ? "ui.result.recorded"
                                       : "ui.result.refused";

    Rect bottom = bottom_bar(area);
    ButtonOptions ok;
    ok.hotkey = Hotkey::Enter;
    ok.enabled = !r.saving;
    ok.tone = Tone::Primary;
    ok.font = f.fonts->heading;
    if (button(f, "ui.result.continue", f.t("ui.result.continue"), bottom.take_right(360), ok))
        f.emit(DismissResult{});

    fill(area, bg, size::kRounding * 2);
    // The verdict and the message, centred in the coloured area.
    const Rect in = area.inset(48, 36);
    const std::string mark = r.saving ? "…" : r.recorded ? "✓" : "✗";
    const std::string title = mark + " " + std::string(f.t(verdict));
    const std::string message = r.message.empty() ? "" : f.t(r.message);
    const std::string_view next = r.recorded ? "" : next_step(f.lang, r.message.key);
    const int max_lines = std::max(
        1, static_cast<int>((in.h - f.fonts->huge->FontSize - 28) / f.fonts->heading->FontSize));
    const float th = f.fonts->huge->FontSize;
    const float mh =
        message.empty() ? 0 : 28 + text_height(f.fonts->heading, message, in.w, max_lines);
    const float nh = next.empty() ? 0 : 20 + text_height(f.fonts->body, next, in.w, 3);
    const float y = in.y + std::max(0.0f, (in.h - th - mh - nh) / 2);
    draw_text(f.fonts->huge, ImVec2(in.x, y), in.w, title, color::kTextOnDark, 1, Align::Center);
    if (!message.empty())
        draw_text(f.fonts->heading, ImVec2(in.x, y + th + 28), in.w, message, color::kTextOnDark,
                  max_lines, Align::Center);
    if (!next.empty())
        draw_text(f.fonts->body, ImVec2(in.x, y + th + mh + 20), in.w, "→ " + std::string(next),
                  color::kTextOnDark, 3, Align::Center);
}

}  // namespace stampline::terminal::ui
