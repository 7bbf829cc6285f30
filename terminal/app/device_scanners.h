// The scanners the terminal configuration names besides the keyboard wedge (which is always on):
// a virtual scanner fed through a FIFO ("SCAN <payload>", "PLUG", "UNPLUG" lines, see
// devices/virtual_scanner.h), a USB scanner (keyboard mode or HID POS) read through libusb, and a
// keyboard-mode scanner read from its own input device (platform/evdev_scanner.h).
// Each runs on its own ScannerThread.
#pragma once
#include <memory>
#include <vector>

#include "shared/status.h"
#include "terminal/app/scanner_thread.h"
#include "terminal/app/terminal_config.h"

namespace stampline::terminal {

// Errors: the FIFO's (FifoInput::open) or a malformed USB id (InvalidArgument quoting it). A USB
// scanner that is not plugged in is not an error: it reports "disconnected" until it appears.
Result<std::vector<std::unique_ptr<ScannerThread>>> start_device_scanners(
    const TerminalScannerOptions& options, ActionQueue& queue);

}  // namespace stampline::terminal
