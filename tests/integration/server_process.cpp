#include "integration/server_process.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace stampline::itest {

namespace fs = std::filesystem;

TempDir::TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/stampline-it-XXXXXX";
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

pid_t spawn_process(const std::vector<std::string>& argv, const std::string& out,
                    const std::string& err) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("posix_spawn " + argv[0] + " failed");
    return pid;
}

namespace {

int exit_code_of(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv) {
    TempDir dir;
    const pid_t pid = spawn_process(argv, dir.file("out"), dir.file("err"));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return {exit_code_of(status), read_file(dir.file("out")), read_file(dir.file("err"))};
}

ServerProcess::ServerProcess(const std::string& work_dir, std::vector<std::string> serve_args,
                             int port, std::vector<std::string> launcher)
    : out_path_(work_dir + "/server.out"), err_path_(work_dir + "/server.err") {
    const std::string port_file = work_dir + "/server.port";
    std::error_code ec;
    fs::remove(port_file, ec);
    std::vector<std::string> argv = std::move(launcher);
    argv.insert(argv.end(), {STAMPLINE_SERVER_BIN, "serve"});
    argv.insert(argv.end(), serve_args.begin(), serve_args.end());
    argv.insert(argv.end(), {"--port", std::to_string(port), "--port-file", port_file});
    pid_ = spawn_process(argv, out_path_, err_path_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            FAIL("stampline-server exited (" << exit_code_of(status)
                                             << ") before listening: " << stderr_text());
        }
        const std::string text = read_file(port_file);
        if (!text.empty() && text.back() == '\n') {
            port_ = std::stoi(text);
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const std::string err = stderr_text();
    stop();
    FAIL("stampline-server wrote no port file within 20 s: " << err);
}

int ServerProcess::stop() {
    if (pid_ < 0) return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    pid_ = -1;
    return exit_code_of(status);
}

ServerProcess::~ServerProcess() {
    stop();
}

std::string ServerProcess::stdout_text() const {
    return read_file(out_path_);
}
std::string ServerProcess::stderr_text() const {
    return read_file(err_path_);
}

}  // namespace stampline::itest
