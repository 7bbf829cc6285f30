// pg_test_cluster start|stop STATE_DIR: the PostgreSQL cluster of one CTest run (the fixture
// `postgresql`, tests/pg/CMakeLists.txt).
//
// STATE_DIR/cluster_dir records the cluster's directory under /tmp from before initdb on, so a
// `start` after an aborted run first stops and removes the cluster left behind.
// STATE_DIR/conninfo ("host=/tmp/stampline-pg-... port=5432 user=stampline dbname=postgres") is
// written once the server accepts connections; tests find it through STAMPLINE_PG_TEST_CLUSTER.
//
// Without PostgreSQL, `start` says so in one line and exits 0 without a conninfo (the cases then
// report themselves skipped), or exits 1 when STAMPLINE_REQUIRE_POSTGRESQL=1 (CI).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "pg/pg_cluster.h"

namespace {

namespace fs = std::filesystem;
using stampline::Result;
using stampline::Status;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// The first line of path, "" when there is none.
std::string read_first_line(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

// Writes text + "\n" to path through a temporary file and a rename.
Status write_file(const fs::path& path, const std::string& text) {
    const fs::path temporary = path.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << text << '\n';
        if (!out.flush()) return stampline::io_error("could not write " + temporary.string());
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec) return stampline::io_error("could not write " + path.string() + ": " + ec.message());
    return Status::ok();
}

void remove_file(const fs::path& path) {
    std::error_code ignored;
    fs::remove(path, ignored);
}

int fail(const Status& status) {
    std::cerr << "pg_test_cluster: " << status.message() << "\n";
    return kExitFailed;
}

// Stops and removes the cluster recorded in state (one an aborted run left behind), if any.
Status stop_recorded_cluster(const std::string& bindir, const fs::path& state) {
    const std::string dir = read_first_line(state / "cluster_dir");
    if (dir.empty()) return Status::ok();
    const bool existed = fs::exists(dir);
    const Status stopped = stampline::pgtest::stop_cluster(bindir, dir);
    if (!stopped) return stopped;
    remove_file(state / "cluster_dir");
    if (existed) std::cout << "pg_test_cluster: stopped and removed " << dir << "\n";
    return Status::ok();
}

int start(const fs::path& state) {
    std::error_code ec;
    fs::create_directories(state, ec);
    if (ec) return fail(stampline::io_error("could not create " + state.string()));
    remove_file(state / "conninfo");

    const Result<std::string> bindir = stampline::pgtest::find_postgresql_bindir();
    if (!bindir) {
        const char* required = std::getenv("STAMPLINE_REQUIRE_POSTGRESQL");
        if (required && std::string(required) == "1") {
            return fail(Status(bindir.error().code(),
                               bindir.error().message() + " and STAMPLINE_REQUIRE_POSTGRESQL=1"));
        }
        std::cout << "pg_test_cluster: " << bindir.error().message()
                  << "; the postgresql tests are skipped\n";
        return kExitOk;
    }

    const Status cleaned = stop_recorded_cluster(*bindir, state);
    if (!cleaned) return fail(cleaned);

    const Result<std::string> dir = stampline::pgtest::make_cluster_dir();
    if (!dir) return fail(dir.error());
    const Status recorded = write_file(state / "cluster_dir", *dir);
    if (!recorded) {
        (void)stampline::pgtest::stop_cluster(*bindir, *dir);
        return fail(recorded);
    }
    const Result<std::string> conninfo = stampline::pgtest::start_cluster(*bindir, *dir);
    if (!conninfo) return fail(conninfo.error());
    const Status written = write_file(state / "conninfo", *conninfo);
    if (!written) return fail(written);
    std::cout << "pg_test_cluster: PostgreSQL runs in " << *dir << "; "
              << (state / "conninfo").string() << ": " << *conninfo << "\n";
    return kExitOk;
}

int stop(const fs::path& state) {
    remove_file(state / "conninfo");
    const std::string dir = read_first_line(state / "cluster_dir");
    if (dir.empty()) {
        std::cout << "pg_test_cluster: no cluster recorded in " << state.string() << "\n";
        return kExitOk;
    }
    const Result<std::string> bindir = stampline::pgtest::find_postgresql_bindir();
    if (!bindir) return fail(bindir.error());
    const Status stopped = stampline::pgtest::stop_cluster(*bindir, dir);
    if (!stopped) return fail(stopped);
    remove_file(state / "cluster_dir");
    std::cout << "pg_test_cluster: stopped and removed " << dir << "\n";
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string command = argc == 3 ? argv[1] : "";
    if (command == "start") return start(argv[2]);
    if (command == "stop") return stop(argv[2]);
    std::cerr << "usage: pg_test_cluster start|stop STATE_DIR\n";
    return kExitUsage;
}
