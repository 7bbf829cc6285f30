// The server under systemd, through the real libsystemd client: its readiness and stopping
// notices (Type=notify, to $NOTIFY_SOCKET) and, with stderr connected to the journal
// ($JOURNAL_STREAM), its log lines as journal entries whose fields include the line's key=value
// pairs. For the journal the server runs in a mount namespace of its own (unshare, as root)
// where /run/systemd/journal/socket is this test's datagram socket.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <thread>

#include "integration/test_server.h"

namespace stampline::itest {

namespace {

// A datagram socket bound at path, as journald's and systemd's notify sockets are; closed on
// destruction.
class DatagramSocket {
public:
    explicit DatagramSocket(const std::string& path) : fd_(socket(AF_UNIX, SOCK_DGRAM, 0)) {
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        REQUIRE(path.size() < sizeof(addr.sun_path));
        std::copy(path.begin(), path.end(), addr.sun_path);
        REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
        timeval timeout{0, 200'000};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    }
    ~DatagramSocket() { close(fd_); }
    // The next entry's fields (KEY=value lines), or empty after the timeout.
    std::map<std::string, std::string> next() {
        std::string buffer(65536, '\0');
        const ssize_t n = recv(fd_, buffer.data(), buffer.size(), 0);
        std::map<std::string, std::string> fields;
        if (n <= 0) return fields;
        buffer.resize(static_cast<std::size_t>(n));
        std::size_t at = 0;
        while (at < buffer.size()) {
            const std::size_t end = std::min(buffer.find('\n', at), buffer.size());
            const std::string line = buffer.substr(at, end - at);
            const auto eq = line.find('=');
            if (eq != std::string::npos) fields[line.substr(0, eq)] = line.substr(eq + 1);
            at = end + 1;
        }
        return fields;
    }

private:
    int fd_;
};

}  // namespace

TEST_CASE(
    "under systemd each request's log line is a journal entry with REQUEST_ID, ROUTE, "
    "STATUS and TOKEN fields") {
    TempDir dir;
    const std::string db = dir.file("plant.db");
    REQUIRE(server_command({"init", "--db", db, "--plant", demo_plant_dir()}).exit_code == 0);
    DatagramSocket journal(dir.file("socket"));

    // stderr is this file; $JOURNAL_STREAM names it, as systemd does for a unit's stderr.
    const std::string err = dir.file("server.err");
    std::ofstream(err).flush();
    struct stat st {};
    REQUIRE(stat(err.c_str(), &st) == 0);
    setenv("JOURNAL_STREAM", (std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino)).c_str(),
           1);
    const std::string script =
        "mount -t tmpfs none /run && mkdir -p /run/systemd/journal && "
        "mount --bind '" +
        dir.path() + "' /run/systemd/journal && exec '" STAMPLINE_SERVER_BIN "' serve --db '" + db +
        "' --plant '" + demo_plant_dir() + "' --port 0 --port-file '" + dir.file("port") + "'";
    const pid_t pid = spawn_process({"/usr/bin/unshare", "--mount", "/bin/sh", "-c", script},
                                    dir.file("out"), err);
    unsetenv("JOURNAL_STREAM");
    int port = 0;
    for (int i = 0; i < 200 && port == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        const std::string text = read_file(dir.file("port"));
        if (!text.empty()) port = std::stoi(text);
    }
    REQUIRE_MESSAGE(port > 0, read_file(err));

    ApiClient api(port);
    const Reply r = api.get("/healthz");
    CHECK(r.status == 200);
    std::map<std::string, std::string> entry;
    for (int i = 0; i < 50; ++i) {
        entry = journal.next();
        if (entry["ROUTE"] == "GET /healthz") break;
    }
    CHECK(entry["ROUTE"] == "GET /healthz");
    CHECK(entry["STATUS"] == "200");
    CHECK(entry["REQUEST_ID"] == r.header("X-Request-Id"));
    CHECK(entry["TOKEN"] == "-");
    CHECK(entry["PRIORITY"] == "6");
    CHECK(entry["SYSLOG_IDENTIFIER"] == "stampline-server");
    CHECK(entry["MESSAGE"].find("request_id=" + r.header("X-Request-Id")) != std::string::npos);

    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    // Only what printed before logging was set up, or the listening line, is on stderr.
    CHECK(read_file(err).find("request_id=") == std::string::npos);
}

TEST_CASE("under systemd the server says READY=1 once it serves and STOPPING=1 on SIGTERM") {
    TempDir dir;
    const std::string db = dir.file("plant.db");
    REQUIRE(server_command({"init", "--db", db, "--plant", demo_plant_dir()}).exit_code == 0);
    DatagramSocket notify(dir.file("notify"));
    setenv("NOTIFY_SOCKET", dir.file("notify").c_str(), 1);
    std::map<std::string, std::string> ready;
    {
        ServerProcess p(dir.path(), {"--db", db, "--plant", demo_plant_dir()});
        unsetenv("NOTIFY_SOCKET");
        for (int i = 0; i < 25 && ready.empty(); ++i) ready = notify.next();
        CHECK(ready["READY"] == "1");
        CHECK(ready["STATUS"] == "serving plant VEZ-DEMO on 127.0.0.1:" + std::to_string(p.port()));
        CHECK(ApiClient(p.port()).get("/readyz").status == 200);
        CHECK(p.stop() == 0);
    }
    std::map<std::string, std::string> stopping;
    for (int i = 0; i < 25 && stopping.empty(); ++i) stopping = notify.next();
    CHECK(stopping["STOPPING"] == "1");
}

}  // namespace stampline::itest
