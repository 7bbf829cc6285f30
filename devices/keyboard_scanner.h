// A keyboard-mode scanner as a Scanner that survives unplug and replug, over an injectable
// source of raw boot-keyboard reports (the libusb adapter in usb_scanner.h, or a fake in tests).
//
// The device is (re)opened through `open`; a failed open or a read error gives one Disconnected
// notice, then a reopen is tried every `reopen_interval`; a successful open gives a Connected
// notice. The key decoder (hid_keyboard.h) starts afresh on every connection, so a scan cut by
// the unplug is dropped: never delivered half, never twice. Pure: no libusb types; one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "devices/hid_keyboard.h"
#include "devices/scanner.h"
#include "shared/status.h"

namespace stampline::devices {

class ReportSource {
public:
    virtual ~ReportSource() = default;
    // The next interrupt report, nullopt when `timeout` passes first, Unavailable when the
    // device is gone, IOError for other transfer errors.
    virtual Result<std::optional<std::vector<std::uint8_t>>> read_report(
        std::chrono::milliseconds timeout) = 0;
    virtual const std::string& name() const = 0;
};

using ReportSourceOpener = std::function<Result<std::unique_ptr<ReportSource>>()>;

class KeyboardScanner : public Scanner {
public:
    KeyboardScanner(std::string source, ReportSourceOpener open,
                    std::chrono::milliseconds reopen_interval);
    std::optional<ScannerEvent> next(std::chrono::milliseconds timeout) override;

private:
    std::string source_;
    ReportSourceOpener open_;
    std::chrono::milliseconds reopen_interval_;
    std::unique_ptr<ReportSource> device_;
    HidKeyboardDecoder decoder_;
    bool told_absent_ = false;
    std::chrono::steady_clock::time_point next_open_{};
};

}  // namespace stampline::devices
