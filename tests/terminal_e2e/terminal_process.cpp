#include "terminal_e2e/terminal_process.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include "integration/server_process.h"

namespace stampline::e2e {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

TerminalProcess::TerminalProcess(TerminalArgs args)
    : args_(std::move(args)), fifo_(args_.dir + "/control") {
    unlink(fifo_.c_str());  // left by a terminal killed earlier in the same dir
    REQUIRE(mkfifo(fifo_.c_str(), 0600) == 0);
    std::vector<std::string> argv{STAMPLINE_TERMINAL_BIN,
                                  "--config",
                                  STAMPLINE_TERMINAL_CONFIG,
                                  "--server",
                                  args_.server_url,
                                  "--token",
                                  args_.token,
                                  "--station",
                                  args_.station,
                                  "--outbox",
                                  args_.dir + "/outbox.db",
                                  "--control",
                                  fifo_};
    argv.insert(argv.end(), args_.extra.begin(), args_.extra.end());
    argv.insert(argv.begin(), args_.wrapper.begin(), args_.wrapper.end());
    setenv("DISPLAY", args_.display.c_str(), 1);
    if (!args_.wrapper.empty()) setenv("FAKETIME_DONT_FAKE_MONOTONIC", "1", 1);
    pid_ = itest::spawn_process(argv, args_.dir + "/terminal.out", args_.dir + "/terminal.err");
    // The FIFO opens for writing once the terminal has opened it for reading.
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (fifo_fd_ < 0) {
        fifo_fd_ = open(fifo_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fifo_fd_ >= 0) break;
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            FAIL("stampline-terminal exited before opening its control FIFO: " << stderr_text());
        }
        REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline,
                        "stampline-terminal did not open its control FIFO: " << stderr_text());
        std::this_thread::sleep_for(20ms);
    }
    fcntl(fifo_fd_, F_SETFL, 0);  // blocking writes from here on
}

// Under a wrapper that forks (faketime) the terminal is the wrapper's child: the signal goes to
// that child, and the wrapper exits when it does. Signalled itself, faketime would leave the
// terminal running and leak its semaphore in /dev/shm, named by its PID, so that a later
// faketime given the same PID fails to start.
void TerminalProcess::signal_terminal(int sig) {
    std::istringstream children(itest::read_file("/proc/" + std::to_string(pid_) + "/task/" +
                                                 std::to_string(pid_) + "/children"));
    bool sent = false;
    for (pid_t child = 0; children >> child;) sent = kill(child, sig) == 0 || sent;
    if (!sent) kill(pid_, sig);
}

TerminalProcess::~TerminalProcess() {
    stop();
}

void TerminalProcess::stop() {
    if (fifo_fd_ >= 0) close(fifo_fd_);
    fifo_fd_ = -1;
    if (pid_ <= 0) return;
    signal_terminal(SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(10ms);
    }
    pid_ = -1;
}

void TerminalProcess::kill_hard() {
    REQUIRE(pid_ > 0);
    signal_terminal(SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    if (fifo_fd_ >= 0) close(fifo_fd_);
    fifo_fd_ = -1;
}

void TerminalProcess::command(const std::string& line) {
    REQUIRE(fifo_fd_ >= 0);
    const std::string text = line + "\n";
    REQUIRE(write(fifo_fd_, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
}

json TerminalProcess::state() {
    const std::string path = args_.dir + "/state-" + std::to_string(++snapshot_) + ".json";
    command("STATE " + path);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!fs::exists(path)) {
        REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline,
                        "no state snapshot within 10 s: " << stderr_text());
        std::this_thread::sleep_for(5ms);
    }
    json j = json::parse(itest::read_file(path));
    fs::remove(path);
    return j;
}

json TerminalProcess::wait_for(const std::function<bool(const json&)>& done,
                               const std::string& what, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    json last;
    while (true) {
        last = state();
        if (done(last)) return last;
        if (std::chrono::steady_clock::now() > deadline) break;
        std::this_thread::sleep_for(20ms);
    }
    FAIL("terminal never reached: " << what << "\nlast state: " << last.dump(1));
    return last;
}

json TerminalProcess::wait_for_screen(const std::string& screen,
                                      std::chrono::milliseconds timeout) {
    return wait_for([&](const json& s) { return s.value("screen", "") == screen; },
                    "screen " + screen, timeout);
}

std::array<int, 2> TerminalProcess::button(const json& state, const std::string& id) const {
    const json& buttons = state.at("buttons");
    REQUIRE_MESSAGE(buttons.contains(id), "no button '" << id << "' on screen "
                                                        << state.value("screen", "?") << ": "
                                                        << buttons.dump());
    const json& r = buttons.at(id);
    return {r[0].get<int>() + r[2].get<int>() / 2, r[1].get<int>() + r[3].get<int>() / 2};
}

void TerminalProcess::screenshot(const std::string& png_path) {
    fs::remove(png_path);
    command("SCREENSHOT " + png_path);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!fs::exists(png_path) || fs::file_size(png_path) == 0) {
        REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "no screenshot within 10 s");
        std::this_thread::sleep_for(10ms);
    }
}

std::string TerminalProcess::stderr_text() const {
    return itest::read_file(args_.dir + "/terminal.err");
}

}  // namespace stampline::e2e
