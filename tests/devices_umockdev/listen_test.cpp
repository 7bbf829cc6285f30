// `stampline listen` as a child process of the testbed (it inherits umockdev's preload and
// UMOCKDEV_DIR), against emulated scanners that the test unplugs and replugs.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/devices_umockdev/emulated_hid.h"
#include "tests/devices_umockdev/scanners.h"

using namespace stampline::testing;
using namespace std::chrono_literals;

namespace {

// A child process whose stdout (and stderr) the test reads line by line.
class Child {
public:
    explicit Child(std::vector<std::string> args) {
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            dup2(fds[1], 1);
            dup2(fds[1], 2);
            close(fds[0]);
            close(fds[1]);
            std::vector<char*> argv;
            for (std::string& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        close(fds[1]);
        out_ = fds[0];
    }
    ~Child() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            waitpid(pid_, nullptr, 0);
        }
        if (out_ >= 0) close(out_);
    }

    // Everything printed so far, reading for up to `timeout` until `needle` appears after `from`.
    bool wait_for(const std::string& needle, std::chrono::milliseconds timeout,
                  std::size_t from = 0) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (output_.find(needle, from) == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0 || !read_some(left)) return false;
        }
        return true;
    }
    // Waits for the exit (reading what is left); the exit status, or -1 on timeout.
    int wait_exit(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            read_some(50ms);
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                while (read_some(50ms)) {
                }
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
            }
        }
        return -1;
    }
    const std::string& output() const { return output_; }

private:
    bool read_some(std::chrono::milliseconds timeout) {
        pollfd p{out_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
        char buf[4096];
        const ssize_t n = read(out_, buf, sizeof buf);
        if (n <= 0) return false;
        output_.append(buf, static_cast<std::size_t>(n));
        return true;
    }

    pid_t pid_ = -1;
    int out_ = -1;
    std::string output_;
};

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + 1))
        ++n;
    return n;
}

}  // namespace

TEST_CASE("listen: an unplug during a session then a replug prints the next scan once") {
    EmulatedHid device(keyboard_scanner_config());
    device.plug();
    Child listen({STAMPLINE_CLI_BIN, "listen", "--device", "0c2e:0b61", "--count", "2", "--plant",
                  STAMPLINE_CONFIG_DIR "/demo"});
    REQUIRE_MESSAGE(listen.wait_for("connected: ", 10s), listen.output());

    device.send(
        typed("]d2010950600013435210ABC\x1d"
              "21X1"));
    REQUIRE_MESSAGE(listen.wait_for("]d2  010950600013435210ABC<GS>21X1\n", 10s), listen.output());
    const std::vector<Report> cut = typed("SL1-CUT");
    device.send({cut.begin(), cut.begin() + 6});
    REQUIRE(device.wait_drained(10s));
    device.unplug();
    REQUIRE_MESSAGE(listen.wait_for("disconnected: ", 10s), listen.output());
    const std::size_t at_unplug = listen.output().size();
    device.plug();
    REQUIRE_MESSAGE(listen.wait_for("connected: ", 10s, at_unplug), listen.output());
    device.send(typed("SB1-K017-2-X"));
    CHECK(listen.wait_exit(10s) == 0);  // --count 2: the second scan ends it

    const std::string& out = listen.output();
    MESSAGE(out);
    CHECK(count(out, "usb 0c2e:0b61  ") == 2);  // two scan lines, nothing twice
    CHECK(count(out, "disconnected: ") == 1);
    CHECK(out.find("usb 0c2e:0b61  -  SB1-K017-2-X\n    stamp badge: stamp K017, badge issue 2") !=
          std::string::npos);
    CHECK(out.find("SL1") == std::string::npos);  // the cut scan never shows
    const bool described = out.find("identification sheet (GS1)") != std::string::npos ||
                           out.find("neither sheet nor badge") != std::string::npos;
    CHECK(described);
}

TEST_CASE("listen: a HID POS scanner prints its scan with the symbology identifier") {
    EmulatedHid device(hidpos_scanner_config());
    device.plug();
    Child listen({STAMPLINE_CLI_BIN, "listen", "--device", "0c2e:0b6a", "--count", "1", "--plant",
                  STAMPLINE_CONFIG_DIR "/demo"});
    REQUIRE_MESSAGE(listen.wait_for("connected: ", 10s), listen.output());
    device.send(hidpos_reports("]d1", "SB1-K017-2-X"));  // a badge: Data Matrix, not GS1
    CHECK(listen.wait_exit(10s) == 0);
    MESSAGE(listen.output());
    CHECK(listen.output().find("usb 0c2e:0b6a  ]d1  SB1-K017-2-X\n    stamp badge: stamp K017") !=
          std::string::npos);
}
