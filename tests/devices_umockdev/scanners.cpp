#include "tests/devices_umockdev/scanners.h"

#include "tests/devices/hidpos_descriptor.h"

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
    return devices::test::hidpos_descriptor_a();
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
