// A keyboard-mode scanner read from its own input device: /dev/input/eventN, found by the USB
// vendor and product id in sysfs, grabbed (EVIOCGRAB) so its keys reach neither the X server nor
// any other reader: they never act on a screen as typing. Keys are decoded from Linux key codes
// through the US map (the host layout does not matter); each Enter ends a scan, timed by the
// kernel's timestamp of that key (ScannerKeyDecoder).
//
// Unplugged, or not there yet: a Disconnected notice, then a new look every second. Needs read
// access to the device node (the udev rule of `stampline udev-rule` gives it to group plugdev).
#pragma once
#include <deque>
#include <memory>
#include <string>

#include "devices/scanner.h"
#include "devices/usb_id.h"
#include "terminal/core/source_keys.h"

namespace stampline::terminal::platform {

// The event device node ("/dev/input/event7") of the input device with this id, "" when none.
std::string find_event_device(devices::UsbId id);

class EvdevScanner final : public devices::Scanner {
public:
    explicit EvdevScanner(devices::UsbId id);
    ~EvdevScanner() override;
    std::optional<devices::ScannerEvent> next(std::chrono::milliseconds timeout) override;

private:
    bool open_device();
    void close_device();
    // Reads what the device has and decodes it into events_; false when the device went away.
    bool read_events();

    devices::UsbId id_;
    std::string source_;  // "evdev 0c2e:0b61"
    int fd_ = -1;
    std::string path_;
    bool absent_reported_ = false;
    std::string partial_;  // bytes of an input_event record not yet complete
    ScannerKeyDecoder decoder_;
    std::deque<devices::ScannerEvent> events_;
};

}  // namespace stampline::terminal::platform
