#include "devices/keyboard_scanner.h"

#include <doctest/doctest.h>

#include <deque>
#include <string>
#include <vector>

using namespace stampline;
using namespace stampline::devices;
using Kind = ScannerEvent::Kind;
using Report = std::vector<std::uint8_t>;

namespace {

// Reports typing `text` + Enter on a US boot keyboard (letters, digits, '-').
std::vector<Report> typed(const std::string& text) {
    std::vector<Report> out;
    for (char c : text) {
        std::uint8_t mods = 0, key = 0;
        if (c >= 'A' && c <= 'Z')
            mods = 0x02, key = static_cast<std::uint8_t>(0x04 + c - 'A');
        else if (c >= '1' && c <= '9')
            key = static_cast<std::uint8_t>(0x1e + c - '1');
        else if (c == '0')
            key = 0x27;
        else if (c == '-')
            key = 0x2d;
        out.push_back({mods, 0, key, 0, 0, 0, 0, 0});
        out.push_back(Report(8, 0));
    }
    out.push_back({0, 0, 0x28, 0, 0, 0, 0, 0});
    out.push_back(Report(8, 0));
    return out;
}

// One connection of a fake device: its reports, then (if unplug) Unavailable.
class FakeDevice : public ReportSource {
public:
    FakeDevice(std::vector<Report> reports, bool unplug)
        : reports_(reports.begin(), reports.end()), unplug_(unplug) {}
    Result<std::optional<Report>> read_report(std::chrono::milliseconds) override {
        if (!reports_.empty()) {
            Report r = reports_.front();
            reports_.pop_front();
            return std::optional<Report>(r);
        }
        if (unplug_) return Status(Code::Unavailable, "reading fake: LIBUSB_ERROR_NO_DEVICE");
        return std::optional<Report>{};
    }
    const std::string& name() const override { return name_; }

private:
    std::deque<Report> reports_;
    bool unplug_;
    std::string name_ = "fake scanner";
};

}  // namespace

TEST_CASE("an unplug during a session then a replug: the next scan is delivered once") {
    // First connection: a whole scan, then half of the next one, then the cable is pulled.
    std::vector<Report> first = typed("SB1-K017-2-X");
    std::vector<Report> half = typed("SL1-CUT");
    first.insert(first.end(), half.begin(), half.begin() + 6);
    int opens = 0;
    ReportSourceOpener open = [&]() -> Result<std::unique_ptr<ReportSource>> {
        ++opens;
        if (opens == 1) return std::unique_ptr<ReportSource>(new FakeDevice(first, true));
        if (opens <= 3) return not_found("no USB device 0c2e:0b61 is attached");
        return std::unique_ptr<ReportSource>(new FakeDevice(typed("SL1-KSO298-42"), false));
    };
    KeyboardScanner scanner("usb 0c2e:0b61", open, std::chrono::milliseconds(0));
    std::vector<ScannerEvent> events;
    for (int i = 0; i < 50; ++i)
        if (auto e = scanner.next(std::chrono::milliseconds(1))) events.push_back(*e);
    REQUIRE(events.size() == 5);
    CHECK(events[0].kind == Kind::Connected);
    CHECK(events[1].kind == Kind::Scan);
    CHECK(events[1].scan.text == "SB1-K017-2-X");
    CHECK(events[1].scan.source == "usb 0c2e:0b61");
    CHECK(events[2].kind == Kind::Disconnected);
    CHECK(events[2].detail.find("NO_DEVICE") != std::string::npos);
    CHECK(events[3].kind == Kind::Connected);  // one notice, however many reopen attempts failed
    CHECK(events[4].kind == Kind::Scan);
    CHECK(events[4].scan.text ==
          "SL1-KSO298-42");  // not "SL1SL1-KSO298-42": the cut scan is dropped
    CHECK(opens == 4);
}

TEST_CASE("a scanner absent at start is reported once and picked up when plugged") {
    int opens = 0;
    ReportSourceOpener open = [&]() -> Result<std::unique_ptr<ReportSource>> {
        if (++opens < 3) return not_found("no USB device 0c2e:0b61 is attached");
        return std::unique_ptr<ReportSource>(new FakeDevice(typed("A1"), false));
    };
    KeyboardScanner scanner("usb 0c2e:0b61", open, std::chrono::milliseconds(0));
    std::vector<Kind> kinds;
    for (int i = 0; i < 20; ++i)
        if (auto e = scanner.next(std::chrono::milliseconds(1))) kinds.push_back(e->kind);
    CHECK(kinds == std::vector<Kind>{Kind::Disconnected, Kind::Connected, Kind::Scan});
}

