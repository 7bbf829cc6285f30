// The PIN pad: 1-9, erase, 0, OK in a 3x4 grid of touch keys. Emits PinDigit / PinErase /
// PinSubmit; the digit keys, Backspace and Enter of a physical keyboard do the same.
// Button ids: "pin.0" … "pin.9", "pin.erase", "pin.ok".
#pragma once
#include <string_view>

#include "terminal/ui/layout.h"
#include "terminal/ui/ui_frame.h"

namespace stampline::terminal::ui {

void pin_pad(UiFrame& f, const Rect& r, bool enabled, std::string_view ok_label);

// The PIN typed so far as filled dots (never the digits), with empty dots up to `min_digits`.
void pin_dots(const Rect& r, int typed, int min_digits);

}  // namespace stampline::terminal::ui
