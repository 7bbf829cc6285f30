#include "devices/keyboard_scanner.h"

#include <algorithm>
#include <thread>

namespace stampline::devices {

KeyboardScanner::KeyboardScanner(std::string source, ReportSourceOpener open,
                                 std::chrono::milliseconds reopen_interval)
    : source_(std::move(source)), open_(std::move(open)), reopen_interval_(reopen_interval) {}

std::optional<ScannerEvent> KeyboardScanner::next(std::chrono::milliseconds timeout) {
    using Kind = ScannerEvent::Kind;
    using SteadyClock = std::chrono::steady_clock;
    if (!device_) {
        const auto now = SteadyClock::now();
        if (now < next_open_) {
            std::this_thread::sleep_for(std::min<SteadyClock::duration>(next_open_ - now, timeout));
            return std::nullopt;
        }
        next_open_ = now + reopen_interval_;
        auto opened = open_();
        if (!opened) {
            if (told_absent_) return std::nullopt;
            told_absent_ = true;
            return ScannerEvent{Kind::Disconnected, {}, opened.error().message()};
        }
        device_ = std::move(opened).value();
        decoder_.reset();
        told_absent_ = false;
        return ScannerEvent{Kind::Connected, {}, device_->name()};
    }
    const auto deadline = SteadyClock::now() + timeout;
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
        auto report = device_->read_report(std::max(left, std::chrono::milliseconds(0)));
        if (!report) {
            device_.reset();  // closes the device; the next connection decodes afresh
            decoder_.reset();
            told_absent_ = true;
            next_open_ = SteadyClock::now() + reopen_interval_;
            return ScannerEvent{Kind::Disconnected, {}, report.error().message()};
        }
        if (!*report) return std::nullopt;
        // Longer packets carry the boot report first; shorter ones are not boot reports.
        auto scan = (*report)->size() < kBootReportSize
                        ? Result<std::optional<std::string>>(std::optional<std::string>{})
                        : decoder_.feed({(*report)->data(), kBootReportSize});
        if (scan && *scan) return ScannerEvent{Kind::Scan, make_scan(**scan, source_), ""};
        if (SteadyClock::now() >= deadline) return std::nullopt;
    }
}

}  // namespace stampline::devices
