// Keyboard-mode USB scanners read through libusb, not through the host's keyboard layout.
//
// open() finds the configured VID:PID, picks its HID boot-keyboard interface (class 3, subclass
// 1, protocol 1) and interrupt-IN endpoint, detaches the kernel's keyboard driver only when it is
// attached (so scans do not leak into other windows; re-attached on close) and claims the
// interface. next_scan() keeps one 8-byte interrupt transfer outstanding at a time and decodes
// the reports with HidKeyboardDecoder (hid_keyboard.h). One object owns its own libusb context;
// use it from one thread. No libusb type appears here.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "devices/keyboard_scanner.h"
#include "devices/scanner.h"
#include "shared/status.h"

namespace stampline::devices {

struct UsbId {
    std::uint16_t vid = 0;
    std::uint16_t pid = 0;
    bool operator==(const UsbId&) const = default;
};

// "0c2e:0b61" -> UsbId, or InvalidArgument quoting the text.
Result<UsbId> parse_usb_id(const std::string& text);
std::string to_string(UsbId id);

// Named timeouts of the driver.
inline constexpr std::chrono::milliseconds kReportPollTimeout{200};
inline constexpr std::chrono::milliseconds kReopenInterval{500};

// The udev rule that lets non-root users open the device.
std::string udev_rule(UsbId id);

// A HID device as `stampline scanners` shows it.
struct UsbHidDeviceInfo {
    UsbId id;
    std::string name;  // manufacturer + product strings, or "" when unreadable
    std::string mode;  // "keyboard" (HID boot keyboard) or "hid" (e.g. HID POS)
    bool can_open = false;
    std::string why_not;  // when !can_open: the error, with the udev rule for permissions
};

// Every attached USB device with a HID interface; IOError when libusb cannot start.
Result<std::vector<UsbHidDeviceInfo>> list_usb_hid_devices();

class UsbKeyboardScanner : public ReportSource {
public:
    // NotFound when no such device is attached, PermissionDenied (with the udev hint) when it
    // cannot be opened, Unavailable when it has no boot-keyboard interface or cannot be claimed.
    static Result<std::unique_ptr<UsbKeyboardScanner>> open(UsbId id);
    ~UsbKeyboardScanner()
        override;  // releases the interface, re-attaches the kernel driver, closes
    UsbKeyboardScanner(const UsbKeyboardScanner&) = delete;
    UsbKeyboardScanner& operator=(const UsbKeyboardScanner&) = delete;

    // The next complete scan (text before Enter), nullopt when `timeout` passes first,
    // Unavailable when the device is gone (unplugged), IOError for other transfer errors.
    Result<std::optional<std::string>> next_scan(std::chrono::milliseconds timeout);

    // One raw report: one interrupt transfer of the endpoint's packet size. Errors as next_scan.
    Result<std::optional<std::vector<std::uint8_t>>> read_report(
        std::chrono::milliseconds timeout) override;

    // "Proto Scanners HID Barcode Scanner (0c2e:0b61)", or "USB scanner (0c2e:0b61)" when the
    // device does not answer string descriptor requests.
    const std::string& name() const override;

private:
    struct Impl;
    explicit UsbKeyboardScanner(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The configured keyboard-mode scanner as a Scanner that survives unplug and replug
// (keyboard_scanner.h): reopened every kReopenInterval by polling (libusb hotplug callbacks are not
// used yet). Source name: "usb VID:PID".
std::unique_ptr<Scanner> make_usb_keyboard_scanner(UsbId id);

}  // namespace stampline::devices
