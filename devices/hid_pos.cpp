#include "devices/hid_pos.h"

#include <algorithm>

namespace stampline::devices {

namespace {

bool has_usage(const ReportField& f, std::uint32_t usage) {
    return std::any_of(f.usages.begin(), f.usages.end(),
                       [&](const UsageRange& r) { return r.min <= usage && usage <= r.max; });
}

// The usage element i of f stands for. An array field with one usage (as some scanners declare
// Decoded Data) gives every element that usage.
std::uint32_t element_usage(const ReportField& f, std::uint32_t i) {
    if (!f.variable && f.usages.size() == 1 && f.usages[0].min == f.usages[0].max)
        return f.usages[0].min;
    return f.variable ? f.usage_at(i) : 0;
}

}  // namespace

Result<PosReportLayout> find_scanned_data_report(const ReportDescriptor& descriptor) {
    const ReportField* best = nullptr;
    for (const ReportField& f : descriptor.fields) {
        if (f.kind != ReportKind::Input || f.constant || !has_usage(f, kUsageDecodedData)) continue;
        const bool in_sdr = std::find(f.collections.begin(), f.collections.end(),
                                      kUsageScannedDataReport) != f.collections.end();
        if (!best || in_sdr) best = &f;
        if (in_sdr) break;
    }
    if (!best)
        return Status(Code::NotFound,
                      "no Decoded Data (usage page 0x8C, usage 0xFE) in the input reports: "
                      "not a HID POS scanner");
    PosReportLayout layout;
    layout.report_id = best->report_id;
    for (const ReportField& f : descriptor.fields)
        if (f.kind == ReportKind::Input && f.report_id == best->report_id)
            layout.fields.push_back(f);
    return layout;
}

Result<std::optional<PosScan>> HidPosDecoder::feed(std::span<const std::uint8_t> report) {
    if (layout_.report_id != 0) {
        if (report.empty() || report[0] != layout_.report_id) return std::optional<PosScan>{};
        report = report.subspan(1);
    }
    std::uint32_t need_bits = 0;
    for (const ReportField& f : layout_.fields)
        need_bits = std::max(need_bits, f.bit_offset + f.bit_size * f.count);
    if (report.size() * 8 < need_bits) {
        partial_.reset();
        return invalid("HID POS report of " + std::to_string(report.size()) + " data bytes (" +
                       std::to_string((need_bits + 7) / 8) + " expected)");
    }
    std::string symbology(3, '\0');
    std::string data;
    bool continued = false;
    for (const ReportField& f : layout_.fields) {
        if (f.constant) continue;
        for (std::uint32_t i = 0; i < f.count; ++i) {
            const std::uint32_t usage = element_usage(f, i);
            const std::uint32_t v = read_field(report, f, i);
            if (usage >= kUsageSymbologyId1 && usage <= kUsageSymbologyId3)
                symbology[usage - kUsageSymbologyId1] = static_cast<char>(v);
            else if (usage == kUsageDecodedData)
                data += static_cast<char>(v);
            else if (usage == kUsageDecodeDataContinued)
                continued = continued || v != 0;
        }
    }
    while (!data.empty() && data.back() == '\0') data.pop_back();
    std::erase(symbology, '\0');
    if (!symbology.empty() && symbology[0] != ']') symbology.insert(0, 1, ']');

    if (!partial_) partial_ = PosScan{symbology, ""};
    partial_->text += data;
    if (continued) return std::optional<PosScan>{};
    std::optional<PosScan> done = std::move(partial_);
    partial_.reset();
    return done;
}

}  // namespace stampline::devices
