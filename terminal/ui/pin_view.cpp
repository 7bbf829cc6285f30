// PIN: the badge was read; the worker types the PIN on the pad (or the keyboard's digits). The
// digits are never shown, only counted as dots. While the PIN is checked the pad is locked.
#include "shared/pin_hash.h"
#include "terminal/ui/pin_pad.h"
#include "terminal/ui/views.h"
#include "terminal/ui/widgets.h"

namespace stampline::terminal::ui {

void draw_pin_view(const AppState& s, UiFrame& f, Rect area) {
    if (!s.pin) return;
    const PinEntry& pin = *s.pin;
    Rect pad = area.take_right(540, size::kMargin * 2);
    pin_pad(f, pad, !pin.checking, f.t("ui.pin.ok"));

    Rect bottom = bottom_bar(area);
    ButtonOptions cancel;
    cancel.hotkey = Hotkey::Escape;
    if (button(f, "ui.pin.cancel", f.t("ui.pin.cancel"), bottom.take_left(280), cancel))
        f.emit(PinCancel{});

    // The holder's name whole: in the title font when it fits one line, else in the heading
    // font on up to two lines (a long name is never cut).
    const float name_w = area.w - 40;
    ImFont* name_font = f.fonts->title;
    if (!fits(name_font, pin.holder, name_w, 1)) name_font = f.fonts->heading;
    const int name_lines = fits(name_font, pin.holder, name_w, 1) ? 1 : 2;
    const float name_h = text_height(name_font, pin.holder, name_w, name_lines);
    Rect who = area.take_top(124 + name_h, size::kGap * 2);
    panel(who);
    Rect inner = who.inset(20, 16);
    float y = inner.y;
    y += draw_text(f.fonts->body, ImVec2(inner.x, y), inner.w, f.t("ui.pin.signing_in"),
                   color::kTextMuted, 1);
    y += draw_text(name_font, ImVec2(inner.x, y + 4), inner.w, pin.holder, color::kText,
                   name_lines) +
         8;
    draw_text(
        f.fonts->body, ImVec2(inner.x, y), inner.w,
        tr(f.lang, Message{"ui.pin.stamp", {pin.badge.stamp, std::to_string(pin.badge.issue)}}),
        color::kText, 1);

    screen_title(f, area, f.t(pin.checking ? "ui.pin.checking" : "ui.pin.enter"));
    pin_dots(area.take_top(56, size::kGap * 2),
             pin.checking ? 0 : static_cast<int>(pin.digits.size()),
             static_cast<int>(kPinMinDigits));
    if (!pin.error.empty())
        banner(f, area, color::kDanger, color::kTextOnDark, f.t(pin.error),
               next_step(f.lang, pin.error.key));
    else
        draw_text(f.fonts->body, area.min(), area.w, f.t("ui.pin.hint"), color::kTextMuted, 3);
}

}  // namespace stampline::terminal::ui
