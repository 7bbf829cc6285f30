// The HID POS report descriptor both the decoder tests (tests/devices/hid_pos_test.cpp) and the
// emulated USB scanner (tests/devices_umockdev/) use.
// Descriptor A: report id 2 inside a Scanned Data Report collection; a vendor length byte,
// three symbology bytes (usage range), 8 data bytes (buffered bytes), a continued bit + padding.
#pragma once
#include <cstdint>
#include <vector>

namespace stampline::devices::test {

inline const std::vector<std::uint8_t>& hidpos_descriptor_a() {
    static const std::vector<std::uint8_t> descriptor = {
        0x05, 0x8c,              // Usage Page (Bar Code Scanner)
        0x09, 0x02,              // Usage (Bar Code Scanner)
        0xa1, 0x01,              // Collection (Application)
        0x09, 0x12,              //   Usage (Scanned Data Report)
        0xa1, 0x02,              //   Collection (Logical)
        0x85, 0x02,              //     Report ID (2)
        0x15, 0x00,              //     Logical Minimum (0)
        0x26, 0xff, 0x00,        //     Logical Maximum (255)
        0x75, 0x08,              //     Report Size (8)
        0x06, 0x00, 0xff,        //     Usage Page (Vendor 0xFF00)
        0x09, 0x01,              //     Usage (vendor: length)
        0x95, 0x01,              //     Report Count (1)
        0x81, 0x02,              //     Input (Data, Var, Abs)
        0x05, 0x8c,              //     Usage Page (Bar Code Scanner)
        0x19, 0xfb,              //     Usage Minimum (Symbology Identifier 1)
        0x29, 0xfd,              //     Usage Maximum (Symbology Identifier 3)
        0x95, 0x03,              //     Report Count (3)
        0x81, 0x02,              //     Input (Data, Var, Abs)
        0x09, 0xfe,              //     Usage (Decoded Data)
        0x95, 0x08,              //     Report Count (8)
        0x82, 0x02, 0x01,        //     Input (Data, Var, Abs, Buffered Bytes)
        0x09, 0xff,              //     Usage (Decode Data Continued)
        0x25, 0x01,              //     Logical Maximum (1)
        0x75, 0x01,              //     Report Size (1)
        0x95, 0x01,              //     Report Count (1)
        0x81, 0x02,              //     Input (Data, Var, Abs)
        0x95, 0x07,              //     Report Count (7)
        0x81, 0x03,              //     Input (Const) padding
        0xc0,                    //   End Collection
        0x85, 0x04,              //   Report ID (4): a trigger output report
        0x09, 0x14,              //   Usage (Trigger Report)
        0x75, 0x08, 0x95, 0x01,  //   Report Size 8, Count 1
        0x91, 0x02,              //   Output (Data, Var, Abs)
        0xc0,                    // End Collection
    };
    return descriptor;
}

}  // namespace stampline::devices::test
