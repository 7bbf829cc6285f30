// A scanner fed by text commands, for the demo and tests (no hardware):
//
//   SCAN <payload>   a scan; "<GS>" or "\x1d" in the payload become ASCII 29; a leading AIM
//                    identifier ("]d2...") is split off as on a real scanner
//   UNPLUG           a Disconnected notice; scans until PLUG are dropped (counted)
//   PLUG             a Connected notice
//   # ...            comment; blank lines are ignored
//
// The script is read from a stream the caller owns and keeps alive. Starts plugged in (one
// Connected notice first). Unknown commands are skipped and counted in bad_lines().
#pragma once

#include <istream>
#include <string>

#include "devices/scanner.h"

namespace stampline::devices {

class VirtualScanner : public Scanner {
public:
    explicit VirtualScanner(std::istream& script, std::string source = "virtual");
    std::optional<ScannerEvent> next(std::chrono::milliseconds timeout) override;
    bool finished() const override { return finished_; }

    int dropped_scans() const { return dropped_; }
    int bad_lines() const { return bad_lines_; }

private:
    std::istream& script_;
    std::string source_;
    bool announced_ = false;
    bool plugged_ = true;
    bool finished_ = false;
    int dropped_ = 0;
    int bad_lines_ = 0;
};

}  // namespace stampline::devices
