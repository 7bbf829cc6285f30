// HID report descriptors: the bytes a HID device sends to say how its reports are laid out.
//
// parse_report_descriptor turns the item stream into a flat list of fields with their bit
// positions, so drivers read values by usage instead of hard-coded offsets. Pure: works on a byte
// view, no USB types. Long items are skipped; limits (nesting, sizes, counts) keep hostile input
// from costing more than its length.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "shared/status.h"

namespace stampline::devices {

enum class ReportKind { Input, Output, Feature };

// A usage as page << 16 | id.
constexpr std::uint32_t hid_usage(std::uint16_t page, std::uint16_t id) {
    return static_cast<std::uint32_t>(page) << 16 | id;
}

struct UsageRange {
    std::uint32_t min = 0;
    std::uint32_t max = 0;
};

// One Input/Output/Feature main item: `count` elements of `bit_size` bits each.
struct ReportField {
    ReportKind kind = ReportKind::Input;
    std::uint8_t report_id = 0;    // 0 when the device uses no report ids
    std::uint32_t bit_offset = 0;  // of the first element, from the start of the report data
                                   // (after the report id byte, if any)
    std::uint32_t bit_size = 0;    // 1..32
    std::uint32_t count = 0;
    bool constant = false;  // padding
    bool variable = false;  // each element is a value of its own usage (else an array)
    std::int32_t logical_min = 0;
    std::int32_t logical_max = 0;
    std::vector<UsageRange> usages;          // in declaration order
    std::vector<std::uint32_t> collections;  // usages of the enclosing collections, outermost first

    // The usage of element i: the i-th declared usage, the last one repeating (HID 6.2.2.8).
    // 0 when the field declares none.
    std::uint32_t usage_at(std::uint32_t i) const;
};

struct ReportDescriptor {
    std::vector<ReportField> fields;
    bool uses_report_ids = false;

    // Bytes of report data (without the id byte) for kind and id; 0 when there is no such report.
    std::size_t report_bytes(ReportKind kind, std::uint8_t report_id) const;
};

// The fields, or InvalidArgument naming the byte offset and what is wrong (truncated item,
// unbalanced collections, report size over 32 bits, report id 0, a report over 4096 bytes).
Result<ReportDescriptor> parse_report_descriptor(std::span<const std::uint8_t> bytes);

// Element `index` of field as an unsigned value from report data (id byte excluded); 0 for bits
// past the end of data.
std::uint32_t read_field(std::span<const std::uint8_t> data, const ReportField& field,
                         std::uint32_t index);

}  // namespace stampline::devices
