#include "devices/keyboard_scanner.h"

#include <algorithm>
#include <thread>

namespace stampline::devices {

KeyboardScanner::KeyboardScanner(std::string source, ReportSourceOpener open,
                                 std::chrono::milliseconds reopen_interval, AbsentWait wait_absent)
    : source_(std::move(source)),
      open_(std::move(open)),
      reopen_interval_(reopen_interval),
      wait_absent_(std::move(wait_absent)) {}

std::optional<ScannerEvent> KeyboardScanner::next(std::chrono::milliseconds timeout) {
    using Kind = ScannerEvent::Kind;
    using SteadyClock = std::chrono::steady_clock;
    if (!device_) {
        const auto now = SteadyClock::now();
        if (now < next_open_) {
            const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::min<SteadyClock::duration>(next_open_ - now, timeout));
            if (!wait_absent_) {
                std::this_thread::sleep_for(wait);
                return std::nullopt;
            }
            if (!wait_absent_(wait)) return std::nullopt;  // else arrived: open at once
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
        pos_decoder_.reset();
        if (const PosReportLayout* layout = device_->pos_layout()) pos_decoder_.emplace(*layout);
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
        if (std::optional<Scan> scan = decode(**report))
            return ScannerEvent{Kind::Scan, std::move(*scan), ""};
        if (SteadyClock::now() >= deadline) return std::nullopt;
    }
}

// A bad report is skipped (and a HID POS scan it was part of dropped): never assert on USB data.
std::optional<Scan> KeyboardScanner::decode(const std::vector<std::uint8_t>& report) {
    if (pos_decoder_) {
        auto scan = pos_decoder_->feed(report);
        if (!scan || !*scan) return std::nullopt;
        Scan s;
        s.text = std::move((*scan)->text);
        s.symbology = std::move((*scan)->symbology);
        s.source = source_;
        s.time = std::chrono::system_clock::now();
        return s;
    }
    // Longer packets carry the boot report first; shorter ones are not boot reports.
    if (report.size() < kBootReportSize) return std::nullopt;
    auto text = decoder_.feed({report.data(), kBootReportSize});
    if (!text || !*text) return std::nullopt;
    return make_scan(**text, source_);
}

}  // namespace stampline::devices
