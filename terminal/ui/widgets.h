// The few widgets every screen is built from: big touch buttons (with their hotkey printed in
// the corner, recorded by id and rectangle for the test channel), wrapped text with an ellipsis
// when it does not fit, panels and banners. All positions are absolute screen pixels.
#pragma once
#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "terminal/ui/layout.h"
#include "terminal/ui/ui_frame.h"

namespace stampline::terminal::ui {

enum class Tone { Neutral, Primary, Success, Danger, Warning, Selected };

struct ButtonOptions {
    Tone tone = Tone::Neutral;
    std::optional<Hotkey> hotkey;  // pressing it counts as a tap (when enabled)
    bool enabled = true;
    ImFont* font = nullptr;         // default: the body font
    std::string_view detail;        // a second text under the label
    ImFont* detail_font = nullptr;  // default: the small font
    bool align_left = false;        // label at the left (list rows) instead of centred
    int max_lines = 2;              // of the label; the last line ends in "…" when cut
};

// Draws a button in `r`; true when it was tapped or its hotkey was pressed this frame.
bool button(UiFrame& f, std::string_view id, std::string_view label, const Rect& r,
            const ButtonOptions& options = {});

enum class Align { Left, Center, Right };

// Lines of `text` wrapped at `width` with `font`, at most max_lines (0 = no limit); a cut last
// line ends in "…".
std::vector<std::string> wrap_text(ImFont* font, std::string_view text, float width,
                                   int max_lines = 0);
// True when text wraps into at most max_lines (0 = any) at `width` without cutting a word.
bool fits(ImFont* font, std::string_view text, float width, int max_lines = 0);
// One line, cut with "…" to fit `width`.
std::string fit_line(ImFont* font, std::string_view text, float width);

// Draws wrapped text from `pos`; returns the height used.
float draw_text(ImFont* font, ImVec2 pos, float width, std::string_view text, ImU32 color,
                int max_lines = 0, Align align = Align::Left);
// Draws text vertically centred in r (wrapped to r's width); returns the height of the text.
float draw_text_in(ImFont* font, const Rect& r, std::string_view text, ImU32 color,
                   Align align = Align::Left, int max_lines = 0);
float text_height(ImFont* font, std::string_view text, float width, int max_lines = 0);

void fill(const Rect& r, ImU32 color, float rounding = 0);
void panel(const Rect& r, ImU32 fill_color = color::kPanel, ImU32 border = color::kPanelBorder);
// A coloured box with a bold title line and a body text, e.g. the hold banner or a refused scan.
// Returns the height used (the box is as tall as its text, at least min_h).
float banner_height(UiFrame& f, float width, std::string_view title, std::string_view body,
                    float min_h = 0);
float banner(UiFrame& f, Rect r, ImU32 fill_color, ImU32 text_color, std::string_view title,
             std::string_view body, float min_h = 0);

// A screen title in the heading font at the top of `area` (cut off from it).
void screen_title(UiFrame& f, Rect& area, std::string_view title);

}  // namespace stampline::terminal::ui
