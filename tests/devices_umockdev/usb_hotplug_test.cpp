// The real libusb code of devices/usb_scanner.cpp against emulated scanners that the test plugs
// and unplugs while they are open (emulated_hid.h). Run under umockdev-wrapper.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "devices/usb_scanner.h"
#include "tests/devices_umockdev/emulated_hid.h"
#include "tests/devices_umockdev/scanners.h"

using namespace stampline;
using namespace stampline::devices;
using namespace stampline::testing;
using Kind = ScannerEvent::Kind;
using namespace std::chrono_literals;

namespace {

// The next event within `timeout`, polling as the terminal's scanner thread does.
std::optional<ScannerEvent> next_event(Scanner& scanner, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline)
        if (auto e = scanner.next(100ms)) return e;
    return std::nullopt;
}

// Every event for `span`.
std::vector<ScannerEvent> events_during(Scanner& scanner, std::chrono::milliseconds span) {
    std::vector<ScannerEvent> out;
    const auto deadline = std::chrono::steady_clock::now() + span;
    while (std::chrono::steady_clock::now() < deadline)
        if (auto e = scanner.next(100ms)) out.push_back(*e);
    return out;
}

}  // namespace

TEST_CASE("libusb: a keyboard-mode scanner delivers a GS1 scan typed with Ctrl+] as GS") {
    EmulatedHid device(keyboard_scanner_config());
    device.plug();
    auto scanner = make_usb_scanner(kKeyboardScannerId);
    auto connected = next_event(*scanner, 5s);
    REQUIRE(connected);
    REQUIRE(connected->kind == Kind::Connected);
    CHECK(connected->detail.find("(0c2e:0b61)") != std::string::npos);

    device.send(
        typed("]d2010950600013435210ABC\x1d"
              "21X1"));
    auto scan = next_event(*scanner, 5s);
    REQUIRE(scan);
    REQUIRE(scan->kind == Kind::Scan);
    CHECK(scan->scan.symbology == "]d2");
    CHECK(scan->scan.text ==
          "010950600013435210ABC\x1d"
          "21X1");
    CHECK(scan->scan.source == "usb 0c2e:0b61");
}

TEST_CASE("libusb: an unplug during a session then a replug delivers the next scan once") {
    EmulatedHid device(keyboard_scanner_config());
    device.plug();
    auto scanner = make_usb_scanner(kKeyboardScannerId);
    REQUIRE(next_event(*scanner, 5s)->kind == Kind::Connected);

    device.send(typed("SB1-K017-2-X"));
    auto first = next_event(*scanner, 5s);
    REQUIRE(first);
    REQUIRE(first->kind == Kind::Scan);
    CHECK(first->scan.text == "SB1-K017-2-X");

    // Half of the next scan reaches the host, then the cable is pulled.
    const std::vector<Report> cut = typed("SL1-CUT");
    device.send({cut.begin(), cut.begin() + 6});
    while (!device.wait_drained(10ms)) scanner->next(10ms);
    CHECK(events_during(*scanner, 300ms).empty());  // a half scan is not a scan
    device.unplug();
    auto gone = next_event(*scanner, 5s);
    REQUIRE(gone);
    CHECK(gone->kind == Kind::Disconnected);
    CHECK(gone->detail.find("unplugged") != std::string::npos);
    // Reopen attempts fail while it is away: no second notice, no scan.
    CHECK(events_during(*scanner, 3 * kReopenInterval).empty());

    device.plug();
    auto back = next_event(*scanner, 5s);
    REQUIRE(back);
    CHECK(back->kind == Kind::Connected);
    device.send(typed("SB1-K018-1-A"));
    std::vector<ScannerEvent> after = events_during(*scanner, 2s);
    REQUIRE(after.size() == 1);
    CHECK(after[0].kind == Kind::Scan);
    CHECK(after[0].scan.text == "SB1-K018-1-A");  // not "SL1SB1-...": the cut scan is dropped
}

TEST_CASE(
    "libusb: a replug is noticed through libusb hotplug without waiting for the reopen poll") {
    EmulatedHid device(keyboard_scanner_config());
    device.plug();
    // Polling alone would not reopen within the test: only the hotplug arrival can.
    auto scanner = make_usb_scanner(kKeyboardScannerId, std::chrono::hours(1));
    REQUIRE(next_event(*scanner, 5s)->kind == Kind::Connected);
    device.unplug();
    REQUIRE(next_event(*scanner, 5s)->kind == Kind::Disconnected);
    device.plug();
    auto back = next_event(*scanner, 5s);
    REQUIRE(back);
    CHECK(back->kind == Kind::Connected);
    device.send(typed("A2"));
    auto scan = next_event(*scanner, 5s);
    REQUIRE(scan);
    CHECK(scan->scan.text == "A2");
}

