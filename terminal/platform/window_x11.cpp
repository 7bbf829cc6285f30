// The window's X11 id and bell, apart from window.cpp: GLFW's native header brings in Xlib, whose
// macros (Status, KeyPress) collide with the project's names.
#include "terminal/platform/window.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3native.h>

namespace stampline::terminal::platform {

unsigned long Window::x11_window() const {
    return static_cast<unsigned long>(glfwGetX11Window(window_));
}

void Window::bell() {
    if (Display* display = glfwGetX11Display()) {
        XBell(display, 0);
        XFlush(display);
    }
}

}  // namespace stampline::terminal::platform
