// A keyboard-mode scanner as an input event device (/dev/input/event7, USB 0c2e:0b61) emulated by
// a umockdev testbed in this process (tests/data/input/scanner-evdev.umockdev), for a terminal
// started with umockdev's preload (preload_wrapper()). The test writes the kernel's
// `struct input_event` records into the device itself, timestamped and paced as it chooses: one
// MSC_SCAN + EV_KEY + SYN_REPORT frame per key event, as a USB keyboard reports.
//
// umockdev answers EVIOCGRAB with success and does nothing: that the grab keeps the keys from
// the X server is not shown here (the X server never sees an emulated device anyway).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stampline::e2e {

class EmulatedEvdevScanner {
public:
    EmulatedEvdevScanner();  // the testbed exists from here ($UMOCKDEV_DIR set for children)
    ~EmulatedEvdevScanner();
    EmulatedEvdevScanner(const EmulatedEvdevScanner&) = delete;
    EmulatedEvdevScanner& operator=(const EmulatedEvdevScanner&) = delete;

    static constexpr const char* kUsbId = "0c2e:0b61";
    // The command a terminal runs under to see the testbed instead of the real /dev and /sys.
    static std::vector<std::string> preload_wrapper();

    // Types text as the scanner does (Shift around upper case, Ctrl+] for ASCII 29), then Enter,
    // `gap_us` between key events; timestamps exactly that far apart.
    void scan(std::string_view text, int gap_us);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace stampline::e2e