TEST_CASE("libusb: a scanner plugged in after start is picked up") {
    EmulatedHid device(keyboard_scanner_config());
    auto scanner = make_usb_scanner(kKeyboardScannerId);
    auto absent = next_event(*scanner, 5s);
    REQUIRE(absent);
    CHECK(absent->kind == Kind::Disconnected);
    CHECK(absent->detail.find("0c2e:0b61") != std::string::npos);
    device.plug();
    auto present = next_event(*scanner, 5s);
    REQUIRE(present);
    CHECK(present->kind == Kind::Connected);
    device.send(typed("A1"));
    auto scan = next_event(*scanner, 5s);
    REQUIRE(scan);
    CHECK(scan->scan.text == "A1");
}

TEST_CASE("libusb: a HID POS scanner delivers a scan joined from continued reports") {
    EmulatedHid device(hidpos_scanner_config());
    device.plug();
    auto opened = UsbHidScanner::open(kHidPosScannerId);
    REQUIRE_MESSAGE(opened.has_value(), opened.status().to_string());
    CHECK((*opened)->mode() == "hid-pos");
    REQUIRE((*opened)->pos_layout() != nullptr);
    CHECK((*opened)->pos_layout()->report_id == 2);
    opened = Status(Code::NotFound, "closed");  // release the device for the Scanner below

    auto scanner = make_usb_scanner(kHidPosScannerId);
    REQUIRE(next_event(*scanner, 5s)->kind == Kind::Connected);
    const std::string gs1 =
        "010950600013435210ABC\x1d"
        "21X1";
    device.send(hidpos_reports("]d2", gs1));  // 4 reports, 3 of them continued
    auto scan = next_event(*scanner, 5s);
    REQUIRE(scan);
    REQUIRE(scan->kind == Kind::Scan);
    CHECK(scan->scan.symbology == "]d2");
    CHECK(scan->scan.text == gs1);
    CHECK(scan->scan.source == "usb 0c2e:0b6a");
    CHECK(device.reports_read() == 4);
}

TEST_CASE("libusb: a HID POS scanner unplugged mid-scan delivers the next scan once after replug") {
    EmulatedHid device(hidpos_scanner_config());
    device.plug();
    auto scanner = make_usb_scanner(kHidPosScannerId);
    REQUIRE(next_event(*scanner, 5s)->kind == Kind::Connected);
    const std::vector<Report> cut = hidpos_reports("]C1", "SL1-KSO298-2611000421");
    device.send({cut.begin(), cut.begin() + 2});  // continued, continued, then the cable is pulled
    while (!device.wait_drained(10ms)) scanner->next(10ms);
    device.unplug();
    auto gone = next_event(*scanner, 5s);
    REQUIRE(gone);
    CHECK(gone->kind == Kind::Disconnected);
    device.plug();
    REQUIRE(next_event(*scanner, 5s)->kind == Kind::Connected);
    device.send(hidpos_reports("]d2", "SB1-K017-2-X"));
    std::vector<ScannerEvent> after = events_during(*scanner, 2s);
    REQUIRE(after.size() == 1);
    CHECK(after[0].scan.symbology == "]d2");
    CHECK(after[0].scan.text == "SB1-K017-2-X");
}

TEST_CASE("libusb: a HID device without a Scanned Data Report is not taken for a scanner") {
    EmulatedHidConfig config = hidpos_scanner_config();
    // A boot-keyboard report descriptor on a non-boot interface: no usage page 0x8C.
    config.report_descriptor = {0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x05, 0x07,
                                0x19, 0xe0, 0x29, 0xe7, 0x15, 0x00, 0x25, 0x01,
                                0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0xc0};
    EmulatedHid device(config);
    device.plug();
    auto opened = UsbHidScanner::open(kHidPosScannerId);
    REQUIRE_FALSE(opened.has_value());
    CHECK(opened.error().code() == Code::Unavailable);
    CHECK(opened.error().message().find("neither a keyboard-mode nor a HID POS scanner") !=
          std::string::npos);
}
