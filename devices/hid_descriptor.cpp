#include "devices/hid_descriptor.h"

#include <algorithm>
#include <map>
#include <utility>

namespace stampline::devices {

namespace {

constexpr std::size_t kMaxCollectionDepth = 32;
constexpr std::size_t kMaxGlobalStack = 16;
constexpr std::uint32_t kMaxReportBits = 4096 * 8;
constexpr std::size_t kMaxUsages = 1024;

struct Globals {
    std::uint16_t usage_page = 0;
    std::int32_t logical_min = 0;
    std::int32_t logical_max = 0;
    std::uint32_t report_size = 0;
    std::uint32_t report_count = 0;
    std::uint8_t report_id = 0;
};

Status at(std::size_t offset, const std::string& what) {
    return invalid("HID report descriptor byte " + std::to_string(offset) + ": " + what);
}

}  // namespace

std::uint32_t ReportField::usage_at(std::uint32_t i) const {
    std::uint32_t last = 0;
    for (const UsageRange& r : usages) {
        const std::uint32_t n = r.max - r.min + 1;
        if (i < n) return r.min + i;
        i -= n;
        last = r.max;
    }
    return last;
}

std::size_t ReportDescriptor::report_bytes(ReportKind kind, std::uint8_t report_id) const {
    std::uint32_t bits = 0;
    for (const ReportField& f : fields)
        if (f.kind == kind && f.report_id == report_id)
            bits = std::max(bits, f.bit_offset + f.bit_size * f.count);
    return (bits + 7) / 8;
}

Result<ReportDescriptor> parse_report_descriptor(std::span<const std::uint8_t> bytes) {
    ReportDescriptor out;
    Globals g;
    std::vector<Globals> stack;
    std::vector<UsageRange> local_usages;
    std::uint32_t usage_min = 0;
    bool have_min = false;
    std::vector<std::uint32_t> collections;
    std::map<std::pair<ReportKind, std::uint8_t>, std::uint32_t> next_bit;

    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const std::size_t item_at = pos;
        const std::uint8_t prefix = bytes[pos++];
        if (prefix == 0xfe) {  // long item: size byte, tag byte, data
            if (pos + 2 > bytes.size()) return at(item_at, "truncated long item");
            pos += 2 + bytes[pos];
            if (pos > bytes.size()) return at(item_at, "truncated long item");
            continue;
        }
        const std::size_t size = (prefix & 3) == 3 ? 4 : (prefix & 3);
        if (pos + size > bytes.size()) return at(item_at, "truncated item");
        std::uint32_t u = 0;
        for (std::size_t i = 0; i < size; ++i)
            u |= static_cast<std::uint32_t>(bytes[pos + i]) << (8 * i);
        std::int32_t s = static_cast<std::int32_t>(u);
        if (size == 1) s = static_cast<std::int8_t>(u);
        if (size == 2) s = static_cast<std::int16_t>(u);
        pos += size;
        const int type = (prefix >> 2) & 3;
        const int tag = prefix >> 4;
        auto full_usage = [&](std::uint32_t v) {
            return size == 4 ? v : hid_usage(g.usage_page, static_cast<std::uint16_t>(v));
        };

        if (type == 0) {  // main
            if (tag == 8 || tag == 9 || tag == 11) {
                const ReportKind kind = tag == 8   ? ReportKind::Input
                                        : tag == 9 ? ReportKind::Output
                                                   : ReportKind::Feature;
                if (g.report_size == 0 || g.report_size > 32)
                    return at(item_at, "report size " + std::to_string(g.report_size) +
                                           " bits (supported: 1..32)");
                std::uint32_t& bit = next_bit[{kind, g.report_id}];
                const std::uint64_t end =
                    bit + static_cast<std::uint64_t>(g.report_size) * g.report_count;
                if (end > kMaxReportBits) return at(item_at, "report longer than 4096 bytes");
                ReportField f;
                f.kind = kind;
                f.report_id = g.report_id;
                f.bit_offset = bit;
                f.bit_size = g.report_size;
                f.count = g.report_count;
                f.constant = u & 1;
                f.variable = u & 2;
                f.logical_min = g.logical_min;
                f.logical_max = g.logical_max;
                f.usages = local_usages;
                f.collections = collections;
                bit = static_cast<std::uint32_t>(end);
                if (f.count > 0) out.fields.push_back(std::move(f));
            } else if (tag == 10) {  // collection
                if (collections.size() >= kMaxCollectionDepth)
                    return at(item_at, "collections nested deeper than 32");
                collections.push_back(local_usages.empty() ? 0 : local_usages.front().min);
            } else if (tag == 12) {  // end collection
                if (collections.empty()) return at(item_at, "End Collection without Collection");
                collections.pop_back();
            } else {
                return at(item_at, "unknown main item tag " + std::to_string(tag));
            }
            local_usages.clear();
            have_min = false;
        } else if (type == 1) {  // global
            switch (tag) {
                case 0: g.usage_page = static_cast<std::uint16_t>(u); break;
                case 1: g.logical_min = s; break;
                case 2:
                    g.logical_max =
                        (g.logical_min >= 0 && size < 4) ? static_cast<std::int32_t>(u) : s;
                    break;
                case 7: g.report_size = u; break;
                case 8:
                    if (u == 0 || u > 255)
                        return at(item_at, "report id " + std::to_string(u) + " (allowed: 1..255)");
                    g.report_id = static_cast<std::uint8_t>(u);
                    out.uses_report_ids = true;
                    break;
                case 9: g.report_count = u; break;
                case 10:
                    if (stack.size() >= kMaxGlobalStack)
                        return at(item_at, "Push nested deeper than 16");
                    stack.push_back(g);
                    break;
                case 11:
                    if (stack.empty()) return at(item_at, "Pop without Push");
                    g = stack.back();
                    stack.pop_back();
                    break;
                default: break;  // physical range, unit: not needed to locate data
            }
        } else if (type == 2) {  // local
            if (local_usages.size() >= kMaxUsages) return at(item_at, "more than 1024 usages");
            if (tag == 0) {
                const std::uint32_t v = full_usage(u);
                local_usages.push_back({v, v});
            } else if (tag == 1) {
                usage_min = full_usage(u);
                have_min = true;
            } else if (tag == 2) {
                const std::uint32_t max = full_usage(u);
                if (!have_min || max < usage_min)
                    return at(item_at, "Usage Maximum without a smaller Usage Minimum");
                local_usages.push_back({usage_min, max});
                have_min = false;
            }
        } else {
            return at(item_at, "reserved item type");
        }
    }
    if (!collections.empty()) return invalid("HID report descriptor: unclosed Collection at end");
    if (out.uses_report_ids)
        for (const ReportField& f : out.fields)
            if (f.report_id == 0)
                return invalid("HID report descriptor: a field before the first Report ID");
    return out;
}

std::uint32_t read_field(std::span<const std::uint8_t> data, const ReportField& field,
                         std::uint32_t index) {
    const std::uint64_t first =
        field.bit_offset + static_cast<std::uint64_t>(field.bit_size) * index;
    std::uint32_t value = 0;
    for (std::uint32_t b = 0; b < field.bit_size; ++b) {
        const std::uint64_t bit = first + b;
        if (bit / 8 >= data.size()) break;
        if (data[bit / 8] >> (bit % 8) & 1) value |= 1u << b;
    }
    return value;
}

}  // namespace stampline::devices
