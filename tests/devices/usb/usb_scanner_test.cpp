// Runs under umockdev-run with tests/data/usb/scanner.umockdev + scanner.ioctl: the real libusb
// code against an emulated keyboard-mode scanner (VID 0c2e, PID 0b61).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "devices/usb_scanner.h"

#include <doctest/doctest.h>

#include <chrono>

using namespace stampline::devices;

TEST_CASE("a keyboard-mode scanner over libusb delivers SHEET-000123") {
    auto scanner = UsbHidScanner::open({0x0c2e, 0x0b61});
    REQUIRE_MESSAGE(scanner.has_value(), scanner.status().to_string());
    // umockdev's ioctl replay does not answer string descriptor requests: the id stays.
    CHECK((*scanner)->name().find("(0c2e:0b61)") != std::string::npos);
    CHECK((*scanner)->mode() == "keyboard");
    auto scan = (*scanner)->next_scan(std::chrono::seconds(5));
    REQUIRE_MESSAGE(scan.has_value(), scan.status().to_string());
    REQUIRE(scan->has_value());
    CHECK(**scan == "SHEET-000123");
    // The replay loops: the next scan is the same one again, delivered once more, complete.
    auto again = (*scanner)->next_scan(std::chrono::seconds(5));
    REQUIRE(again.has_value());
    REQUIRE(again->has_value());
    CHECK(**again == "SHEET-000123");
}

TEST_CASE("a device that is not attached is NotFound") {
    auto scanner = UsbHidScanner::open({0x1234, 0x5678});
    REQUIRE_FALSE(scanner.has_value());
    CHECK(scanner.error().code() == stampline::Code::NotFound);
    CHECK(scanner.error().message().find("1234:5678") != std::string::npos);
}

TEST_CASE("a VID:PID text parses and a bad one is refused") {
    auto id = parse_usb_id("0c2e:0b61");
    REQUIRE(id.has_value());
    CHECK(*id == UsbId{0x0c2e, 0x0b61});
    CHECK(to_string(*id) == "0c2e:0b61");
    CHECK_FALSE(parse_usb_id("0c2e").has_value());
    CHECK_FALSE(parse_usb_id("0c2e:0b61x").has_value());
}
