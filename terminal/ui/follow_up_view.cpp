// Following up a nonconformance: the correction of an open one, or the verification of a
// corrected one (by someone other than its corrector). The NC is summarised on top, the note is
// typed on the on-screen keyboard below; Enter records it.
#include "terminal/ui/on_screen_keyboard.h"
#include "terminal/ui/plant_text.h"
#include "terminal/ui/views.h"
#include "terminal/ui/widgets.h"

namespace stampline::terminal::ui {

void draw_follow_up_view(const AppState& s, UiFrame& f, Rect area) {
    if (!s.follow_up || !s.card) return;
    const NcFollowUpForm& form = *s.follow_up;
    const NcState* nc = s.card->unit.nc(form.nc);

    Rect bottom = bottom_bar(area);
    ButtonOptions back;
    back.hotkey = Hotkey::Escape;
    if (button(f, "ui.back", f.t("ui.back"), bottom.take_left(220, size::kGap), back))
        f.emit(Back{});
    ButtonOptions submit;
    submit.hotkey = Hotkey::Enter;
    submit.tone = Tone::Success;
    if (button(
            f, "ui.follow_up.submit",
            f.t(form.verification ? "ui.follow_up.submit_verify" : "ui.follow_up.submit_correct"),
            bottom.take_right(480), submit))
        f.emit(SubmitFollowUp{});

    screen_title(
        f, area,
        f.t(form.verification ? "ui.follow_up.title_verify" : "ui.follow_up.title_correct"));
    if (nc) {
        Rect info = area.take_top(112, size::kGap);
        panel(info);
        Rect in = info.inset(16, 8);
        float y = in.y;
        y += draw_text(f.fonts->bold, in.min(), in.w,
                       fit_line(f.fonts->bold,
                                nc->raised.code + " — " + nc_code_text(s, nc->raised.code), in.w),
                       color::kText, 1);
        const std::string raised =
            tr(f.lang, Message{"ui.follow_up.raised",
                               {nc->raised_by.stamp, short_when(s, nc->raised_by.at),
                                stage_short_name(s, nc->detected_stage),
                                stage_short_name(s, nc->raised.origin_stage)}});
        y += draw_text(f.fonts->compact, ImVec2(in.x, y + 4), in.w,
                       fit_line(f.fonts->compact, raised, in.w), color::kTextMuted, 1) +
             4;
        std::string last = nc->raised.note.empty()
                               ? ""
                               : tr(f.lang, Message{"ui.follow_up.note", {nc->raised.note}});
        if (form.verification)
            last =
                tr(f.lang, Message{"ui.follow_up.corrected",
                                   {nc->corrected_by.stamp, short_when(s, nc->corrected_by.at)}});
        if (!last.empty())
            draw_text(f.fonts->compact, ImVec2(in.x, y + 2), in.w,
                      fit_line(f.fonts->compact, last, in.w), color::kText, 1);
    }
    if (!s.form_error.empty()) {
        const std::string text = f.t(s.form_error);
        banner(f, area.take_top(banner_height(f, area.w, text, ""), size::kGap),
               color::kDangerLight, color::kDanger, text, "");
    }
    note_box(f, area.take_top(2 * f.fonts->body->FontSize + 18, size::kGap), form.note,
             f.t(form.verification ? "ui.follow_up.note_verify" : "ui.follow_up.note_correct"));
    on_screen_keyboard(f, area);
}

}  // namespace stampline::terminal::ui
