// Needs attention: acts this terminal recorded that the server refused. They are kept (nothing
// a worker signed is dropped) for an auditor to resolve; the worker sees what and why.
#include "terminal/ui/views.h"
#include "terminal/ui/widgets.h"

namespace stampline::terminal::ui {

void draw_attention_view(const AppState& s, UiFrame& f, Rect area) {
    Rect bottom = bottom_bar(area);
    ButtonOptions back;
    back.hotkey = Hotkey::Escape;
    back.tone = Tone::Primary;
    if (button(f, "ui.back", f.t("ui.back"), bottom.take_left(260), back) ||
        f.take_key(Hotkey::Enter))
        f.emit(Back{});

    screen_title(f, area, f.t("ui.attention.title"));
    const Rect sub = area.take_top(2 * f.fonts->body->FontSize, size::kGap);
    draw_text(f.fonts->body, sub.min(), sub.w, f.t("ui.attention.explain"), color::kTextMuted, 2);
    if (s.attention.empty()) {
        draw_text_in(f.fonts->heading, area, f.t("ui.attention.empty"), color::kTextMuted,
                     Align::Center, 2);
        return;
    }
    const float row_h = 104;
    for (std::size_t i = 0; i < s.attention.size(); ++i) {
        if (area.h < row_h) {
            draw_text(
                f.fonts->body, area.min(), area.w,
                tr(f.lang, Message{"ui.attention.more", {std::to_string(s.attention.size() - i)}}),
                color::kTextMuted, 1);
            break;
        }
        const AttentionItem& item = s.attention[i];
        const Rect row = area.take_top(row_h, 8);
        panel(row, color::kWarningLight, color::kWarning);
        Rect in = row.inset(16, 8);
        const std::string kind_key = "ui.event." + item.kind;
        const std::string first = tr(f.lang, Message{"ui.card.serial", {item.serial}}) + " · " +
                                  std::string(f.t(kind_key));
        float y = in.y;
        y += draw_text(f.fonts->bold, in.min(), in.w, fit_line(f.fonts->bold, first, in.w),
                       color::kText, 1);
        const std::string reason_key = "ui.refusal." + item.reason;
        const std::string reason =
            has_message(reason_key) ? std::string(f.t(reason_key)) : item.reason;
        y += draw_text(
            f.fonts->body, ImVec2(in.x, y + 2), in.w,
            fit_line(f.fonts->body, tr(f.lang, Message{"ui.attention.reason", {reason}}), in.w),
            color::kText, 1);
        // What to do, not the server's own (English, technical) words: those are the auditor's.
        const std::string_view next = next_step(f.lang, "refusal." + item.reason);
        if (!next.empty())
            draw_text(f.fonts->small, ImVec2(in.x, y + 4), in.w,
                      fit_line(f.fonts->small, "→ " + std::string(next), in.w), color::kTextMuted,
                      1);
    }
}

}  // namespace stampline::terminal::ui
