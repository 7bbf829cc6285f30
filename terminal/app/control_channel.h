// The test and automation channel (--control PATH): a FIFO read by a thread, one command a line.
//
//   SCAN <payload>      a scan from the "virtual" scanner: ScanRead{payload, "virtual"}; "<GS>"
//                       in the payload becomes ASCII 29, an AIM prefix ("]d2") is kept
//   SCREENSHOT <path>   the next rendered frame is written to <path> as PNG
//   STATE <path>        after the next frame, a JSON snapshot (state_snapshot.h) is written
//   QUIT                the terminal exits as on SIGTERM
//
// Files are written atomically (<path>.tmp, then renamed). Unknown lines are reported on stderr
// and skipped. Scans go straight to the ActionQueue; file requests wait for the frame loop,
// which is woken by `wake`.
#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "terminal/app/fifo_input.h"
#include "terminal/core/action_queue.h"

namespace stampline::terminal {

struct ControlRequests {
    std::vector<std::string> screenshots;  // PNG paths
    std::vector<std::string> states;       // JSON paths
    bool quit = false;
};

class ControlChannel {
public:
    // Starts the reader thread. queue must outlive the channel.
    ControlChannel(std::unique_ptr<FifoInput> fifo, ActionQueue& queue, std::function<void()> wake);
    ~ControlChannel();  // stops and joins the thread
    ControlChannel(const ControlChannel&) = delete;
    ControlChannel& operator=(const ControlChannel&) = delete;

    // The requests that arrived since the last call (UI thread).
    ControlRequests take();

private:
    void run();

    std::unique_ptr<FifoInput> fifo_;
    ActionQueue& queue_;
    std::function<void()> wake_;
    std::mutex mu_;
    ControlRequests pending_;
    std::thread thread_;
};

// "<GS>" and "\x1d" (as text) become ASCII 29.
std::string unescape_group_separators(std::string text);

}  // namespace stampline::terminal
