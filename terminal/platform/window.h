// The GLFW window with its OpenGL 3.3 core context and the Dear ImGui context and backends.
// Key presses are captured here (with the time they arrived) for the keyboard wedge; ImGui gets
// mouse and touch input through its own GLFW callbacks, chained after ours. Use from the main
// thread only, except wake(), which any thread may call.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "shared/status.h"
#include "terminal/core/keyboard_wedge.h"

struct GLFWwindow;

namespace stampline::terminal::platform {

struct WindowOptions {
    int width = 1280;
    int height = 800;
    bool fullscreen = false;  // on the primary monitor, at its current video mode
    std::string title = "Stampline";
};

// An RGBA image, rows top to bottom.
struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;
};

class Window {
public:
    // Initialises GLFW, opens the window, creates the GL context and the ImGui context with its
    // GLFW and OpenGL3 backends. Unavailable when there is no display or no GL 3.3.
    static Result<std::unique_ptr<Window>> open(const WindowOptions& options);
    ~Window();  // ImGui backends and context, the window, GLFW: in reverse order
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    bool should_close() const;
    // Waits for input or wake() at most timeout_s, handling events (callbacks run here).
    // True when input arrived (keys, pointer, touch, window changes) since the last call.
    bool wait_events(double timeout_s);
    // Any thread: makes wait_events() return now.
    static void wake();

    // Key presses since the last call, in order, timed when GLFW delivered them.
    std::vector<KeyPress> take_key_presses();
    // The window's X11 id (for an X11KeySource), or 0 when it is not an X11 window.
    unsigned long x11_window() const;
    // Sounds the X server's bell (the panel's speaker, where it has one); nothing without X11.
    void bell();

    // Puts the ImGui font atlas, built by now, into a GL texture and frees its CPU pixels. Call
    // once, after the fonts are loaded and before the first frame. Unavailable on a GL error;
    // InvalidArgument when called twice.
    Status upload_fonts();

    // Starts an ImGui frame.
    void begin_frame();
    // Renders the ImGui frame into the back buffer (not yet shown).
    void render();
    // The back buffer as rendered (call after render(), before swap()).
    Image read_back_buffer() const;
    // Shows the frame; returns when the swap returned.
    void swap();

    int framebuffer_width() const;
    int framebuffer_height() const;
    // The window's top-left corner on the screen (for screen coordinates of buttons).
    void position(int* x, int* y) const;

private:
    explicit Window(GLFWwindow* window) : window_(window) {}
    static void on_key(GLFWwindow* window, int key, int scancode, int action, int mods);
    static void on_input(GLFWwindow* window);

    GLFWwindow* window_ = nullptr;
    bool imgui_glfw_ = false;
    bool imgui_gl_ = false;
    unsigned font_texture_ = 0;  // ours, not the backend's (see font_texture.h)
    std::vector<KeyPress> keys_;
    bool input_ = true;  // the first frame is always drawn
};

}  // namespace stampline::terminal::platform
