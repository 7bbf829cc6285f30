// The real stampline-terminal binary in a test: started on an Xvfb display with a control FIFO
// (SCAN / SCREENSHOT / STATE commands), its state read back as the JSON snapshot it writes after
// a frame, and its on-screen buttons found by id so tests can click them like a finger would.
#pragma once
#include <sys/types.h>

#include <array>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace stampline::e2e {

using nlohmann::json;

struct TerminalArgs {
    std::string display;  // ":N"
    std::string dir;      // work dir: outbox, control FIFO, logs, state files
    std::string server_url;
    std::string token;
    std::string station;
    std::vector<std::string> extra;  // more flags
    // A command the terminal runs under, e.g. {"/usr/bin/faketime", "-f", "+10m"} for a clock 10
    // minutes ahead (FAKETIME_DONT_FAKE_MONOTONIC is set: frame and sync timers run on real time).
    std::vector<std::string> wrapper;
};

class TerminalProcess {
public:
    explicit TerminalProcess(TerminalArgs args);
    ~TerminalProcess();  // SIGTERM, then SIGKILL after 10 s
    TerminalProcess(const TerminalProcess&) = delete;
    TerminalProcess& operator=(const TerminalProcess&) = delete;

    pid_t pid() const { return pid_; }
    // One line on the control FIFO ("SCAN ...", "SCREENSHOT path").
    void command(const std::string& line);
    // A fresh state snapshot (fails the test after 10 s without one).
    json state();
    // Polls state() until `done` holds; fails the test with `what` and the last state after
    // `timeout`.
    json wait_for(const std::function<bool(const json&)>& done, const std::string& what,
                  std::chrono::milliseconds timeout = std::chrono::seconds(20));
    json wait_for_screen(const std::string& screen,
                         std::chrono::milliseconds timeout = std::chrono::seconds(20));
    // The centre of the button `id` in a snapshot (fails when absent).
    std::array<int, 2> button(const json& state, const std::string& id) const;
    void screenshot(const std::string& png_path);
    // SIGKILL to the terminal: the crash or power cut; returns after the process is gone.
    void kill_hard();
    std::string stderr_text() const;

private:
    void signal_terminal(int sig);  // the terminal itself, not a wrapper around it
    void stop();

    TerminalArgs args_;
    std::string fifo_;
    int fifo_fd_ = -1;
    pid_t pid_ = -1;
    int snapshot_ = 0;
};

}  // namespace stampline::e2e
