// libFuzzer target: HID report descriptors and HID POS reports (devices/hid_descriptor.h,
// devices/hid_pos.h). The first byte splits the input into a descriptor and a stream of reports
// for the layout it describes.
#include <cstddef>
#include <cstdint>
#include <span>

#include "devices/hid_descriptor.h"
#include "devices/hid_pos.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::span<const std::uint8_t> all(data + 1, size - 1);
    const std::size_t split = std::min<std::size_t>(data[0], all.size());
    auto parsed = stampline::devices::parse_report_descriptor(all.first(split));
    if (!parsed) return 0;
    for (const auto& f : parsed->fields)
        for (std::uint32_t i = 0; i < f.count && i < 64; ++i)
            (void)stampline::devices::read_field(all, f, i), (void)f.usage_at(i);
    auto layout = stampline::devices::find_scanned_data_report(*parsed);
    if (!layout) return 0;
    stampline::devices::HidPosDecoder decoder(*layout);
    std::span<const std::uint8_t> rest = all.subspan(split);
    while (!rest.empty()) {  // reports of 1..64 bytes, the length from the stream
        const std::size_t n = std::min<std::size_t>(1 + rest[0] % 64, rest.size());
        (void)decoder.feed(rest.first(n));
        rest = rest.subspan(n);
    }
    return 0;
}
