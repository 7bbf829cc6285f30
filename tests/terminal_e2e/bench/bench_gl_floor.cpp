// Benchmark (terminal issue, Must show 5): the resident memory that Mesa's software GL costs any
// program before it draws anything of its own — the floor under the terminal's peak RSS.
// In a private Xvfb, this process does what the terminal's window does and nothing else: a GLFW
// window with the terminal's context (OpenGL 3.3 core, no depth or stencil buffer), Dear ImGui's
// OpenGL3 shader pair, a one-channel texture, and a few frames of one textured, blended triangle.
// It prints VmRSS after each step, split like bench_scan_latency's.
//
//   ninja -C build bench_gl_floor && build/tests/terminal_e2e/bench_gl_floor
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#define GL_GLEXT_PROTOTYPES
#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GL/glext.h>
#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "rss_split.h"
#include "terminal_e2e/x_display.h"

namespace stampline::e2e {

namespace {

// The shaders of Dear ImGui 1.86's OpenGL3 backend for "#version 330 core" (GLSL 410 core text).
constexpr const char* kVertexShader =
    "#version 330 core\n"
    "layout (location = 0) in vec2 Position;\n"
    "layout (location = 1) in vec2 UV;\n"
    "layout (location = 2) in vec4 Color;\n"
    "uniform mat4 ProjMtx;\n"
    "out vec2 Frag_UV;\n"
    "out vec4 Frag_Color;\n"
    "void main()\n"
    "{\n"
    "    Frag_UV = UV;\n"
    "    Frag_Color = Color;\n"
    "    gl_Position = ProjMtx * vec4(Position.xy,0,1);\n"
    "}\n";
constexpr const char* kFragmentShader =
    "#version 330 core\n"
    "in vec2 Frag_UV;\n"
    "in vec4 Frag_Color;\n"
    "uniform sampler2D Texture;\n"
    "layout (location = 0) out vec4 Out_Color;\n"
    "void main()\n"
    "{\n"
    "    Out_Color = Frag_Color * texture(Texture, Frag_UV.st);\n"
    "}\n";

// VmRSS now, split as in bench_scan_latency (rss_split.h).
void report(const char* step) {
    const RssSplit r = rss_split("/proc/self/smaps");
    std::printf(
        "%-44s %6.1f MB = %5.1f MB software GL libraries + %5.1f MB other files + %5.1f MB "
        "anonymous\n",
        step, r.total_mb(), r.gl_libs_mb, r.other_files_mb, r.anonymous_mb);
}

GLuint compile(GLenum type, const char* source) {
    const GLuint shader = glCreateShader(type);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    GLint ok = GL_FALSE;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    REQUIRE(ok == GL_TRUE);
    return shader;
}

}  // namespace

TEST_CASE("resident memory of Mesa's software GL under the terminal's window") {
    Xvfb x;
    setenv("DISPLAY", x.display().c_str(), 1);
    report("start");
    REQUIRE(glfwInit());
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    GLFWwindow* window = glfwCreateWindow(1280, 800, "gl floor", nullptr, nullptr);
    REQUIRE(window != nullptr);
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    report("1280x800 window, OpenGL 3.3 core context");

    const GLuint vs = compile(GL_VERTEX_SHADER, kVertexShader);
    const GLuint fs = compile(GL_FRAGMENT_SHADER, kFragmentShader);
    const GLuint program = glCreateProgram();
    glAttachShader(program, vs);
    glAttachShader(program, fs);
    glLinkProgram(program);
    GLint linked = GL_FALSE;
    glGetProgramiv(program, GL_LINK_STATUS, &linked);
    REQUIRE(linked == GL_TRUE);
    glDetachShader(program, vs);
    glDetachShader(program, fs);
    glDeleteShader(vs);
    glDeleteShader(fs);
    report("+ ImGui's shaders compiled and linked");

    // A one-channel 256x256 texture read as white + alpha, as the terminal's font atlas.
    std::vector<unsigned char> texels(256 * 256);
    for (std::size_t i = 0; i < texels.size(); ++i) texels[i] = static_cast<unsigned char>(i);
    GLuint texture = 0;
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    const GLint swizzle[] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, 256, 256, 0, GL_RED, GL_UNSIGNED_BYTE, texels.data());

    struct Vertex {
        float x, y, u, v;
        unsigned color;
    };
    const Vertex triangle[] = {
        {-1, -1, 0, 0, 0xFFFFFFFFu}, {1, -1, 1, 0, 0xFF00FF00u}, {-1, 1, 0, 1, 0xFFFF0000u}};
    GLuint vao = 0, vbo = 0;
    glGenVertexArrays(1, &vao);
    glBindVertexArray(vao);
    glGenBuffers(1, &vbo);
    glBindBuffer(GL_ARRAY_BUFFER, vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof triangle, triangle, GL_STREAM_DRAW);
    for (GLuint i = 0; i < 3; ++i) glEnableVertexAttribArray(i);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(Vertex), nullptr);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(Vertex),
                          reinterpret_cast<void*>(2 * sizeof(float)));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(Vertex),
                          reinterpret_cast<void*>(4 * sizeof(float)));
    glUseProgram(program);
    const float identity[16] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    glUniformMatrix4fv(glGetUniformLocation(program, "ProjMtx"), 1, GL_FALSE, identity);
    glUniform1i(glGetUniformLocation(program, "Texture"), 0);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glEnable(GL_SCISSOR_TEST);
    glScissor(0, 0, 1280, 800);
    for (int frame = 0; frame < 20; ++frame) {
        glClearColor(0.93f, 0.95f, 0.96f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        glDrawArrays(GL_TRIANGLES, 0, 3);
        glfwSwapBuffers(window);
    }
    CHECK(glGetError() == GL_NO_ERROR);
    report("+ 20 frames of one textured, blended triangle");
    // The line bench_scan_latency reads: the floor its terminal is compared with.
    std::printf("gl floor peak RSS (VmHWM): %.1f MB\n", peak_rss_kib("/proc/self/status") / 1024.0);

    glDeleteBuffers(1, &vbo);
    glDeleteVertexArrays(1, &vao);
    glDeleteTextures(1, &texture);
    glDeleteProgram(program);
    glfwDestroyWindow(window);
    glfwTerminate();
}

}  // namespace stampline::e2e

int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    context.setOption("no-intro", true);
    return context.run();
}
