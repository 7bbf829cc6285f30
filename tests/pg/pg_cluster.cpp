// Starting and stopping a throw-away PostgreSQL cluster: initdb and pg_ctl run as child processes
// (as stampline-test through setpriv when root), with their output in log files in the cluster
// directory that error messages name and quote.
#include "pg/pg_cluster.h"

#include <fcntl.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace stampline::pgtest {

namespace {

namespace fs = std::filesystem;

constexpr const char* kClusterUser = "stampline-test";
constexpr const char* kDebianBindir = "/usr/lib/postgresql/15/bin";
constexpr const char* kSetpriv = "/usr/bin/setpriv";
constexpr int kPort = 5432;  // only names the socket file: the directory is private
constexpr int kPgCtlWaitSeconds = 60;
constexpr std::size_t kLogTailBytes = 2000;

bool running_as_root() {
    return geteuid() == 0;
}

bool is_executable(const std::string& path) {
    return access(path.c_str(), X_OK) == 0;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// "see LOG, which ends:\n<its last lines>" for error messages.
std::string see_log(const std::string& path) {
    std::string text = read_text(path);
    if (text.empty()) return "see " + path + " (empty)";
    if (text.size() > kLogTailBytes) {
        text.erase(0, text.size() - kLogTailBytes);
        const std::size_t line_start = text.find('\n');
        if (line_start != std::string::npos) text.erase(0, line_start + 1);
    }
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return "see " + path + ", which ends:\n" + text;
}

// argv run as the cluster user: through setpriv when root (which also resets the environment),
// as it is otherwise.
std::vector<std::string> as_cluster_user(std::vector<std::string> argv) {
    if (!running_as_root()) return argv;
    const std::string user = kClusterUser;
    std::vector<std::string> wrapped = {kSetpriv,         "--reuid=" + user, "--regid=" + user,
                                        "--clear-groups", "--reset-env",     "--"};
    wrapped.insert(wrapped.end(), argv.begin(), argv.end());
    return wrapped;
}

// Runs argv (argv[0] a path) to completion with a clean environment, "/" as working directory,
// stdin from /dev/null and stdout and stderr appended to log. Returns its exit code (-1 when a
// signal ended it); an error when it could not be started.
Result<int> run_tool(const std::vector<std::string>& argv, const std::string& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    // No descriptor of ours (CTest's output pipe among them) may stay open in the server.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    posix_spawn_file_actions_addchdir_np(&actions, "/");
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    std::array<char*, 3> env = {const_cast<char*>("PATH=/usr/local/bin:/usr/bin:/bin"),
                                const_cast<char*>("LC_ALL=C"), nullptr};
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), env.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return io_error("could not start " + argv[0] + ": " + std::strerror(rc));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return io_error("waiting for " + argv[0] + ": " + std::strerror(errno));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Runs a PostgreSQL tool as the cluster user; an error naming it and quoting log unless it exits 0.
Status run_pg_tool(const std::string& what, const std::vector<std::string>& argv,
                   const std::string& log) {
    const Result<int> exit_code = run_tool(as_cluster_user(argv), log);
    if (!exit_code) return exit_code.error();
    if (*exit_code != 0) {
        return io_error(what + " failed (exit " + std::to_string(*exit_code) +
                        "): " + see_log(log));
    }
    return Status::ok();
}

// The output of `pg_config --bindir` (pg_config from libpq-dev, found on PATH), or "".
std::string pg_config_bindir() {
    FILE* pipe = popen("pg_config --bindir 2>/dev/null", "r");
    if (!pipe) return "";
    std::string out;
    std::array<char, 256> chunk{};
    while (std::fgets(chunk.data(), chunk.size(), pipe)) out += chunk.data();
    pclose(pipe);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

bool has_server_tools(const std::string& bindir) {
    return !bindir.empty() && is_executable(bindir + "/initdb") &&
           is_executable(bindir + "/pg_ctl") && is_executable(bindir + "/postgres");
}

// Whether dir is one of ours: kClusterDirPrefix and a name, nothing above or below it.
bool is_cluster_dir(const std::string& dir) {
    const std::string prefix = kClusterDirPrefix;
    if (dir.size() <= prefix.size() || dir.compare(0, prefix.size(), prefix) != 0) return false;
    const std::string name = dir.substr(prefix.size());
    return name.find('/') == std::string::npos && name != "." && name != "..";
}

// The settings every test cluster runs with, appended to its postgresql.conf.
std::string test_settings(const std::string& dir) {
    std::ostringstream settings;
    settings << "\n# Stampline test cluster (tests/pg/pg_cluster.cpp): a private socket, no TCP.\n"
             << "port = " << kPort << "\n"
             << "listen_addresses = ''\n"
             << "unix_socket_directories = '" << dir << "'\n"
             << "fsync = on\n"
             << "max_connections = 200\n"
             << "shared_buffers = 64MB\n";
    return settings.str();
}

}  // namespace

Result<std::string> find_postgresql_bindir() {
    if (has_server_tools(kDebianBindir)) return std::string(kDebianBindir);
    const std::string from_pg_config = pg_config_bindir();
    if (has_server_tools(from_pg_config)) return from_pg_config;
    return not_found(
        std::string("PostgreSQL is not installed: no initdb, pg_ctl and postgres in ") +
        kDebianBindir + " or in `pg_config --bindir`" +
        (from_pg_config.empty() || from_pg_config == kDebianBindir ? ""
                                                                   : " (" + from_pg_config + ")") +
        " (.ci/setup installs postgresql-15)");
}

Result<std::string> make_cluster_dir() {
    const passwd* user = nullptr;
    if (running_as_root()) {
        user = getpwnam(kClusterUser);
        if (!user) {
            return not_found(std::string("user ") + kClusterUser +
                             " does not exist; PostgreSQL refuses to run as root and the test "
                             "clusters run as that user: run .ci/setup as root (it creates it)");
        }
    }
    std::string dir = std::string(kClusterDirPrefix) + "XXXXXX";
    if (!mkdtemp(dir.data())) {
        return io_error("could not create a directory " + dir + ": " + std::strerror(errno));
    }
    if (user && chown(dir.c_str(), user->pw_uid, user->pw_gid) != 0) {
        const std::string reason = std::strerror(errno);
        std::error_code ignored;
        fs::remove(dir, ignored);
        return io_error("could not hand " + dir + " to " + kClusterUser + ": " + reason);
    }
    return dir;
}

Result<std::string> start_cluster(const std::string& bindir, const std::string& dir) {
    const std::string data = dir + "/data";
    const Status initdb =
        run_pg_tool("initdb of " + data,
                    {bindir + "/initdb", "-D", data, "-U", "stampline", "-A", "trust", "-E", "UTF8",
                     "--no-locale", "--no-sync", "--no-instructions"},
                    dir + "/initdb.log");
    if (!initdb) return initdb;

    const std::string conf = data + "/postgresql.conf";
    {
        std::ofstream out(conf, std::ios::app);
        out << test_settings(dir);
        if (!out.flush()) return io_error("could not append the test settings to " + conf);
    }

    const std::string server_log = dir + "/postgres.log";
    const Status started = run_pg_tool("pg_ctl start of " + data,
                                       {bindir + "/pg_ctl", "-D", data, "-l", server_log, "-w",
                                        "-t", std::to_string(kPgCtlWaitSeconds), "start"},
                                       dir + "/pg_ctl.log");
    if (!started) {
        // pg_ctl gives up waiting on a slow server without stopping it.
        (void)run_pg_tool("pg_ctl stop",
                          {bindir + "/pg_ctl", "-D", data, "-m", "immediate", "stop"},
                          dir + "/pg_ctl.log");
        return io_error(started.message() + "\nThe server's log: " + see_log(server_log));
    }
    return "host=" + dir + " port=" + std::to_string(kPort) + " user=stampline dbname=postgres";
}

Status stop_cluster(const std::string& bindir, const std::string& dir) {
    if (!is_cluster_dir(dir)) {
        return invalid("refusing to stop and remove " + dir + ": not a test cluster directory (" +
                       kClusterDirPrefix + "...)");
    }
    std::error_code ec;
    if (!fs::exists(dir, ec)) return Status::ok();
    const std::string data = dir + "/data";
    const std::string log = dir + "/pg_ctl.log";
    if (fs::exists(data + "/postmaster.pid", ec)) {
        const std::string wait = std::to_string(kPgCtlWaitSeconds);
        Status stopped = run_pg_tool(
            "pg_ctl stop of " + data,
            {bindir + "/pg_ctl", "-D", data, "-m", "fast", "-w", "-t", wait, "stop"}, log);
        if (!stopped) {
            // Exit 3: no server runs (a stale postmaster.pid after a crash or reboot).
            const Result<int> status =
                run_tool(as_cluster_user({bindir + "/pg_ctl", "-D", data, "status"}), log);
            if (!(status && *status == 3)) {
                stopped = run_pg_tool(
                    "pg_ctl immediate stop of " + data,
                    {bindir + "/pg_ctl", "-D", data, "-m", "immediate", "-w", "-t", wait, "stop"},
                    log);
                if (!stopped) return stopped;
            }
        }
    }
    fs::remove_all(dir, ec);
    if (ec) return io_error("could not remove " + dir + ": " + ec.message());
    return Status::ok();
}

}  // namespace stampline::pgtest
