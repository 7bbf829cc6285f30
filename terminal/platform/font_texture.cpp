#include "terminal/platform/font_texture.h"

#include <GL/gl.h>
#include <GL/glext.h>
#include <imgui.h>

#include <string>

namespace stampline::terminal::platform {

Result<unsigned> upload_font_atlas() {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    if (!atlas.IsBuilt() || !atlas.TexPixelsAlpha8)
        return Status(Code::Unavailable, "the font atlas is not built");
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    atlas.GetTexDataAsAlpha8(&pixels, &width, &height);

    GLint last_texture = 0, last_alignment = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last_texture);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &last_alignment);
    // Errors left by earlier calls are not this upload's (bounded: a lost context keeps one).
    for (int i = 0; i < 16 && glGetError() != GL_NO_ERROR; ++i) {
    }
    GLuint texture = 0;
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    // As the backend's own texture: bilinear (glyphs are oversampled horizontally).
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    // What the backend's shader reads: white, with the coverage as alpha.
    const GLint swizzle[] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    const GLenum error = glGetError();
    glPixelStorei(GL_UNPACK_ALIGNMENT, last_alignment);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last_texture));
    if (error != GL_NO_ERROR) {
        glDeleteTextures(1, &texture);
        return Status(Code::Unavailable, "cannot upload the " + std::to_string(width) + "x" +
                                             std::to_string(height) + " font atlas: GL error " +
                                             std::to_string(error));
    }
    atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture)));
    // The GL texture holds the glyphs now; the CPU copy is not needed again.
    atlas.ClearTexData();
    return static_cast<unsigned>(texture);
}

void delete_font_texture(unsigned texture) {
    if (texture == 0) return;
    const GLuint name = texture;
    glDeleteTextures(1, &name);
}

}  // namespace stampline::terminal::platform
