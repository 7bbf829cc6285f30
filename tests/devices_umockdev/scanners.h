// The emulated scanners of the umockdev tests: sysfs descriptions in tests/data/usb/ and the
// report descriptors their emulation answers.
#pragma once

#include <cstdint>
#include <vector>

#include "devices/usb_scanner.h"
#include "tests/devices_umockdev/emulated_hid.h"

namespace stampline::testing {

// tests/data/usb/scanner.umockdev: HID boot keyboard, EP 0x81, 8-byte reports.
inline constexpr devices::UsbId kKeyboardScannerId{0x0c2e, 0x0b61};
// tests/data/usb/hidpos-scanner.umockdev: HID POS (usage page 0x8C), EP 0x81, 14-byte reports.
inline constexpr devices::UsbId kHidPosScannerId{0x0c2e, 0x0b6a};

EmulatedHidConfig keyboard_scanner_config();
EmulatedHidConfig hidpos_scanner_config();

// The HID POS scanner's report descriptor: report id 2 in a Scanned Data Report collection, a
// length byte, 3 symbology identifier bytes, 8 decoded data bytes, a continued bit + padding.
const std::vector<std::uint8_t>& hidpos_report_descriptor();

// Its reports for one scan: 8 data bytes each, the continued bit set on all but the last.
std::vector<Report> hidpos_reports(const std::string& symbology, const std::string& text);

}  // namespace stampline::testing
