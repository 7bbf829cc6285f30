#include "terminal/ui/pin_pad.h"

#include <algorithm>
#include <string>

#include "terminal/ui/widgets.h"

namespace stampline::terminal::ui {

void pin_pad(UiFrame& f, const Rect& r, bool enabled, std::string_view ok_label) {
    const float gap = size::kGap;
    const float key_h = (r.h - 3 * gap) / 4;
    // 1 2 3 / 4 5 6 / 7 8 9 / erase 0 OK
    for (int i = 0; i < 12; ++i) {
        const Rect cell = grid_cell(r, 3, key_h, gap, i);
        ButtonOptions o;
        o.enabled = enabled;
        o.font = f.fonts->heading;
        if (i < 9 || i == 10) {
            const int digit = i < 9 ? i + 1 : 0;
            const std::string text = std::to_string(digit);
            o.hotkey = digit_hotkey(digit);
            if (button(f, "pin." + text, text, cell, o))
                f.emit(PinDigit{static_cast<char>('0' + digit)});
        } else if (i == 9) {
            o.hotkey = Hotkey::Backspace;
            o.font = f.fonts->body;
            if (button(f, "pin.erase", f.t("ui.pin.erase"), cell, o)) f.emit(PinErase{});
        } else {
            o.hotkey = Hotkey::Enter;
            o.tone = Tone::Primary;
            o.font = f.fonts->bold;
            if (button(f, "pin.ok", ok_label, cell, o)) f.emit(PinSubmit{});
        }
    }
}

void pin_dots(const Rect& r, int typed, int min_digits) {
    const int shown = std::max(typed, min_digits);
    const float radius = std::min(16.0f, r.h / 2 - 2);
    const float step = radius * 2 + 20;
    float x = r.x + (r.w - step * static_cast<float>(shown) + 20) / 2 + radius;
    const float y = r.y + r.h / 2;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int i = 0; i < shown; ++i, x += step) {
        if (i < typed)
            dl->AddCircleFilled(ImVec2(x, y), radius, color::kText);
        else
            dl->AddCircle(ImVec2(x, y), radius, color::kTextMuted, 0, 3.0f);
    }
}

}  // namespace stampline::terminal::ui
