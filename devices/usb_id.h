// USB vendor and product ids as the configuration and the command line spell them.
#pragma once

#include <cstdint>
#include <string>

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

// The udev rule that lets non-root users open the device: group plugdev and the seat's user.
std::string udev_rule(UsbId id);

}  // namespace stampline::devices
