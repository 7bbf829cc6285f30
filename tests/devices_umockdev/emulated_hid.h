// An emulated USB HID scanner for the real libusb code: a umockdev testbed plus an ioctl handler
// that answers usbdevfs requests the way the kernel does (libusb's own tests/umockdev.c does the
// same). The test can plug and unplug the device while it is open and queue the interrupt reports
// it sends. Requires umockdev's preload library: run the binary under `umockdev-wrapper`.
//
// The emulation answers: GET_CAPABILITIES, CLAIM/RELEASEINTERFACE, GETDRIVER (no kernel driver),
// control transfers GET_DESCRIPTOR(HID report) with the given report descriptor (others stall),
// interrupt-IN transfers with the queued reports (one report per transfer), DISCARDURB. On
// unplug, a transfer in flight completes with -ESHUTDOWN, every later request of a connection
// opened before the unplug fails with ENODEV, the device disappears from sysfs and /dev (with a
// "remove" uevent) and the reports still queued are lost, as with a real cable pull.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace stampline::testing {

using Report = std::vector<std::uint8_t>;

struct EmulatedHidConfig {
    std::string umockdev_file;  // sysfs description (umockdev-record format) with H: descriptors=
    std::string syspath;        // "/devices/pci0000:00/0000:00:14.0/usb1/1-2"
    std::string devnode;        // "/dev/bus/usb/001/005"
    std::vector<std::uint8_t> report_descriptor;  // answered to GET_DESCRIPTOR(0x22)
};

class EmulatedHid {
public:
    explicit EmulatedHid(EmulatedHidConfig config);
    ~EmulatedHid();
    EmulatedHid(const EmulatedHid&) = delete;
    EmulatedHid& operator=(const EmulatedHid&) = delete;

    void plug();    // adds the device (an "add" uevent); new connections work again
    void unplug();  // see above
    void send(const std::vector<Report>& reports);
    // Waits until every queued report was read by the host; false when `timeout` passes first.
    bool wait_drained(std::chrono::milliseconds timeout) const;
    std::size_t reports_read() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Reports typing `text` on a US boot keyboard: letters, digits, '-', ']' and ASCII 29 (as
// Ctrl+]), each key pressed and released, then Enter.
std::vector<Report> typed(const std::string& text);

}  // namespace stampline::testing
