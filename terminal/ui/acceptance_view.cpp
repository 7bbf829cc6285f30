// The control point: the receiving stage checks what the previous stage handed over, one row per
// checklist item with Yes / No. Recording it (Enter) needs every row answered; a "No" records
// the acceptance as failed and opens the NC form for it.
#include <algorithm>

#include "terminal/ui/plant_text.h"
#include "terminal/ui/views.h"
#include "terminal/ui/widgets.h"

namespace stampline::terminal::ui {

void draw_acceptance_view(const AppState& s, UiFrame& f, Rect area) {
    if (!s.acceptance || !s.card) return;
    const AcceptanceForm& form = *s.acceptance;
    const bool all_answered = std::all_of(form.rows.begin(), form.rows.end(),
                                          [](const CheckRow& r) { return r.pass.has_value(); });
    const bool any_failed = std::any_of(form.rows.begin(), form.rows.end(),
                                        [](const CheckRow& r) { return r.pass == false; });

    Rect bottom = bottom_bar(area);
    ButtonOptions back;
    back.hotkey = Hotkey::Escape;
    if (button(f, "ui.back", f.t("ui.back"), bottom.take_left(220, size::kGap), back))
        f.emit(Back{});
    ButtonOptions submit;
    submit.hotkey = Hotkey::Enter;
    submit.tone = any_failed ? Tone::Danger : Tone::Success;
    submit.enabled = all_answered;
    if (button(f, "ui.acceptance.submit",
               f.t(any_failed ? "ui.acceptance.submit_failed" : "ui.acceptance.submit"),
               bottom.take_right(440), submit))
        f.emit(SubmitAcceptance{});
    if (!all_answered)
        draw_text_in(f.fonts->body, bottom.inset(12, 0), f.t("ui.acceptance.answer_all"),
                     color::kTextMuted, Align::Right, 2);

    screen_title(f, area,
                 tr(f.lang, Message{"ui.acceptance.title",
                                    {stage_short_name(s, form.from_stage),
                                     stage_short_name(s, s.card->stage)}}));
    const Rect sub = area.take_top(f.fonts->body->FontSize, size::kGap);
    draw_text(f.fonts->body, sub.min(), sub.w,
              fit_line(f.fonts->body,
                       tr(f.lang, Message{"ui.acceptance.subtitle",
                                          {s.card->sheet.serial, stage_name(s, form.from_stage)}}),
                       sub.w),
              color::kTextMuted, 1);
    if (!s.form_error.empty()) {
        const std::string text = f.t(s.form_error);
        banner(f, area.take_top(banner_height(f, area.w, text, ""), size::kGap),
               color::kDangerLight, color::kDanger, text, "");
    }

    const float gap = 8;
    const float row_h =
        std::clamp((area.h - gap * static_cast<float>(form.rows.size())) /
                       static_cast<float>(std::max<std::size_t>(1, form.rows.size())),
                   64.0f, 96.0f);
    for (std::size_t i = 0; i < form.rows.size(); ++i) {
        if (area.h < row_h) break;
        const CheckRow& row = form.rows[i];
        Rect r = area.take_top(row_h, gap);
        const ImU32 bg = !row.pass   ? color::kPanel
                         : *row.pass ? color::kSuccessLight
                                     : color::kDangerLight;
        panel(r, bg);
        Rect in = r.inset(12, 6);
        const std::string n = std::to_string(i);
        ButtonOptions no;
        no.tone = row.pass == false ? Tone::Danger : Tone::Neutral;
        if (button(f, "check." + n + ".no", f.t("ui.acceptance.no"), in.take_right(150, gap), no))
            f.emit(SetCheck{i, false});
        ButtonOptions yes;
        yes.tone = row.pass == true ? Tone::Success : Tone::Neutral;
        if (button(f, "check." + n + ".yes", f.t("ui.acceptance.yes"), in.take_right(150, 20), yes))
            f.emit(SetCheck{i, true});
        draw_text_in(f.fonts->body, in,
                     std::to_string(i + 1) + ". " + row.item.text.in(f.lang_code()), color::kText,
                     Align::Left, 2);
    }
}

}  // namespace stampline::terminal::ui
