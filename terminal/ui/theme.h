// The terminal's look: colours, sizes and fonts for a 1280x800 touch panel read at arm's length.
// Body text is 26 px, headings larger; touch targets are at least 64 px tall. Colours are chosen
// for contrast on a bright shop floor (dark text on light panels, white on saturated buttons).
#pragma once
#include <imgui.h>

#include "shared/status.h"

namespace stampline::terminal::ui {

struct Fonts {
    ImFont* small = nullptr;         // 20 px: hotkey hints, secondary details
    ImFont* body = nullptr;          // 26 px: all running text and button labels
    ImFont* bold = nullptr;          // 26 px bold: emphasis inside body text
    ImFont* compact = nullptr;       // 24 px: text in tight tiles (route stages)
    ImFont* compact_bold = nullptr;  // 24 px bold
    ImFont* heading = nullptr;       // 34 px bold: screen titles
    ImFont* title = nullptr;         // 46 px bold: the unit's serial, the idle prompt
    ImFont* huge = nullptr;          // 72 px bold: the result screen's verdict
};

// Sizes in pixels at scale 1 (the 1280x800 panel).
namespace size {
inline constexpr float kMargin = 24;        // around the content area
inline constexpr float kGap = 12;           // between neighbouring controls
inline constexpr float kButtonHeight = 76;  // main action buttons
inline constexpr float kRowHeight = 64;     // list rows and minor buttons (>= 48 px touch target)
inline constexpr float kStatusBar = 64;
inline constexpr float kRounding = 10;
}  // namespace size

namespace color {
inline constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b, unsigned a = 255) {
    return IM_COL32(r, g, b, a);
}
inline constexpr ImU32 kBackground = rgb(0xEE, 0xF1, 0xF5);
inline constexpr ImU32 kPanel = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kPanelBorder = rgb(0xC4, 0xCC, 0xD6);
inline constexpr ImU32 kText = rgb(0x12, 0x18, 0x22);
inline constexpr ImU32 kTextMuted = rgb(0x4A, 0x55, 0x63);
inline constexpr ImU32 kTextOnDark = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kStatusBar = rgb(0x1F, 0x29, 0x33);
inline constexpr ImU32 kPrimary = rgb(0x1B, 0x55, 0xA6);
inline constexpr ImU32 kPrimaryActive = rgb(0x12, 0x3E, 0x7C);
inline constexpr ImU32 kNeutral = rgb(0xDC, 0xE2, 0xEA);
inline constexpr ImU32 kNeutralActive = rgb(0xB8, 0xC2, 0xCE);
inline constexpr ImU32 kSuccess = rgb(0x1B, 0x7F, 0x3B);
inline constexpr ImU32 kSuccessLight = rgb(0xDD, 0xF2, 0xE3);
inline constexpr ImU32 kDanger = rgb(0xB3, 0x26, 0x1E);
inline constexpr ImU32 kDangerLight = rgb(0xFB, 0xE3, 0xE1);
inline constexpr ImU32 kWarning = rgb(0xF2, 0xA9, 0x00);
inline constexpr ImU32 kWarningLight = rgb(0xFF, 0xF1, 0xCC);
inline constexpr ImU32 kSelected = rgb(0x1B, 0x55, 0xA6);
inline constexpr ImU32 kCurrentStage = rgb(0xD6, 0xE6, 0xFB);
inline constexpr ImU32 kDisabled = rgb(0xE6, 0xE9, 0xED);
inline constexpr ImU32 kDisabledText = rgb(0x8A, 0x94, 0xA0);
}  // namespace color

// Loads DejaVu Sans (regular and bold, with Cyrillic and the symbols the screens use) into the
// current ImGui context's atlas. IOError naming the file when a font cannot be read. Call once,
// after ImGui::CreateContext and before the first frame.
Result<Fonts> load_fonts(const char* regular_path, const char* bold_path);

// Sets ImGui's style for touch: large paddings, no window chrome, the colours above.
void apply_style();

}  // namespace stampline::terminal::ui
