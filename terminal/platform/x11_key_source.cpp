#include "terminal/platform/x11_key_source.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "terminal/core/source_keys.h"

// Last: Xlib defines macros named like the project's types (Status, KeyPress).
#include <X11/Xlib.h>
namespace {
constexpr int kXKeyPress = KeyPress;
}  // namespace
#undef KeyPress
#undef Status

namespace stampline::terminal::platform {

namespace {

// An X server reports Linux input key codes plus 8 (the evdev and libinput drivers, Xvfb).
constexpr unsigned kXKeycodeOffset = 8;

int wedge_mods(unsigned state) {
    int mods = 0;
    if (state & ShiftMask) mods |= mod::kShift;
    if (state & ControlMask) mods |= mod::kControl;
    if (state & Mod1Mask) mods |= mod::kAlt;
    return mods;
}

}  // namespace

struct X11KeySource::Impl {
    Display* display = nullptr;
    ::Window window = 0;
    int stop[2] = {-1, -1};  // a pipe: writing to stop[1] ends the thread
    std::function<void()> wake;
    KeyboardWedge wedge;
    XServerTime server_time;
    SourceClock clock;

    explicit Impl(WedgeOptions options) : wedge(options) {}
    ~Impl() {
        for (int fd : stop)
            if (fd >= 0) close(fd);
        if (display) XCloseDisplay(display);
    }
};

X11KeySource::X11KeySource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<X11KeySource>> X11KeySource::start(unsigned long window,
                                                          WedgeOptions options,
                                                          std::function<void()> wake) {
    auto impl = std::make_unique<Impl>(options);
    impl->wake = std::move(wake);
    impl->window = static_cast<::Window>(window);
    // Opened here, on the caller's thread, then used by the source's thread alone.
    impl->display = XOpenDisplay(nullptr);
    if (!impl->display) return Status(Code::Unavailable, "cannot open the X display for key input");
    if (pipe(impl->stop) != 0)
        return Status(Code::Unavailable, "cannot create the key source's stop pipe");
    // Key presses only: the window's other events stay GLFW's. Several clients may select key
    // events on one window; each gets its own copy.
    XSelectInput(impl->display, impl->window, KeyPressMask);
    XFlush(impl->display);
    std::unique_ptr<X11KeySource> source(new X11KeySource(std::move(impl)));
    source->thread_ = std::thread([s = source.get()] { s->run(); });
    return source;
}

X11KeySource::~X11KeySource() {
    if (thread_.joinable()) {
        const char byte = 0;
        while (write(impl_->stop[1], &byte, 1) < 0 && errno == EINTR) {
        }
        thread_.join();
    }
}

std::vector<WedgeOutput> X11KeySource::take() {
    std::lock_guard lock(mutex_);
    std::vector<WedgeOutput> out;
    out.swap(decided_);
    return out;
}

void X11KeySource::run() {
    Impl& x = *impl_;
    auto publish = [&](std::vector<WedgeOutput> outputs) {
        if (outputs.empty()) return;
        {
            std::lock_guard lock(mutex_);
            for (WedgeOutput& o : outputs) decided_.push_back(std::move(o));
        }
        if (x.wake) x.wake();
    };
    for (;;) {
        // Every event the server has sent first: a decision on a gap is taken only with the
        // keys typed before it in hand.
        while (XPending(x.display) > 0) {
            XEvent event;
            XNextEvent(x.display, &event);
            if (event.type != kXKeyPress) continue;
            const XKeyEvent& k = event.xkey;
            const int wedge_key = wedge_key_from_linux(k.keycode - kXKeycodeOffset);
            if (wedge_key == 0) continue;
            const WedgeClock::time_point at = x.clock.at(
                x.server_time.unwrap(static_cast<std::uint32_t>(k.time)), WedgeClock::now());
            publish(x.wedge.press(KeyPress{wedge_key, wedge_mods(k.state), at}));
        }
        publish(x.wedge.poll(WedgeClock::now()));

        int timeout_ms = -1;
        if (const auto deadline = x.wedge.deadline()) {
            const auto left =
                std::chrono::ceil<std::chrono::milliseconds>(*deadline - WedgeClock::now());
            timeout_ms = static_cast<int>(std::max<long long>(0, left.count()));
        }
        pollfd fds[2] = {{ConnectionNumber(x.display), POLLIN, 0}, {x.stop[0], POLLIN, 0}};
        const int ready = poll(fds, 2, timeout_ms);
        if (ready < 0 && errno != EINTR) return;
        if (fds[1].revents) return;
        if (fds[0].revents & (POLLERR | POLLHUP)) return;
    }
}

}  // namespace stampline::terminal::platform