namespace {

// A HID POS device: report id 1, 4 data bytes, then a byte whose bit 0 is Decode Data Continued.
PosReportLayout make_pos_layout() {
    const std::vector<std::uint8_t> descriptor = {
        0x05, 0x8c, 0x09, 0x02, 0xa1, 0x01,              // Bar Code Scanner application
        0x85, 0x01, 0x15, 0x00, 0x26, 0xff, 0x00, 0x75,  // report 1, 8-bit values
        0x08, 0x09, 0xfe, 0x95, 0x04, 0x82, 0x02, 0x01,  // 4 x Decoded Data
        0x09, 0xff, 0x25, 0x01, 0x75, 0x01, 0x95, 0x01,  // Decode Data Continued
        0x81, 0x02, 0x95, 0x07, 0x81, 0x03, 0xc0};       // + 7 bits padding
    auto parsed = parse_report_descriptor(descriptor);
    REQUIRE(parsed.has_value());
    auto layout = find_scanned_data_report(*parsed);
    REQUIRE(layout.has_value());
    return *layout;
}

Report pos_report(const std::string& chunk, bool continued) {
    Report r = {0x01};
    for (std::size_t i = 0; i < 4; ++i)
        r.push_back(i < chunk.size() ? static_cast<std::uint8_t>(chunk[i]) : 0);
    r.push_back(continued ? 1 : 0);
    return r;
}

class FakePosDevice : public FakeDevice {
public:
    FakePosDevice(std::vector<Report> reports, bool unplug)
        : FakeDevice(std::move(reports), unplug), layout_(make_pos_layout()) {}
    const PosReportLayout* pos_layout() const override { return &layout_; }

private:
    PosReportLayout layout_;
};

}  // namespace

TEST_CASE("a HID POS source is decoded by its layout and a scan cut by an unplug is dropped") {
    int opens = 0;
    ReportSourceOpener open = [&]() -> Result<std::unique_ptr<ReportSource>> {
        if (++opens == 1)  // "SL1-" continued, then the cable is pulled
            return std::unique_ptr<ReportSource>(
                new FakePosDevice({pos_report("SL1-", true)}, true));
        return std::unique_ptr<ReportSource>(new FakePosDevice(
            {pos_report("SB1-", true), pos_report("K017", true), pos_report("-2-X", false)},
            false));
    };
    KeyboardScanner scanner("usb 0c2e:0b6a", open, std::chrono::milliseconds(0));
    std::vector<ScannerEvent> events;
    for (int i = 0; i < 20; ++i)
        if (auto e = scanner.next(std::chrono::milliseconds(1))) events.push_back(*e);
    REQUIRE(events.size() == 4);
    CHECK(events[0].kind == Kind::Connected);
    CHECK(events[1].kind == Kind::Disconnected);
    CHECK(events[2].kind == Kind::Connected);
    CHECK(events[3].kind == Kind::Scan);
    CHECK(events[3].scan.text == "SB1-K017-2-X");  // not "SL1-SB1-...": the cut scan is dropped
}

TEST_CASE("an arrival reported while absent reopens at once instead of after the interval") {
    int opens = 0, waits = 0;
    ReportSourceOpener open = [&]() -> Result<std::unique_ptr<ReportSource>> {
        if (++opens == 1) return not_found("no USB device 0c2e:0b61 is attached");
        return std::unique_ptr<ReportSource>(new FakeDevice(typed("A1"), false));
    };
    // A reopen interval no test would wait for: only the arrival can bring the device back.
    KeyboardScanner scanner("usb 0c2e:0b61", open, std::chrono::hours(1),
                            [&](std::chrono::milliseconds) { return ++waits == 3; });
    std::vector<Kind> kinds;
    for (int i = 0; i < 10; ++i)
        if (auto e = scanner.next(std::chrono::milliseconds(1))) kinds.push_back(e->kind);
    CHECK(kinds == std::vector<Kind>{Kind::Disconnected, Kind::Connected, Kind::Scan});
    CHECK(opens == 2);
    CHECK(waits == 3);
}
