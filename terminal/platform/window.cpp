#include "terminal/platform/window.h"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <atomic>
#include <mutex>

#include "terminal/platform/font_texture.h"

namespace stampline::terminal::platform {

namespace {

// The wedge takes GLFW's key callback arguments as they are.
static_assert(key::kSpace == GLFW_KEY_SPACE && key::kApostrophe == GLFW_KEY_APOSTROPHE);
static_assert(key::kComma == GLFW_KEY_COMMA && key::kMinus == GLFW_KEY_MINUS);
static_assert(key::kPeriod == GLFW_KEY_PERIOD && key::kSlash == GLFW_KEY_SLASH);
static_assert(key::k0 == GLFW_KEY_0 && key::k9 == GLFW_KEY_9);
static_assert(key::kSemicolon == GLFW_KEY_SEMICOLON && key::kEqual == GLFW_KEY_EQUAL);
static_assert(key::kA == GLFW_KEY_A && key::kZ == GLFW_KEY_Z);
static_assert(key::kLeftBracket == GLFW_KEY_LEFT_BRACKET && key::kBackslash == GLFW_KEY_BACKSLASH);
static_assert(key::kRightBracket == GLFW_KEY_RIGHT_BRACKET);
static_assert(key::kGraveAccent == GLFW_KEY_GRAVE_ACCENT);
static_assert(key::kEscape == GLFW_KEY_ESCAPE && key::kEnter == GLFW_KEY_ENTER);
static_assert(key::kTab == GLFW_KEY_TAB && key::kBackspace == GLFW_KEY_BACKSPACE);
static_assert(key::kRight == GLFW_KEY_RIGHT && key::kLeft == GLFW_KEY_LEFT);
static_assert(key::kDown == GLFW_KEY_DOWN && key::kUp == GLFW_KEY_UP);
static_assert(key::kF1 == GLFW_KEY_F1);
static_assert(key::kKp0 == GLFW_KEY_KP_0 && key::kKp9 == GLFW_KEY_KP_9);
static_assert(key::kKpDecimal == GLFW_KEY_KP_DECIMAL && key::kKpDivide == GLFW_KEY_KP_DIVIDE);
static_assert(key::kKpMultiply == GLFW_KEY_KP_MULTIPLY);
static_assert(key::kKpSubtract == GLFW_KEY_KP_SUBTRACT && key::kKpAdd == GLFW_KEY_KP_ADD);
static_assert(key::kKpEnter == GLFW_KEY_KP_ENTER && key::kKpEqual == GLFW_KEY_KP_EQUAL);
static_assert(key::kLeftShift == GLFW_KEY_LEFT_SHIFT && key::kLeftControl == GLFW_KEY_LEFT_CONTROL);
static_assert(key::kLeftAlt == GLFW_KEY_LEFT_ALT && key::kLeftSuper == GLFW_KEY_LEFT_SUPER);
static_assert(key::kRightShift == GLFW_KEY_RIGHT_SHIFT);
static_assert(key::kRightControl == GLFW_KEY_RIGHT_CONTROL);
static_assert(key::kRightAlt == GLFW_KEY_RIGHT_ALT && key::kRightSuper == GLFW_KEY_RIGHT_SUPER);
static_assert(mod::kShift == GLFW_MOD_SHIFT && mod::kControl == GLFW_MOD_CONTROL);
static_assert(mod::kAlt == GLFW_MOD_ALT);

std::atomic<bool> g_glfw_up{false};
std::mutex g_error_mu;
std::string g_last_error;

void on_glfw_error(int code, const char* text) {
    std::lock_guard lock(g_error_mu);
    g_last_error = "GLFW error " + std::to_string(code) + ": " + (text ? text : "");
}

std::string last_error() {
    std::lock_guard lock(g_error_mu);
    return g_last_error.empty() ? "unknown GLFW error" : g_last_error;
}

}  // namespace

Result<std::unique_ptr<Window>> Window::open(const WindowOptions& options) {
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit())
        return Status(Code::Unavailable, "cannot start GLFW (is DISPLAY set?): " + last_error());
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
    // ImGui draws with neither: without them the software rasteriser keeps no depth/stencil
    // buffer beside the colour buffer (4 MB at 1280x800).
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    GLFWmonitor* monitor = nullptr;
    int width = options.width, height = options.height;
    if (options.fullscreen) {
        monitor = glfwGetPrimaryMonitor();
        if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr) {
            width = mode->width;
            height = mode->height;
        }
    }
    GLFWwindow* w = glfwCreateWindow(width, height, options.title.c_str(), monitor, nullptr);
    if (!w) {
        const std::string why = last_error();
        glfwTerminate();
        return Status(Code::Unavailable, "cannot open a " + std::to_string(width) + "x" +
                                             std::to_string(height) +
                                             " window with OpenGL 3.3 core: " + why);
    }
    glfwMakeContextCurrent(w);
    glfwSwapInterval(1);
    g_glfw_up = true;

    std::unique_ptr<Window> window(new Window(w));
    glfwSetWindowUserPointer(w, window.get());
    // Ours first: ImGui's backend chains to them. Any input means the next frame is drawn.
    glfwSetKeyCallback(w, &Window::on_key);
    glfwSetMouseButtonCallback(w, [](GLFWwindow* win, int, int, int) { on_input(win); });
    glfwSetCursorPosCallback(w, [](GLFWwindow* win, double, double) { on_input(win); });
    glfwSetScrollCallback(w, [](GLFWwindow* win, double, double) { on_input(win); });
    glfwSetCursorEnterCallback(w, [](GLFWwindow* win, int) { on_input(win); });
    glfwSetWindowFocusCallback(w, [](GLFWwindow* win, int) { on_input(win); });
    glfwSetFramebufferSizeCallback(w, [](GLFWwindow* win, int, int) { on_input(win); });
    glfwSetWindowRefreshCallback(w, [](GLFWwindow* win) { on_input(win); });

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    // No keyboard navigation: Enter, Space and arrows must not act on widgets behind the views'
    // back (keys reach the screens only through the keyboard wedge).
    io.ConfigFlags &= ~(ImGuiConfigFlags_NavEnableKeyboard | ImGuiConfigFlags_NavEnableGamepad);
    window->imgui_glfw_ = ImGui_ImplGlfw_InitForOpenGL(w, true);
    window->imgui_gl_ = window->imgui_glfw_ && ImGui_ImplOpenGL3_Init("#version 330 core");
    if (!window->imgui_gl_)
        return Status(Code::Unavailable, "cannot start Dear ImGui's GLFW/OpenGL3 backends");
    // The backend's shaders and buffers now, while the atlas is still empty: creating them makes
    // the backend upload the atlas as RGBA32, which costs only ImGui's small default font here.
    // That texture is dropped at once; upload_fonts() puts the real atlas in a texture a quarter
    // the size (see font_texture.h).
    if (!ImGui_ImplOpenGL3_CreateDeviceObjects())
        return Status(Code::Unavailable, "cannot create Dear ImGui's OpenGL3 shaders");
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    io.Fonts->Clear();
    return window;
}

