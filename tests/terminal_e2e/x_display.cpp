#include "terminal_e2e/x_display.h"

// doctest first: Xlib defines macros (Bool, Status, None, True) that clash with its names.
#include <doctest/doctest.h>
// clang-format off
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
// clang-format on
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace stampline::e2e {

Xvfb::Xvfb(int width, int height) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    const std::string fd = std::to_string(fds[1]);
    const std::string screen = std::to_string(width) + "x" + std::to_string(height) + "x24";
    std::vector<std::string> argv{"/usr/bin/Xvfb", "-displayfd", fd,    "-screen", "0",
                                  screen,          "-nolisten",  "tcp", "-noreset"};
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        throw std::runtime_error("cannot start /usr/bin/Xvfb");
    }
    std::string number;
    char c = 0;
    while (read(fds[0], &c, 1) == 1 && c != '\n') number += c;
    close(fds[0]);
    REQUIRE_MESSAGE(!number.empty(), "Xvfb reported no display number");
    display_ = ":" + number;
}

Xvfb::~Xvfb() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
}

bool us_key_for(char c, int* keycode, bool* shift) {
    static constexpr std::string_view kRows[] = {
        // code of the first key, its characters unshifted, shifted
        "1234567890-=", "!@#$%^&*()_+",   // 10..21
        "qwertyuiop[]", "QWERTYUIOP{}",   // 24..35
        "asdfghjkl;'`", "ASDFGHJKL:\"~",  // 38..49
        "zxcvbnm,./",   "ZXCVBNM<>?",     // 52..61
    };
    static constexpr int kFirst[] = {10, 24, 38, 52};
    for (int row = 0; row < 4; ++row) {
        for (int s = 0; s < 2; ++s) {
            const std::size_t at = kRows[row * 2 + s].find(c);
            if (at != std::string_view::npos) {
                *keycode = kFirst[row] + static_cast<int>(at);
                *shift = s == 1;
                return true;
            }
        }
    }
    if (c == '\\' || c == '|') {
        *keycode = 51;
        *shift = c == '|';
        return true;
    }
    if (c == ' ') {
        *keycode = 65;
        *shift = false;
        return true;
    }
    return false;
}

XInput::XInput(const std::string& display) {
    display_ = XOpenDisplay(display.c_str());
    REQUIRE_MESSAGE(display_ != nullptr, "cannot open X display " << display);
    int event_base = 0, error_base = 0, major = 0, minor = 0;
    REQUIRE_MESSAGE(XTestQueryExtension(display_, &event_base, &error_base, &major, &minor),
                    "the X server has no XTEST extension");
}

XInput::~XInput() {
    if (display_) XCloseDisplay(display_);
}

void XInput::press(int keycode, bool down) {
    XTestFakeKeyEvent(display_, static_cast<unsigned>(keycode), down ? True : False, CurrentTime);
    // A round trip: the server stamps the event now, not when it next gets to a queued burst
    // (two presses of one key with the same millisecond stamp count once in GLFW).
    XSync(display_, False);
}

void XInput::scan(std::string_view text, int gap_us) {
    const auto gap = std::chrono::microseconds(gap_us);
    auto tap = [&](int code, int modifier) {
        if (modifier) press(modifier, true);
        press(code, true);
        std::this_thread::sleep_for(gap);
        press(code, false);
        if (modifier) press(modifier, false);
        std::this_thread::sleep_for(gap);
    };
    for (const char c : text) {
        if (c == '\x1d') {
            tap(35, keycode::kControlL);  // Ctrl+] = GS
            continue;
        }
        int code = 0;
        bool shift = false;
        REQUIRE_MESSAGE(us_key_for(c, &code, &shift), "no US key types '" << c << "'");
        tap(code, shift ? keycode::kShiftL : 0);
    }
    tap(keycode::kReturn, 0);
    XSync(display_, False);
}

void XInput::key(int keycode) {
    press(keycode, true);
    press(keycode, false);
    XSync(display_, False);
}

void XInput::type_slowly(std::string_view digits, int gap_ms) {
    for (const char c : digits) {
        int code = 0;
        bool shift = false;
        REQUIRE(us_key_for(c, &code, &shift));
        key(code);
        std::this_thread::sleep_for(std::chrono::milliseconds(gap_ms));
    }
}

void XInput::click(int x, int y) {
    XTestFakeMotionEvent(display_, 0, x, y, CurrentTime);
    XSync(display_, False);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    XTestFakeButtonEvent(display_, 1, True, CurrentTime);
    XSync(display_, False);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    XTestFakeButtonEvent(display_, 1, False, CurrentTime);
    XSync(display_, False);
}

}  // namespace stampline::e2e
