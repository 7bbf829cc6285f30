#include "terminal/ui/text_audit.h"

#include <map>
#include <tuple>

namespace stampline::terminal::ui {

namespace {

struct GlyphSize {
    float font_px = 0;    // the size the font was baked at
    float height_px = 0;  // the glyph's quad height at that size
};

using UvRect = std::tuple<float, float, float, float>;

std::map<UvRect, GlyphSize> glyphs_by_uv(const ImFontAtlas& atlas) {
    std::map<UvRect, GlyphSize> out;
    for (const ImFont* font : atlas.Fonts) {
        for (const ImFontGlyph& g : font->Glyphs) {
            if (!g.Visible || g.Y1 <= g.Y0) continue;
            out.emplace(UvRect{g.U0, g.V0, g.U1, g.V1}, GlyphSize{font->FontSize, g.Y1 - g.Y0});
        }
    }
    return out;
}

}  // namespace

float smallest_text_px(const ImDrawData& frame, const ImFontAtlas& atlas) {
    const std::map<UvRect, GlyphSize> glyphs = glyphs_by_uv(atlas);
    float smallest = 0;
    for (int l = 0; l < frame.CmdListsCount; ++l) {
        const ImVector<ImDrawVert>& v = frame.CmdLists[l]->VtxBuffer;
        // A glyph is four vertices: top-left (U0,V0), top-right, bottom-right (U1,V1),
        // bottom-left, in that order (ImFont::RenderText).
        for (int i = 0; i + 3 < v.Size;) {
            const auto it = glyphs.find(UvRect{v[i].uv.x, v[i].uv.y, v[i + 2].uv.x, v[i + 2].uv.y});
            if (it == glyphs.end()) {
                ++i;
                continue;
            }
            const float drawn_h = v[i + 2].pos.y - v[i].pos.y;
            const float px = it->second.font_px * drawn_h / it->second.height_px;
            if (smallest == 0 || px < smallest) smallest = px;
            i += 4;
        }
    }
    return smallest;
}

}  // namespace stampline::terminal::ui
