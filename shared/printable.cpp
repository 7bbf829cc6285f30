#include "shared/printable.h"

#include <cstdio>

namespace stampline {

namespace {

constexpr const char* kControlNames[32] = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
                                           "BS",  "HT",  "LF",  "VT",  "FF",  "CR",  "SO",  "SI",
                                           "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
                                           "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};

}  // namespace

std::string printable(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (char ch : bytes) {
        const auto b = static_cast<unsigned char>(ch);
        if (b >= 0x20 && b < 0x7F) {
            out += ch;
        } else if (b < 0x20) {
            out += '<';
            out += kControlNames[b];
            out += '>';
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "<0x%02X>", static_cast<unsigned>(b));
            out += hex;
        }
    }
    return out;
}

std::string printable_clipped(std::string_view bytes, std::size_t max_bytes) {
    if (bytes.size() <= max_bytes) return printable(bytes);
    return printable(bytes.substr(0, max_bytes)) + "...(+" +
           std::to_string(bytes.size() - max_bytes) + " bytes)";
}

}  // namespace stampline
