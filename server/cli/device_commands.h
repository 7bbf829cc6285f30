// `stampline decode|sheet print|badge print|scanners|listen`: the installer's and production
// office's commands over devices/ (photo decode with ZXing, sheet and badge PDFs with Cairo,
// USB scanners with libusb, the virtual scanner).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace stampline::cli {

// What the command line fills in; owned by main() and outliving the parse.
struct DeviceOptions {
    std::string plant_dir = "config/demo";
    std::vector<std::string> files;
    int budget_ms = 1500;
    // sheet print / badge print
    std::string id;  // serial or stamp number
    std::string output;
    std::string server;  // "" = offline, from --type/--order and the plant configuration
    std::string token;   // defaults to $STAMPLINE_TOKEN (read by main)
    std::string product_type, order, holder;
    int version = 1;
    // scanners
    bool udev_rules = false;  // print the rules file for the known scanners instead
    // listen
    std::string device;          // VID:PID; "" = a known scanner, else the first keyboard-mode
    std::string virtual_script;  // a virtual scanner's command file ("-" = stdin) instead of USB
    int count = 0;               // stop after this many scans (0 = until interrupted)
};

// Adds `decode`, `scanners`, `listen` and the `print` subcommands of `sheet` and `badge`
// (created if absent). Call
// after the other add_*_commands. Each sets `exit_code` when it runs.
void add_device_commands(CLI::App& app, DeviceOptions& options, int& exit_code);

}  // namespace stampline::cli
