// The smallest text a frame put on the screen, read back from Dear ImGui's draw lists: every
// glyph quad is matched by its texture coordinates to a glyph of a loaded font, and its height on
// the screen against the glyph's own height gives the size it was drawn at. It measures what was
// drawn, whichever widget or font drew it (the README promises 20 px and more on the 1280x800
// layout; a test holds it to that).
#pragma once
#include <imgui.h>

namespace stampline::terminal::ui {

// 0 when the frame drew no text.
float smallest_text_px(const ImDrawData& frame, const ImFontAtlas& atlas);

}  // namespace stampline::terminal::ui