Status Window::upload_fonts() {
    if (font_texture_ != 0) return Status(Code::InvalidArgument, "the fonts are already uploaded");
    Result<unsigned> texture = upload_font_atlas();
    if (!texture) return texture.error();
    font_texture_ = *texture;
    return Status();
}

Window::~Window() {
    delete_font_texture(font_texture_);
    if (imgui_gl_) ImGui_ImplOpenGL3_Shutdown();
    if (imgui_glfw_) ImGui_ImplGlfw_Shutdown();
    if (ImGui::GetCurrentContext()) ImGui::DestroyContext();
    g_glfw_up = false;
    glfwDestroyWindow(window_);
    glfwTerminate();
}

void Window::on_key(GLFWwindow* w, int key, int, int action, int mods) {
    auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
    if (!self) return;
    self->input_ = true;
    if (action == GLFW_RELEASE || key == GLFW_KEY_UNKNOWN) return;
    self->keys_.push_back(KeyPress{key, mods, WedgeClock::now()});
}

void Window::on_input(GLFWwindow* w) {
    if (auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w))) self->input_ = true;
}

bool Window::should_close() const {
    return glfwWindowShouldClose(window_);
}

bool Window::wait_events(double timeout_s) {
    if (timeout_s > 0)
        glfwWaitEventsTimeout(timeout_s);
    else
        glfwPollEvents();
    const bool input = input_;
    input_ = false;
    return input;
}

void Window::wake() {
    if (g_glfw_up) glfwPostEmptyEvent();
}

std::vector<KeyPress> Window::take_key_presses() {
    std::vector<KeyPress> out;
    out.swap(keys_);
    return out;
}

void Window::begin_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    // The screens have no ImGui text fields: characters typed (or sent by a keyboard-mode
    // scanner) are the wedge's business, never ImGui's.
    ImGui::GetIO().InputQueueCharacters.resize(0);
}

void Window::render() {
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    glViewport(0, 0, w, h);
    // The background is the clear colour (ImGui's window background is transparent): one fast
    // clear instead of a blended full-screen quad, which matters under a software rasteriser.
    glClearColor(0xEE / 255.0f, 0xF1 / 255.0f, 0xF5 / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

Image Window::read_back_buffer() const {
    Image img;
    glfwGetFramebufferSize(window_, &img.width, &img.height);
    img.rgba.resize(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height) * 4);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, img.width, img.height, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
    // GL rows run bottom to top.
    const std::size_t row = static_cast<std::size_t>(img.width) * 4;
    for (int y = 0; y < img.height / 2; ++y) {
        std::uint8_t* a = img.rgba.data() + static_cast<std::size_t>(y) * row;
        std::uint8_t* b = img.rgba.data() + static_cast<std::size_t>(img.height - 1 - y) * row;
        std::swap_ranges(a, a + row, b);
    }
    return img;
}

void Window::swap() {
    glfwSwapBuffers(window_);
}

int Window::framebuffer_width() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    return w;
}

int Window::framebuffer_height() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    return h;
}

void Window::position(int* x, int* y) const {
    glfwGetWindowPos(window_, x, y);
}

}  // namespace stampline::terminal::platform
