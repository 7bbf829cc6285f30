#include "terminal/app/scanner_thread.h"

namespace stampline::terminal {

ScannerThread::ScannerThread(std::unique_ptr<devices::Scanner> scanner, ActionQueue& queue,
                             std::function<void()> on_stop)
    : scanner_(std::move(scanner)),
      queue_(queue),
      on_stop_(std::move(on_stop)),
      thread_(&ScannerThread::run, this) {}

ScannerThread::~ScannerThread() {
    stop_ = true;
    if (on_stop_) on_stop_();
    thread_.join();
}

void ScannerThread::run() {
    using Kind = devices::ScannerEvent::Kind;
    while (!stop_ && !scanner_->finished()) {
        std::optional<devices::ScannerEvent> event = scanner_->next(std::chrono::milliseconds(200));
        if (!event) continue;
        switch (event->kind) {
            case Kind::Scan:
                queue_.post(ScanRead{event->scan.symbology + event->scan.text, event->scan.source});
                break;
            case Kind::Connected: queue_.post(ScannerChanged{true, event->detail}); break;
            case Kind::Disconnected: queue_.post(ScannerChanged{false, event->detail}); break;
        }
    }
}

}  // namespace stampline::terminal
