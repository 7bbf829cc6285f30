#include "devices/virtual_scanner.h"

#include <doctest/doctest.h>

#include <sstream>
#include <vector>

using namespace stampline::devices;
using Kind = ScannerEvent::Kind;

namespace {

std::vector<ScannerEvent> drain(VirtualScanner& v) {
    std::vector<ScannerEvent> events;
    while (!v.finished())
        if (auto e = v.next(std::chrono::milliseconds(0))) events.push_back(*e);
    return events;
}

}  // namespace

TEST_CASE("the virtual scanner plays SCAN, UNPLUG and PLUG and drops scans while unplugged") {
    std::istringstream script(
        "# demo\n"
        "SCAN ]d2010950600013435210ABC<GS>21X1\n"
        "UNPLUG\n"
        "SCAN SL1-LOST\n"
        "PLUG\n"
        "SCAN SB1-K017-2-X\n"
        "BOGUS\n");
    VirtualScanner v(script);
    const auto events = drain(v);
    REQUIRE(events.size() == 5);
    CHECK(events[0].kind == Kind::Connected);
    CHECK(events[1].kind == Kind::Scan);
    CHECK(events[1].scan.symbology == "]d2");
    CHECK(events[1].scan.text ==
          "010950600013435210ABC\x1d"
          "21X1");
    CHECK(events[1].scan.source == "virtual");
    CHECK(events[2].kind == Kind::Disconnected);
    CHECK(events[3].kind == Kind::Connected);
    CHECK(events[4].kind == Kind::Scan);
    CHECK(events[4].scan.text == "SB1-K017-2-X");
    CHECK(events[4].scan.symbology.empty());
    CHECK(v.dropped_scans() == 1);
    CHECK(v.bad_lines() == 1);
}

TEST_CASE("make_scan splits an AIM identifier off raw text only when present") {
    CHECK(make_scan("]Q3SL1-X", "usb").symbology == "]Q3");
    CHECK(make_scan("]Q3SL1-X", "usb").text == "SL1-X");
    CHECK(make_scan("SL1-X", "usb").symbology.empty());
    CHECK(make_scan("]", "usb").text == "]");
}
