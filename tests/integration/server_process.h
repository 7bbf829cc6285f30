// Running the real binaries from integration tests: commands to completion with their output,
// and `stampline-server serve` in the background on an ephemeral port.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace stampline::itest {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

struct CommandResult {
    int exit_code = -1;  // -1 when the process did not exit normally
    std::string out;
    std::string err;
};

// Starts argv (argv[0] is a path) in the background, stdin from /dev/null, stdout and stderr to
// the given files, with this process's environment. Throws when it cannot be started.
pid_t spawn_process(const std::vector<std::string>& argv, const std::string& out,
                    const std::string& err);

// Runs argv (argv[0] is a path) to completion, capturing stdout and stderr.
CommandResult run_command(const std::vector<std::string>& argv);

// `stampline-server serve` with the given arguments plus --port 0 --port-file; the constructor
// returns once the port file is written (or fails the test with the server's stderr). The
// destructor sends SIGTERM, waits, and kills after 10 s.
class ServerProcess {
public:
    // port 0: an ephemeral port; another port: that one (to restart a server where clients
    // expect it). launcher: a command the server runs under, e.g. faketime and its arguments
    // (its clock); empty for none.
    ServerProcess(const std::string& work_dir, std::vector<std::string> serve_args, int port = 0,
                  std::vector<std::string> launcher = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    // SIGTERM, wait; the exit code (-1 when killed by a signal).
    int stop();
    std::string stdout_text() const;
    std::string stderr_text() const;

private:
    std::string out_path_;
    std::string err_path_;
    pid_t pid_ = -1;
    int port_ = 0;
};

std::string read_file(const std::string& path);

// Whether part occurs in text.
inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace stampline::itest
