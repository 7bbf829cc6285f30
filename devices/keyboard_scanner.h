// A USB HID scanner as a Scanner that survives unplug and replug, over an injectable source of
// raw interrupt reports (the libusb adapter in usb_scanner.h, or a fake in tests). Keyboard-mode
// sources are decoded as boot-keyboard key codes (hid_keyboard.h); a source that gives a HID POS
// layout (pos_layout()) has its Scanned Data Reports decoded by usage (hid_pos.h).
//
// The device is (re)opened through `open`; a failed open or a read error gives one Disconnected
// notice, then a reopen is tried every `reopen_interval`, or as soon as `wait_absent` says a device
// arrived (the libusb adapter waits there for hotplug events); a successful open gives a Connected
// notice. The decoder starts afresh on every connection, so a scan cut by the unplug is dropped:
// never delivered half, never twice. Pure: no libusb types; one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "devices/hid_keyboard.h"
#include "devices/hid_pos.h"
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
    // Where a HID POS scanner puts its scans; nullptr for a keyboard-mode (boot) device.
    virtual const PosReportLayout* pos_layout() const { return nullptr; }
};

using ReportSourceOpener = std::function<Result<std::unique_ptr<ReportSource>>()>;
// Waits at most the given time while no device is open; true when a device may have arrived.
// The default sleeps and returns false (polling only).
using AbsentWait = std::function<bool(std::chrono::milliseconds)>;

class KeyboardScanner : public Scanner {
public:
    KeyboardScanner(std::string source, ReportSourceOpener open,
                    std::chrono::milliseconds reopen_interval, AbsentWait wait_absent = {});
    std::optional<ScannerEvent> next(std::chrono::milliseconds timeout) override;

private:
    std::optional<Scan> decode(const std::vector<std::uint8_t>& report);

    std::string source_;
    ReportSourceOpener open_;
    std::chrono::milliseconds reopen_interval_;
    std::unique_ptr<ReportSource> device_;
    HidKeyboardDecoder decoder_;
    std::optional<HidPosDecoder> pos_decoder_;  // set while a HID POS device is connected
    AbsentWait wait_absent_;
    bool told_absent_ = false;
    std::chrono::steady_clock::time_point next_open_{};
};

}  // namespace stampline::devices
