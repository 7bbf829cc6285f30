// The screens. Each view draws from `const AppState&` into the area it is given and emits
// Actions into the UiFrame; none does I/O or changes the state. draw_terminal() draws the status
// bar and the view of state.screen into one full-window ImGui window.
#pragma once
#include "terminal/core/app_state.h"
#include "terminal/ui/layout.h"
#include "terminal/ui/ui_frame.h"

namespace stampline::terminal::ui {

// The whole frame: status bar on top, the current screen below, then the keys no button took
// (Escape = Back, F4 = sign out). Call between ImGui::NewFrame() and ImGui::Render().
void draw_terminal(const AppState& s, UiFrame& f, float width, float height);

void draw_status_bar(const AppState& s, UiFrame& f, const Rect& r);
void draw_idle_view(const AppState& s, UiFrame& f, Rect area);
void draw_pin_view(const AppState& s, UiFrame& f, Rect area);
void draw_sheet_prompt_view(const AppState& s, UiFrame& f, Rect area);
void draw_unit_card_view(const AppState& s, UiFrame& f, Rect area);
void draw_acceptance_view(const AppState& s, UiFrame& f, Rect area);
void draw_sign_off_view(const AppState& s, UiFrame& f, Rect area);
void draw_nc_form_view(const AppState& s, UiFrame& f, Rect area);
void draw_follow_up_view(const AppState& s, UiFrame& f, Rect area);
void draw_result_view(const AppState& s, UiFrame& f, Rect area);
void draw_attention_view(const AppState& s, UiFrame& f, Rect area);

// Shared pieces: the red box quoting a refused scan, cut off the top or bottom of `area` (only
// when state.scan_error is set), and the strip for a row of bottom buttons.
void draw_scan_error(const AppState& s, UiFrame& f, Rect& area);
// The bottom strip of an area, one button height tall, cut off from the area.
Rect bottom_bar(Rect& area);

}  // namespace stampline::terminal::ui
