// stampline-terminal: the station terminal. The composition root: reads the terminal
// configuration (TOML) and the command-line flags into RunOptions, then runs the frame loop
// (terminal/app/frame_loop.h), which wires the window, the views, the outbox, the sync worker
// and the scanners.
#include <CLI/CLI.hpp>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "terminal/app/frame_loop.h"
#include "terminal/app/terminal_config.h"
#include "terminal/core/catalog.h"

namespace {

using namespace stampline;
using namespace stampline::terminal;

// The machine's offset from UTC now, in minutes (for the times shown to the worker).
int local_utc_offset_minutes() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return static_cast<int>(local.tm_gmtoff / 60);
}

int fail(const std::string& message) {
    std::cerr << "stampline-terminal: " << message << "\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{
        "Stampline station terminal: personal-stamp sign-offs, control points and "
        "nonconformances at a production stage, on a touch panel with a barcode scanner."};
    cli.footer(
        "Example:\n"
        "  stampline-terminal --config config/terminal-demo.toml --server http://127.0.0.1:8470 "
        "--token-file var/terminal/ST-ASM-1.token\n"
        "Control FIFO commands (--control): SCAN <payload>, SCREENSHOT <png>, STATE <json>, QUIT.\n"
        "Exit status: 0 after a normal stop, 1 when the window, fonts or outbox cannot be opened, "
        "2 for a bad configuration or flag.");
    std::string config_path, server, token, token_file, ca_file, station, outbox, lang, evdev;
    int width = 0, height = 0;
    std::size_t sync_batch = 0;
    bool fullscreen = false, windowed = false;
    RunOptions run;
    cli.add_option("--config", config_path, "terminal configuration file (TOML)");
    cli.add_option("--server", server, "server URL, e.g. http://127.0.0.1:8470 (server.url)");
    cli.add_option("--token", token, "the terminal's bearer token (server.token)");
    cli.add_option("--token-file", token_file, "file holding the bearer token (server.token_file)");
    cli.add_option("--ca-file", ca_file,
                   "the plant CA (PEM) an https:// server's certificate must come from "
                   "(server.ca_file)");
    cli.add_option("--station", station, "station id, e.g. ST-ASM-1 (terminal.station)");
    cli.add_option("--outbox", outbox, "the local outbox file (terminal.outbox)");
    cli.add_option("--lang", lang, "ru or en (terminal.language)");
    cli.add_option("--width", width, "window width in pixels (window.width)");
    cli.add_option("--height", height, "window height in pixels (window.height)");
    cli.add_flag("--fullscreen", fullscreen, "full screen on the primary monitor");
    cli.add_flag("--windowed", windowed,
                 "in a window even when the configuration says full screen");
    cli.add_option("--sync-batch", sync_batch, "events per request while draining the outbox")
        ->check(CLI::Range(1, 1000));
    cli.add_option("--control", run.control_fifo,
                   "command FIFO for tests and demos (created when absent)");
    cli.add_option("--screenshot", run.screenshot,
                   "write the first settled frame to this PNG file and exit");
    cli.add_option("--scanner-evdev", evdev,
                   "vid:pid of a keyboard-mode scanner read from its input device (scanner.evdev)");
    cli.add_option("--latency-log", run.latency_log,
                   "append scan-to-screen latencies (microseconds) to this file");
    CLI11_PARSE(cli, argc, argv);

    TerminalOptions& o = run.terminal;
    if (!config_path.empty()) {
        Result<TerminalOptions> loaded = load_terminal_config(config_path);
        if (!loaded) return fail(loaded.error().message());
        o = std::move(*loaded);
    }
    if (!o.utc_offset_set) o.settings.utc_offset_minutes = local_utc_offset_minutes();
    if (!server.empty()) o.server_url = server;
    if (!ca_file.empty()) o.ca_file = ca_file;
    if (!station.empty()) o.settings.station = station;
    if (!outbox.empty()) o.outbox_path = outbox;
    if (!lang.empty() && !parse_language(lang, &o.settings.language))
        return fail("--lang " + lang + ": use ru or en");
    if (sync_batch > 0) o.sync_batch = sync_batch;
    if (!evdev.empty()) o.scanner.evdev = evdev;
    if (width > 0) o.window.width = width;
    if (height > 0) o.window.height = height;
    if (fullscreen) o.window.fullscreen = true;
    if (windowed) o.window.fullscreen = false;
    if (!token.empty()) {
        o.token = token;
    } else {
        if (!token_file.empty()) o.token_file = token_file;
        if (!o.token_file.empty()) {
            Result<std::string> read = read_token_file(o.token_file);
            if (!read) return fail(read.error().message());
            o.token = *read;
        }
    }
    if (Status valid = validate_terminal_options(o); !valid) return fail(valid.message());

    // The outbox's directory is made on first start.
    const std::filesystem::path dir = std::filesystem::path(o.outbox_path).parent_path();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec) return fail("cannot create the directory " + dir.string() + ": " + ec.message());
    return run_terminal(run);
}
