#include "devices/usb_id.h"

#include <cstdio>

namespace stampline::devices {

Result<UsbId> parse_usb_id(const std::string& text) {
    unsigned vid = 0, pid = 0;
    char extra = 0;
    if (std::sscanf(text.c_str(), "%4x:%4x%c", &vid, &pid, &extra) != 2)
        return invalid("USB id '" + text + "' is not VID:PID in hex, e.g. 0c2e:0b61");
    return UsbId{static_cast<std::uint16_t>(vid), static_cast<std::uint16_t>(pid)};
}

std::string to_string(UsbId id) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04x:%04x", id.vid, id.pid);
    return buf;
}

std::string udev_rule(UsbId id) {
    char buf[192];
    std::snprintf(buf, sizeof buf,
                  "SUBSYSTEM==\"usb\", ATTR{idVendor}==\"%04x\", ATTR{idProduct}==\"%04x\", "
                  "MODE=\"0660\", GROUP=\"plugdev\", TAG+=\"uaccess\"",
                  id.vid, id.pid);
    return buf;
}

}  // namespace stampline::devices
