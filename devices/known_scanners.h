// The scanners Stampline knows by VID:PID: what `stampline scanners` names, what `stampline
// listen` picks when no --device is given, and what config/udev/70-stampline-scanners.rules lets
// non-root users open (udev_rules() writes that file; a test keeps the two in step).
//
// An entry with product 0 stands for every product of the vendor: scanner makers reuse one
// vendor id across models and modes. Pure: no I/O.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "devices/usb_id.h"

namespace stampline::devices {

struct KnownScanner {
    std::uint16_t vid = 0;
    std::uint16_t pid = 0;   // 0: any product of the vendor
    std::string_view name;   // "Honeywell / Metrologic scanners"
    std::string_view modes;  // "keyboard, hid-pos": the modes such scanners are set to
};

std::span<const KnownScanner> known_scanners();

// The most specific entry for id (an exact VID:PID before a vendor-wide one), or nullopt.
std::optional<KnownScanner> find_known_scanner(UsbId id);

// The text of config/udev/70-stampline-scanners.rules: one rule per table entry.
std::string udev_rules();

}  // namespace stampline::devices
