#include "devices/scanner.h"

namespace stampline::devices {

Scan make_scan(std::string_view raw, std::string source) {
    Scan s;
    if (raw.size() >= 3 && raw[0] == ']') {
        s.symbology = std::string(raw.substr(0, 3));
        raw.remove_prefix(3);
    }
    s.text = std::string(raw);
    s.source = std::move(source);
    s.time = std::chrono::system_clock::now();
    return s;
}

}  // namespace stampline::devices
