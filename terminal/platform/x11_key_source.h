// Keyboard-mode scanners typed into the terminal's X window, timed by the X server.
//
// GLFW hands key presses to the UI thread between frames, so a frame longer than the burst gap
// used to cut a scan in two: the wedge saw the time a key was taken, not the time it was typed.
// This source reads the same window's key presses on its own X connection and thread, each with
// the X server's timestamp, and runs the keyboard wedge there: what the wedge decides (scans,
// and a person's keys once it is clear they are not a scan) is queued for the UI thread, which
// ignores GLFW's own key callbacks while this source runs. A slow frame delays a scan; it can no
// longer split one, and a scan never reaches a screen as keystrokes.
#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "shared/status.h"
#include "terminal/core/keyboard_wedge.h"

namespace stampline::terminal::platform {

class X11KeySource {
public:
    // Opens a second connection to $DISPLAY and selects the key presses of `window` (an X
    // window id). Unavailable without an X display. `wake` is called (from the source's thread)
    // after each decision is queued.
    static Result<std::unique_ptr<X11KeySource>> start(unsigned long window, WedgeOptions options,
                                                       std::function<void()> wake);
    ~X11KeySource();  // stops the thread, closes the connection
    X11KeySource(const X11KeySource&) = delete;
    X11KeySource& operator=(const X11KeySource&) = delete;

    // What the wedge decided since the last call, in order.
    std::vector<WedgeOutput> take();

private:
    struct Impl;
    explicit X11KeySource(std::unique_ptr<Impl> impl);
    void run();

    std::unique_ptr<Impl> impl_;
    std::mutex mutex_;
    std::vector<WedgeOutput> decided_;
    std::thread thread_;
};

}  // namespace stampline::terminal::platform
