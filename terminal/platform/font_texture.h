// The ImGui font atlas as a one-channel OpenGL texture.
//
// Dear ImGui's OpenGL3 backend uploads the atlas as RGBA32: white texels with the glyph coverage
// in alpha, 4 bytes each where 1 carries information. A GL_R8 texture whose swizzle reads
// (1, 1, 1, red) samples to exactly the same colours in the backend's shader, at a quarter of the
// memory. Under Mesa's software rasteriser the texture lives in the terminal's own memory, so
// this is resident memory saved (the terminal's atlas: 6.3 MB as RGBA32, 1.6 MB as R8), and the
// 6.3 MB RGBA32 copy that the backend converts on the CPU is never made.
// Main thread only, with the window's GL context current.
#pragma once
#include "shared/status.h"

namespace stampline::terminal::platform {

// Uploads the current ImGui context's built atlas (its Alpha8 pixels) as a GL_R8 texture, makes
// it the atlas's texture id, and frees the atlas's CPU pixels. Returns the GL texture name;
// Unavailable when the atlas is not built or GL reports an error (e.g. out of memory).
Result<unsigned> upload_font_atlas();

// Deletes a texture returned by upload_font_atlas (0: nothing).
void delete_font_texture(unsigned texture);

}  // namespace stampline::terminal::platform
