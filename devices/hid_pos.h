// HID POS scanners (usage page 0x8C, Bar Code Scanner): Scanned Data Reports -> scans.
//
// The layout comes from the device's report descriptor (hid_descriptor.h), never from fixed
// offsets: the data bytes are the elements with usage Decoded Data (0x8C:0xFE), the AIM
// symbology identifier the elements with Symbology Identifier 1..3 (0x8C:0xFB..0xFD), and a
// Decode Data Continued (0x8C:0xFF) bit set means the next report carries more of the same scan.
// Pure: no USB types, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "devices/hid_descriptor.h"
#include "shared/status.h"

namespace stampline::devices {

inline constexpr std::uint16_t kPageBarCodeScanner = 0x8c;
inline constexpr std::uint32_t kUsageScannedDataReport = hid_usage(0x8c, 0x12);
inline constexpr std::uint32_t kUsageSymbologyId1 = hid_usage(0x8c, 0xfb);
inline constexpr std::uint32_t kUsageSymbologyId3 = hid_usage(0x8c, 0xfd);
inline constexpr std::uint32_t kUsageDecodedData = hid_usage(0x8c, 0xfe);
inline constexpr std::uint32_t kUsageDecodeDataContinued = hid_usage(0x8c, 0xff);

// Where a scan sits in the device's input reports.
struct PosReportLayout {
    std::uint8_t report_id = 0;       // 0: the device uses no report ids
    std::vector<ReportField> fields;  // the input fields of that report
};

// The input report that carries Decoded Data (preferring one inside a Scanned Data Report
// collection), or NotFound when the descriptor has none — not a HID POS scanner.
Result<PosReportLayout> find_scanned_data_report(const ReportDescriptor& descriptor);

struct PosScan {
    std::string symbology;  // AIM identifier as "]d2", or "" when the scanner sent none
    std::string text;       // decoded data, trailing NUL padding removed
    bool operator==(const PosScan&) const = default;
};

class HidPosDecoder {
public:
    explicit HidPosDecoder(PosReportLayout layout) : layout_(std::move(layout)) {}

    // Feeds one interrupt-IN report (with its id byte when the device uses ids). Returns the
    // scan when this report completed one, nullopt for a continued part or a report of another
    // id, InvalidArgument for a report shorter than the layout (the partial scan is dropped).
    Result<std::optional<PosScan>> feed(std::span<const std::uint8_t> report);
    void reset() { partial_.reset(); }

private:
    PosReportLayout layout_;
    std::optional<PosScan> partial_;
};

}  // namespace stampline::devices
