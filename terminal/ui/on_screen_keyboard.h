// The on-screen keyboard for notes: Russian (ЙЦУКЕН) and Latin (QWERTY) letters, digits and
// punctuation, shift (one letter), space and erase. Emits TypeText / EraseText into the open
// form's note. The layout and shift live in ViewMemory (presentation only).
// Button ids: "kbd.<character>" (as typed, lower case), "kbd.space", "kbd.erase", "kbd.shift",
// "kbd.ru", "kbd.lat", "kbd.digits".
#pragma once
#include <string_view>

#include "terminal/ui/layout.h"
#include "terminal/ui/ui_frame.h"

namespace stampline::terminal::ui {

// Draws the keyboard to fill r (about 5 rows of 64 px keys suit a 1280 px wide screen).
void on_screen_keyboard(UiFrame& f, const Rect& r);

// The note as typed, in a framed box (its end when long), with a caret when it is being typed;
// a placeholder when empty.
void note_box(UiFrame& f, const Rect& r, std::string_view note, std::string_view placeholder,
              bool caret = true);

}  // namespace stampline::terminal::ui
