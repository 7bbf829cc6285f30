// Sign-off: the worker confirms the stage's operations are done and signs with the personal
// stamp; the screen states what the signature means and who signs. With pin_on_sign_off the PIN
// is asked again on a pad (its OK key signs).
#include <string>
#include <vector>

#include "shared/pin_hash.h"
#include "terminal/ui/pin_pad.h"
#include "terminal/ui/plant_text.h"
#include "terminal/ui/views.h"
#include "terminal/ui/widgets.h"

namespace stampline::terminal::ui {

void draw_sign_off_view(const AppState& s, UiFrame& f, Rect area) {
    if (!s.card || !s.session) return;
    const UnitCard& card = *s.card;
    const bool with_pin = s.settings.pin_on_sign_off;

    Rect bottom = bottom_bar(area);
    ButtonOptions back;
    back.hotkey = Hotkey::Escape;
    if (button(f, "ui.back", f.t("ui.back"), bottom.take_left(220, size::kGap), back))
        f.emit(Back{});
    if (with_pin) {
        Rect pad = area.take_right(460, size::kMargin * 2);
        pin_pad(f, pad, !s.sign_off_checking, f.t("ui.sign_off.sign_short"));
    } else {
        ButtonOptions sign;
        sign.hotkey = Hotkey::Enter;
        sign.tone = Tone::Success;
        sign.font = f.fonts->bold;
        if (button(f, "ui.sign_off.sign", f.t("ui.sign_off.sign"), bottom.take_right(520), sign))
            f.emit(ConfirmSignOff{});
    }

    screen_title(f, area,
                 tr(f.lang, Message{"ui.sign_off.title", {stage_short_name(s, card.stage)}}));
    // What is signed, by whom, when: measured first, then drawn in a panel that fits it.
    struct Line {
        ImFont* font;
        std::string text;
        ImU32 color;
    };
    const std::vector<Line> lines = {
        {f.fonts->small, std::string(f.t("ui.sign_off.unit")), color::kTextMuted},
        {f.fonts->heading,
         tr(f.lang, Message{"ui.card.serial", {card.sheet.serial}}) + " · " +
             product_name(s, card.sheet.product_type),
         color::kText},
        {f.fonts->small, std::string(f.t("ui.sign_off.signer")), color::kTextMuted},
        {f.fonts->bold,
         s.session->holder + " · " + tr(f.lang, Message{"ui.sign_off.stamp", {s.session->stamp}}),
         color::kText},
        {f.fonts->body, local_date(s, s.now) + " " + local_time(s, s.now), color::kText},
    };
    const float pad = 16, inner_w = area.w - 2 * pad;
    float panel_h = 2 * pad;
    for (const Line& l : lines) panel_h += text_height(l.font, l.text, inner_w, 2) + 6;
    const Rect info = area.take_top(panel_h, size::kGap * 2);
    panel(info);
    Rect in = info.inset(pad, pad);
    for (const Line& l : lines)
        in.take_top(draw_text(l.font, in.min(), in.w, l.text, l.color, 2), 6);

    const std::string meaning =
        tr(f.lang, Message{"ui.sign_off.meaning", {stage_name(s, card.stage)}});
    area.take_top(draw_text(f.fonts->body, area.min(), area.w, meaning, color::kText, 5),
                  size::kGap);
    if (with_pin) {
        const std::string_view prompt =
            f.t(s.sign_off_checking ? "ui.pin.checking" : "ui.sign_off.enter_pin");
        area.take_top(draw_text(f.fonts->bold, area.min(), area.w, prompt, color::kText, 2),
                      size::kGap);
        pin_dots(area.take_top(48, size::kGap),
                 s.sign_off_checking ? 0 : static_cast<int>(s.sign_off_pin.size()),
                 static_cast<int>(kPinMinDigits));
    }
    if (!s.form_error.empty()) {
        const std::string text = f.t(s.form_error);
        banner(f, area.take_top(banner_height(f, area.w, text, ""), size::kGap),
               color::kDangerLight, color::kDanger, text, "");
    }
}

}  // namespace stampline::terminal::ui
