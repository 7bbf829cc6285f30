// The frame loop: the composition of window, shell, views and the test channels. Each frame:
// wait for input (at most 50 ms, less when the keyboard wedge holds keys), feed key presses to
// the wedge (scans -> ScanRead{text, "keyboard"}, human keys -> hotkeys for the views), drain
// the action queue, Tick, draw the screen, answer SCREENSHOT (pixels read before the swap),
// swap, log scan latency, reduce the actions the views emitted, answer STATE.
#pragma once
#include <string>

#include "terminal/app/terminal_config.h"

namespace stampline::terminal {

struct RunOptions {
    TerminalOptions terminal;
    std::string control_fifo;  // --control: the command FIFO ("" = none)
    std::string screenshot;    // --screenshot: write the settled first screen here and exit
    std::string latency_log;   // --latency-log: scan-to-screen microseconds, one per line
};

// Runs until the window closes, SIGTERM/SIGINT, or QUIT on the control channel; then stops the
// sync worker and closes the outbox. Returns the process exit status (errors on stderr).
int run_terminal(const RunOptions& options);

}  // namespace stampline::terminal
