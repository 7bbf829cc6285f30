// The frame: one borderless window over the whole framebuffer, the status bar, the screen.
#include "terminal/ui/views.h"
#include "terminal/ui/widgets.h"

namespace stampline::terminal::ui {

Rect bottom_bar(Rect& area) {
    return area.take_bottom(size::kButtonHeight, size::kGap);
}

void draw_scan_error(const AppState& s, UiFrame& f, Rect& area) {
    if (s.scan_error.empty()) return;
    // Where the eye is: on top of the screen's prompt, the reason large, what to do under it.
    const std::string reason = "⚠ " + f.t(s.scan_error);
    const std::string_view next = next_step(f.lang, s.scan_error.key);
    const float h = banner_height(f, area.w, reason, next);
    banner(f, area.take_top(h, size::kGap * 2), color::kDanger, color::kTextOnDark, reason, next);
}

void draw_terminal(const AppState& s, UiFrame& f, float width, float height) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(width, height));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav |
                                   ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::Begin("##terminal", nullptr, flags);
    Rect all{0, 0, width, height};
    draw_status_bar(s, f, all.take_top(size::kStatusBar));
    const Rect area = all.inset(size::kMargin, size::kMargin - 6);
    switch (s.screen) {
        case Screen::Idle: draw_idle_view(s, f, area); break;
        case Screen::Pin: draw_pin_view(s, f, area); break;
        case Screen::ScanSheet: draw_sheet_prompt_view(s, f, area); break;
        case Screen::UnitCard: draw_unit_card_view(s, f, area); break;
        case Screen::Acceptance: draw_acceptance_view(s, f, area); break;
        case Screen::SignOff: draw_sign_off_view(s, f, area); break;
        case Screen::NcForm: draw_nc_form_view(s, f, area); break;
        case Screen::NcFollowUp: draw_follow_up_view(s, f, area); break;
        case Screen::Result: draw_result_view(s, f, area); break;
        case Screen::Attention: draw_attention_view(s, f, area); break;
    }
    // Keys no button took: Escape goes back, F4 signs out from anywhere.
    if (f.take_key(Hotkey::Escape)) f.emit(Back{});
    if (s.session && f.take_key(Hotkey::F4)) f.emit(SignOut{});
    ImGui::End();
}

}  // namespace stampline::terminal::ui
