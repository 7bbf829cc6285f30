#include "devices/virtual_scanner.h"

namespace stampline::devices {

namespace {

std::string unescape_gs(std::string text) {
    for (const std::string gs : {"<GS>", "\\x1d", "\\x1D"})
        for (auto pos = text.find(gs); pos != std::string::npos; pos = text.find(gs, pos))
            text.replace(pos, gs.size(), 1, '\x1d');
    return text;
}

}  // namespace

VirtualScanner::VirtualScanner(std::istream& script, std::string source)
    : script_(script), source_(std::move(source)) {}

std::optional<ScannerEvent> VirtualScanner::next(std::chrono::milliseconds) {
    if (!announced_) {
        announced_ = true;
        return ScannerEvent{ScannerEvent::Kind::Connected, {}, source_};
    }
    for (std::string line; !finished_;) {
        if (!std::getline(script_, line)) {
            finished_ = true;
            break;
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        if (line.rfind("SCAN ", 0) == 0) {
            if (!plugged_) {
                ++dropped_;
                continue;
            }
            return ScannerEvent{ScannerEvent::Kind::Scan,
                                make_scan(unescape_gs(line.substr(5)), source_), ""};
        }
        if (line == "UNPLUG" && plugged_) {
            plugged_ = false;
            return ScannerEvent{ScannerEvent::Kind::Disconnected, {}, source_ + " unplugged"};
        }
        if (line == "PLUG" && !plugged_) {
            plugged_ = true;
            return ScannerEvent{ScannerEvent::Kind::Connected, {}, source_};
        }
        if (line != "UNPLUG" && line != "PLUG") ++bad_lines_;
    }
    return std::nullopt;
}

}  // namespace stampline::devices
