#include "tests/devices_umockdev/scanners.h"

namespace stampline::testing {

EmulatedHidConfig keyboard_scanner_config() {
    return {STAMPLINE_TEST_DATA "/usb/scanner.umockdev",
            "/devices/pci0000:00/0000:00:14.0/usb1/1-2",
            "/dev/bus/usb/001/005",
            {}};
}

EmulatedHidConfig hidpos_scanner_config() {
    return {STAMPLINE_TEST_DATA "/usb/hidpos-scanner.umockdev",
            "/devices/pci0000:00/0000:00:14.0/usb1/1-3", "/dev/bus/usb/001/006",
            hidpos_report_descriptor()};
}

const std::vector<std::uint8_t>& hidpos_report_descriptor() {
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

std::vector<Report> hidpos_reports(const std::string& symbology, const std::string& text) {
    std::vector<Report> out;
    for (std::size_t at = 0; at < text.size() || at == 0; at += 8) {
        const std::string chunk = text.substr(at, 8);
        Report r = {0x02, static_cast<std::uint8_t>(chunk.size())};
        for (std::size_t i = 0; i < 3; ++i)
            r.push_back(i < symbology.size() ? static_cast<std::uint8_t>(symbology[i]) : 0);
        for (std::size_t i = 0; i < 8; ++i)
            r.push_back(i < chunk.size() ? static_cast<std::uint8_t>(chunk[i]) : 0);
        r.push_back(at + 8 < text.size() ? 0x01 : 0x00);
        out.push_back(r);
    }
    return out;
}

}  // namespace stampline::testing
