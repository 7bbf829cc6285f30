// libFuzzer target: HID boot-keyboard reports (devices/hid_keyboard.h), 8 bytes at a time with
// an odd-sized report now and then.
#include <cstddef>
#include <cstdint>
#include <span>

#include "devices/hid_keyboard.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    stampline::devices::HidKeyboardDecoder decoder;
    std::span<const std::uint8_t> rest(data, size);
    while (!rest.empty()) {
        const std::size_t n = std::min<std::size_t>(rest[0] == 0xff ? 3 : 8, rest.size());
        auto scan = decoder.feed(rest.first(n));
        if (scan && *scan && (*scan)->size() > size) __builtin_trap();  // one char per key at most
        rest = rest.subspan(n);
    }
    return 0;
}
