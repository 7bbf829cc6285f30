// USB scanners read through libusb, not through the host's keyboard layout or HID driver.
//
// open() finds the configured VID:PID and picks, in this order, its HID boot-keyboard interface
// (class 3, subclass 1, protocol 1: a keyboard-mode scanner) or a HID interface whose report
// descriptor (read with GET_DESCRIPTOR, never assumed) has a Scanned Data Report (usage page
// 0x8C: a HID POS scanner), with its interrupt-IN endpoint. It detaches the kernel's driver only
// when one is attached (so scans do not leak into other windows; re-attached on close) and claims
// the interface. Reports are read with one interrupt transfer outstanding at a time. No libusb
// type appears here.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "devices/keyboard_scanner.h"
#include "devices/scanner.h"
#include "devices/usb_id.h"
#include "shared/status.h"

namespace stampline::devices {

// Named timeouts of the driver.
inline constexpr std::chrono::milliseconds kReportPollTimeout{200};
inline constexpr std::chrono::milliseconds kReopenInterval{500};
inline constexpr std::chrono::milliseconds kControlTimeout{1000};

// A HID device as `stampline scanners` shows it.
struct UsbHidDeviceInfo {
    UsbId id;
    std::string name;   // manufacturer + product strings, or "" when unreadable
    std::string mode;   // "keyboard" (HID boot keyboard) or "hid" (e.g. HID POS)
    std::string known;  // the known-scanner table's entry (known_scanners.h), or ""
    bool can_open = false;
    std::string why_not;  // when !can_open: the error, with the udev rule for permissions
};

// Every attached USB device with a HID interface; IOError when libusb cannot start.
Result<std::vector<UsbHidDeviceInfo>> list_usb_hid_devices();

class UsbContext;  // one libusb context, shared by the scanners made from it (usb_scanner.cpp)

class UsbHidScanner : public ReportSource {
public:
    // NotFound when no such device is attached, PermissionDenied (with the udev hint) when it
    // cannot be opened, Unavailable when it has neither a boot-keyboard interface nor a HID POS
    // report descriptor, or cannot be claimed. With `context` null, a context of its own.
    static Result<std::unique_ptr<UsbHidScanner>> open(UsbId id,
                                                       std::shared_ptr<UsbContext> context = {});
    ~UsbHidScanner() override;  // releases the interface, re-attaches the kernel driver, closes
    UsbHidScanner(const UsbHidScanner&) = delete;
    UsbHidScanner& operator=(const UsbHidScanner&) = delete;

    // "keyboard" or "hid-pos".
    const std::string& mode() const;

    // The next complete scan of a keyboard-mode scanner (text before Enter, AIM identifier
    // kept), nullopt when `timeout` passes first or for a HID POS scanner, Unavailable when the
    // device is gone (unplugged), IOError for other transfer errors.
    Result<std::optional<std::string>> next_scan(std::chrono::milliseconds timeout);

    // One raw report: one interrupt transfer of the endpoint's packet size. Errors as next_scan.
    Result<std::optional<std::vector<std::uint8_t>>> read_report(
        std::chrono::milliseconds timeout) override;

    // "Proto Scanners HID Barcode Scanner (0c2e:0b61)", or "USB scanner (0c2e:0b61)" when the
    // device does not answer string descriptor requests.
    const std::string& name() const override;
    const PosReportLayout* pos_layout() const override;

private:
    struct Impl;
    explicit UsbHidScanner(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The configured scanner (keyboard mode or HID POS) as a Scanner that survives unplug and replug
// (keyboard_scanner.h). One libusb context serves every reopen; where libusb supports hotplug its
// arrival callback (which only sets a flag) wakes a reopen at once, else a reopen is tried every
// `reopen_interval`. All libusb calls, hotplug callbacks included, run on the thread calling
// next(). Source name: "usb VID:PID". Teardown in reverse: device, hotplug callback, context.
std::unique_ptr<Scanner> make_usb_scanner(
    UsbId id, std::chrono::milliseconds reopen_interval = kReopenInterval);
// The same; the name the terminal used before HID POS scanners were read.
inline std::unique_ptr<Scanner> make_usb_keyboard_scanner(UsbId id) {
    return make_usb_scanner(id);
}

}  // namespace stampline::devices
