// Scan-to-screen latency (--latency-log PATH): for each scan the keyboard wedge completes, the
// time from its final Enter key event to the return of the glfwSwapBuffers that first shows the
// unit card loaded for it, appended as "scan <microseconds>". Every frame drawn is logged too, as
// "frame <microseconds>" from the start of its drawing to the return of its swap: the baseline a
// scan's latency is compared with. Lines are flushed as written. Scans that do not open a card
// (badges, refusals) are not logged. UI thread only.
#pragma once
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "shared/status.h"
#include "terminal/core/app_state.h"
#include "terminal/core/keyboard_wedge.h"

namespace stampline::terminal {

class LatencyLog {
public:
    // Appends to path; IOError naming it when it cannot be opened.
    static Result<std::unique_ptr<LatencyLog>> open(const std::string& path);

    // A wedge scan completed; `units_loaded` is the app's UnitLoaded count before it is reduced.
    void scan_completed(WedgeClock::time_point enter, std::uint64_t units_loaded);
    // Drawing of a frame starts.
    void frame_started(WedgeClock::time_point at) { frame_start_ = at; }
    // The frame about to be drawn: whether it shows the card for the pending scan.
    void frame_drawn(const AppState& state, std::uint64_t units_loaded);
    // The frame's swap returned at `shown`: logs the pending scan if that frame showed its card.
    void frame_shown(WedgeClock::time_point shown);

private:
    explicit LatencyLog(std::ofstream out) : out_(std::move(out)) {}

    struct Pending {
        WedgeClock::time_point enter;
        std::uint64_t units_loaded = 0;
        bool on_screen = false;
    };
    std::ofstream out_;
    std::optional<Pending> pending_;
    WedgeClock::time_point frame_start_{};
};

}  // namespace stampline::terminal
