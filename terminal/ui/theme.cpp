#include "terminal/ui/theme.h"

#include <cstdio>
#include <string>

namespace stampline::terminal::ui {

namespace {

// Latin with Latin-1, the Russian alphabet (Ё included), and the symbols the screens and plant
// texts use (check marks, arrows, dashes, quotes of both languages, №). Only these: every glyph
// is rasterised at eight sizes into one texture, and each extra block costs megabytes.
const ImWchar* glyph_ranges() {
    static ImVector<ImWchar> ranges;
    if (ranges.empty()) {
        ImFontGlyphRangesBuilder builder;
        static const ImWchar alphabets[] = {0x0020, 0x00FF, 0x0400, 0x045F, 0};
        builder.AddRanges(alphabets);
        builder.AddText("✓✗—–−‐‑…№→←·•▲▼⚠↻±×⇧▏⌫●○«»“”„‘’°‹›");
        builder.BuildRanges(&ranges);
    }
    return ranges.Data;
}

bool readable(const char* path) {
    std::FILE* f = std::fopen(path, "rb");
    if (!f) return false;
    std::fclose(f);
    return true;
}

}  // namespace

Result<Fonts> load_fonts(const char* regular_path, const char* bold_path) {
    for (const char* path : {regular_path, bold_path})
        if (!readable(path))
            return io_error(std::string("cannot read the font file ") + path +
                            " (install fonts-dejavu-core)");
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    atlas.Clear();
    auto add = [&](const char* path, float px) {
        ImFontConfig config;
        config.OversampleH = px < 30 ? 2 : 1;  // large glyphs need no subpixel positioning
        config.OversampleV = 1;
        return atlas.AddFontFromFileTTF(path, px, &config, glyph_ranges());
    };
    Fonts fonts;
    fonts.body = add(regular_path, 26);  // first: ImGui's default font
    fonts.small = add(regular_path, 20);
    fonts.bold = add(bold_path, 26);
    fonts.compact = add(regular_path, 24);
    fonts.compact_bold = add(bold_path, 24);
    fonts.heading = add(bold_path, 34);
    fonts.title = add(bold_path, 46);
    fonts.huge = add(bold_path, 72);
    if (!fonts.body || !fonts.small || !fonts.bold || !fonts.compact || !fonts.compact_bold ||
        !fonts.heading || !fonts.title || !fonts.huge)
        return io_error(std::string("cannot load the fonts ") + regular_path + ", " + bold_path);
    // A texture exactly as tall as the glyphs need, not the next power of two (GL 3.3 takes any
    // size): up to half the atlas memory.
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    if (!atlas.Build()) return io_error("cannot build the font atlas");
    // The glyphs are in the atlas now. What built them is not needed again: above all the atlas's
    // copy of the font file for each size (8 copies, 5.8 MB), kept for as long as it lives.
    atlas.ClearInputData();
    return fonts;
}

void apply_style() {
    ImGuiStyle& style = ImGui::GetStyle();
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(0, 0);
    style.WindowBorderSize = 0;
    style.WindowRounding = 0;
    style.FramePadding = ImVec2(12, 10);
    style.ItemSpacing = ImVec2(size::kGap, size::kGap);
    style.ScrollbarSize = 36;  // thumb-sized
    style.GrabMinSize = 48;
    style.FrameRounding = size::kRounding;
    style.TouchExtraPadding = ImVec2(4, 4);
    style.DisabledAlpha = 1.0f;  // disabled buttons draw their own greyed colours
    // Transparent: the platform clears to color::kBackground (see Window::render).
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 0);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(color::kText);
    style.Colors[ImGuiCol_ScrollbarBg] = ImGui::ColorConvertU32ToFloat4(color::kNeutral);
    style.Colors[ImGuiCol_ScrollbarGrab] = ImGui::ColorConvertU32ToFloat4(color::kTextMuted);
}

}  // namespace stampline::terminal::ui
