#include "devices/hid_pos.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "devices/hid_descriptor.h"
#include "devices/hidpos_descriptor.h"

using namespace stampline::devices;
using Bytes = std::vector<std::uint8_t>;

namespace {

const Bytes kDescriptorA = test::hidpos_descriptor_a();

// Descriptor B: no report ids; 4 button bits and 4 padding bits first, Decoded Data declared as
// an array with one usage, the symbology identifiers as three separate usages after the data.
const Bytes kDescriptorB = {
    0x05, 0x8c, 0x09, 0x02, 0xa1, 0x01,  // Usage Page 0x8C, Usage (Scanner), Collection (App)
    0x05, 0x09, 0x19, 0x01, 0x29, 0x04,  //   Usage Page (Button), Usage Min 1, Max 4
    0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x04, 0x81, 0x02,  // 4 x 1 bit, Input var
    0x95, 0x04, 0x81, 0x01,                                      // 4 bits padding
    0x05, 0x8c, 0x09, 0xfe,  //   Usage Page 0x8C, Usage (Decoded Data)
    0x26, 0xff, 0x00, 0x75, 0x08, 0x95, 0x10, 0x81, 0x00,  // 16 bytes, Input (Data, Array)
    0x09, 0xfb, 0x09, 0xfc, 0x09, 0xfd,                    //   Usage (Symbology Identifier 1, 2, 3)
    0x95, 0x03, 0x81, 0x02,                                //   3 bytes, Input (Data, Var)
    0xc0,
};

PosReportLayout layout_of(const Bytes& descriptor) {
    auto parsed = parse_report_descriptor(descriptor);
    REQUIRE_MESSAGE(parsed.has_value(), parsed.status().to_string());
    auto layout = find_scanned_data_report(*parsed);
    REQUIRE_MESSAGE(layout.has_value(), layout.status().to_string());
    return *layout;
}

Bytes report_a(const std::string& chunk, bool continued) {
    Bytes r = {0x02, static_cast<std::uint8_t>(chunk.size()), ']', 'd', '2'};
    for (std::size_t i = 0; i < 8; ++i)
        r.push_back(i < chunk.size() ? static_cast<std::uint8_t>(chunk[i]) : 0);
    r.push_back(continued ? 0x01 : 0x00);
    return r;
}

}  // namespace

TEST_CASE("the descriptor parser places fields at their bit offsets") {
    auto parsed = parse_report_descriptor(kDescriptorA);
    REQUIRE(parsed.has_value());
    CHECK(parsed->uses_report_ids);
    CHECK(parsed->report_bytes(ReportKind::Input, 2) == 13);
    CHECK(parsed->report_bytes(ReportKind::Output, 4) == 1);
    const ReportField& data = parsed->fields.at(2);
    CHECK(data.usage_at(0) == kUsageDecodedData);
    CHECK(data.usage_at(7) == kUsageDecodedData);
    CHECK(data.bit_offset == 32);
    CHECK(parsed->fields.at(1).usage_at(2) == kUsageSymbologyId3);
    CHECK(parsed->fields.at(3).collections ==
          std::vector<std::uint32_t>{hid_usage(0x8c, 0x02), kUsageScannedDataReport});
}

TEST_CASE("HID POS continued reports are joined and the AIM identifier kept") {
    HidPosDecoder decoder(layout_of(kDescriptorA));
    const std::string gs1 =
        "010950600013435210ABC\x1d"
        "21X1";
    std::optional<PosScan> scan;
    for (std::size_t at = 0; at < gs1.size(); at += 8) {
        const bool more = at + 8 < gs1.size();
        auto fed = decoder.feed(report_a(gs1.substr(at, 8), more));
        REQUIRE(fed.has_value());
        CHECK(fed->has_value() == !more);
        if (*fed) scan = **fed;
    }
    REQUIRE(scan);
    CHECK(scan->symbology == "]d2");
    CHECK(scan->text == gs1);

    // The next scan starts afresh.
    auto next = decoder.feed(report_a("SB1-K017", false));
    REQUIRE(next.has_value());
    REQUIRE(next->has_value());
    CHECK((*next)->text == "SB1-K017");
}

TEST_CASE("HID POS reports of another id are ignored and short reports refused") {
    HidPosDecoder decoder(layout_of(kDescriptorA));
    const Bytes trigger = {0x04, 0x01};
    auto ignored = decoder.feed(trigger);
    REQUIRE(ignored.has_value());
    CHECK_FALSE(ignored->has_value());
    const Bytes short_report = {0x02, 0x03, ']', 'd'};
    auto refused = decoder.feed(short_report);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().message().find("13 expected") != std::string::npos);
}

TEST_CASE("HID POS data is found by usage in a descriptor without report ids") {
    HidPosDecoder decoder(layout_of(kDescriptorB));
    Bytes report = {0x05};  // buttons 1 and 3, padding
    const std::string text = "SL1-KSO298-42-Z1";
    for (char c : text) report.push_back(static_cast<std::uint8_t>(c));
    report.insert(report.end(), {'Q', '3', 0});  // symbology without the leading ']'
    auto fed = decoder.feed(report);
    REQUIRE(fed.has_value());
    REQUIRE(fed->has_value());
    CHECK((*fed)->symbology == "]Q3");
    CHECK((*fed)->text == text);
}

TEST_CASE("a boot keyboard descriptor is not a HID POS scanner") {
    const Bytes keyboard = {0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7,
                            0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x01,
                            0x75, 0x08, 0x81, 0x01, 0x95, 0x06, 0x75, 0x08, 0x15, 0x00, 0x25, 0x65,
                            0x05, 0x07, 0x19, 0x00, 0x29, 0x65, 0x81, 0x00, 0xc0};
    auto parsed = parse_report_descriptor(keyboard);
    REQUIRE(parsed.has_value());
    CHECK(parsed->report_bytes(ReportKind::Input, 0) == 8);
    auto layout = find_scanned_data_report(*parsed);
    REQUIRE_FALSE(layout.has_value());
    CHECK(layout.error().code() == stampline::Code::NotFound);
}

TEST_CASE("malformed descriptors are refused with the byte offset") {
    const Bytes unclosed = {0x05, 0x8c, 0xa1, 0x01};
    CHECK_FALSE(parse_report_descriptor(unclosed).has_value());
    const Bytes truncated = {0x05, 0x8c, 0x26, 0xff};
    auto t = parse_report_descriptor(truncated);
    REQUIRE_FALSE(t.has_value());
    CHECK(t.error().message().find("byte 2") != std::string::npos);
    const Bytes stray_end = {0xc0};
    CHECK_FALSE(parse_report_descriptor(stray_end).has_value());
    const Bytes huge_size = {0x75, 0x40, 0x95, 0x01, 0x81, 0x02};
    CHECK_FALSE(parse_report_descriptor(huge_size).has_value());
}

TEST_CASE("random descriptor and report bytes never crash the parsers") {
    std::mt19937 rng(29);
    for (int round = 0; round < 20000; ++round) {
        Bytes bytes(rng() % 64);
        for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
        auto parsed = parse_report_descriptor(bytes);
        if (!parsed) continue;
        auto layout = find_scanned_data_report(*parsed);
        if (!layout) continue;
        HidPosDecoder decoder(*layout);
        auto scan = decoder.feed(bytes);
        // A scan is made of the bytes fed: it can never hold more text than it was given.
        if (scan && scan->has_value()) CHECK((*scan)->text.size() <= bytes.size());
    }
}
