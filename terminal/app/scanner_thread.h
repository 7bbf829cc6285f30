// A device scanner (devices/scanner.h: USB keyboard-mode, virtual FIFO) read on its own thread:
// scans become ScanRead (the AIM identifier, when the scanner sent one, put back in front of the
// text), connect and disconnect notices become ScannerChanged.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <thread>

#include "devices/scanner.h"
#include "terminal/core/action_queue.h"

namespace stampline::terminal {

class ScannerThread {
public:
    // Starts reading. queue must outlive the thread. `on_stop` (optional) is called from the
    // destructor before joining, to unblock a scanner that waits on something else (a FIFO).
    ScannerThread(std::unique_ptr<devices::Scanner> scanner, ActionQueue& queue,
                  std::function<void()> on_stop = {});
    ~ScannerThread();
    ScannerThread(const ScannerThread&) = delete;
    ScannerThread& operator=(const ScannerThread&) = delete;

private:
    void run();

    std::unique_ptr<devices::Scanner> scanner_;
    ActionQueue& queue_;
    std::function<void()> on_stop_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace stampline::terminal
