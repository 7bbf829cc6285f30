// The terminal's configuration: a TOML file (config/terminal-demo.toml is the example) parsed
// into TerminalOptions, then overridden by command-line flags in main(). Every key, its default
// and its range is listed in the example file.
//
//   [terminal] station, language ("ru" | "en"), outbox (path), utc_offset_minutes (optional),
//              refusal_sound
//   [server]   url, token or token_file, ca_file
//   [session]  pin_max_attempts, pin_lockout_s, timeout_s, pin_on_sign_off, result_display_s
//   [window]   width, height, fullscreen
//   [scanner]  virtual (FIFO path, "" = none), usb ("vid:pid", "" = none), evdev ("vid:pid",
//              "" = none); keyboard-mode scanners on the terminal's own keyboard are always read
//
// Relative paths are taken from the working directory.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "shared/status.h"
#include "terminal/core/app_state.h"

namespace stampline::terminal {

struct TerminalWindowOptions {
    int width = 1280;
    int height = 800;
    bool fullscreen = false;
};

struct TerminalScannerOptions {
    std::string virtual_fifo;  // "" = no virtual scanner
    std::string usb;           // "vid:pid" of a USB scanner (keyboard or HID POS), "" = none
    std::string evdev;         // "vid:pid" of a keyboard-mode scanner read from its input device
};

struct TerminalOptions {
    TerminalSettings settings;    // station, language, PIN and session rules
    bool utc_offset_set = false;  // false: main() takes the machine's time zone
    std::string server_url;
    std::string token;       // the terminal's bearer token (read from token_file when given)
    std::string token_file;  // "" when the token is given inline
    // https:// only: the plant CA's certificate (PEM) the server's certificate must come from;
    // "" trusts the system's CAs. Read by the client; checked to exist at start.
    std::string ca_file;
    std::string outbox_path = "stampline-terminal.db";
    std::size_t sync_batch = 100;  // events per POST while draining the outbox
    TerminalWindowOptions window;
    bool refusal_sound = true;  // the bell once per refusal shown
    TerminalScannerOptions scanner;
};

// Parses a configuration file's text; `name` is used in messages. Pure: no file is read (the
// token file is only named). On any problem: InvalidArgument listing every problem found, one
// per line, as `<name>:<line>: <key path>: <what is wrong>`, or for a TOML syntax error
// `<name>:<line>:<column>: TOML syntax error: <description>`.
Result<TerminalOptions> parse_terminal_config(std::string_view text, const std::string& name);

// Reads and parses the file: IOError naming the path when it cannot be read.
Result<TerminalOptions> load_terminal_config(const std::string& path);

// Reads the bearer token from a file (first line, surrounding whitespace removed): IOError naming
// the file when it cannot be read, InvalidArgument when it is empty.
Result<std::string> read_token_file(const std::string& path);

// Checks what the terminal needs before it starts (a station, a server URL, a token, an outbox
// path): InvalidArgument naming the key or flag to set.
Status validate_terminal_options(const TerminalOptions& options);

}  // namespace stampline::terminal
