// The scanner interface the terminal and `stampline listen` consume: scans plus connect and
// disconnect notices, whatever the device (USB keyboard mode, HID POS, virtual).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace stampline::devices {

struct Scan {
    std::string text;       // as read, AIM identifier removed, no terminator; GS as ASCII 29
    std::string symbology;  // AIM identifier ("]d2") when the scanner sent one, else ""
    std::string source;     // which scanner: "usb 0c2e:0b61", "virtual"
    std::chrono::system_clock::time_point time;
};

struct ScannerEvent {
    enum class Kind { Scan, Connected, Disconnected };
    Kind kind = Kind::Scan;
    Scan scan;           // for Kind::Scan
    std::string detail;  // for notices: the device name or why it went away
};

class Scanner {
public:
    virtual ~Scanner() = default;
    // The next event, or nullopt when `timeout` passes first (also when the source has ended:
    // see finished()). Called from one thread.
    virtual std::optional<ScannerEvent> next(std::chrono::milliseconds timeout) = 0;
    // True when no further event can come (a virtual script was read to its end).
    virtual bool finished() const { return false; }
};

// Splits a leading AIM identifier ("]" + two characters) off raw scanner text.
Scan make_scan(std::string_view raw, std::string source);

}  // namespace stampline::devices
