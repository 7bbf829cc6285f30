// bench_history: issue 19's targets, against the real stampline-server binary (a child process
// serving the fixture on 127.0.0.1, an auditor token), on one month of history and on twelve
// months of the same plant (analytics_fixture.h; 46,000 units a month by default):
//   - first start and restart: from the process's start to the first review pack answered (the
//     month reviewed, October 2026, with its trend and repeat window: seven months). First start:
//     nothing kept beside the log (kept_figures emptied), as after the upgrade that brought the
//     facts: every month is read. Restart: the same server started again, the closed months'
//     figures kept by the first (analytics/month_figures_cache.h); the month under review is read;
//   - warm: the review pack and the bottleneck repeated (median, p90), then `trails` trails of
//     random units (p50, p99);
//   - memory: the server's peak RSS over all of it (VmHWM, the larger of the two processes), and
//     its ratio twelve months / one.
// Results in BENCHMARKS.md, "Years of history (issue 19)".
//
//   bench_history [--units N] [--months 1,12] [--seed S] [--runs R] [--trails T] [--build-only]
//
// The fixtures are built on first use (about 6 minutes for twelve months) and kept in
// STAMPLINE_BENCH_DATA_DIR. The page cache is as the machine left it (the files are read often
// enough to be in it): a restart after an upgrade, not after a power cut.
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "analytics_fixture.h"
#include "bench_common.h"
#include "server/service/tokens.h"
#include "shared/time.h"
#include "trail_fixture.h"

#ifndef STAMPLINE_BENCH_DATA_DIR
#define STAMPLINE_BENCH_DATA_DIR "/tmp"
#endif

extern char** environ;

namespace stampline::bench {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "bench_history: %s\n", message.c_str());
    std::exit(1);
}

double ms_since(SteadyClock::time_point t0) {
    return std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count();
}

struct Options {
    int units = 46'000;
    std::vector<int> months = {1, 12};
    std::uint64_t seed = 1;
    int runs = 7;
    int trails = 500;
    bool build_only = false;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) die(a + " needs a value");
            return argv[++i];
        };
        if (a == "--units") {
            o.units = std::stoi(value());
        } else if (a == "--months") {
            o.months.clear();
            std::string list = value();
            for (std::size_t at = 0; at <= list.size();) {
                const std::size_t comma = std::min(list.find(',', at), list.size());
                o.months.push_back(std::stoi(list.substr(at, comma - at)));
                at = comma + 1;
            }
        } else if (a == "--seed") {
            o.seed = std::stoull(value());
        } else if (a == "--runs") {
            o.runs = std::stoi(value());
        } else if (a == "--trails") {
            o.trails = std::stoi(value());
        } else if (a == "--build-only") {
            o.build_only = true;
        } else {
            die("unknown argument " + a +
                " (--units N --months 1,12 --seed S --runs R --trails T --build-only)");
        }
    }
    if (o.runs < 1 || o.trails < 1) die("--runs and --trails must be at least 1");
    return o;
}

// An auditor token put straight into the store, and `n` random registered serials.
struct Prepared {
    std::string token;
    std::vector<std::string> serials;
    std::int64_t events = 0;
    double gb = 0;
};

Prepared prepare(const std::string& db, const Plant& plant, int n, std::uint64_t seed) {
    Prepared out;
    {
        auto store = open_bench_store(db, false);
        FastRandom random(seed);
        ManualClock clock(Timestamp{1'796'000'000'000});
        Result<server::NewToken> token = server::create_token(
            *store, plant, random, clock, server::Role::Auditor, "", "bench_history auditor");
        if (!token) die(token.error().to_string());
        out.token = token->secret;
        Result<server::StoreCounts> counts = store->counts();
        if (!counts) die(counts.error().to_string());
        out.events = counts->events;
        out.gb = static_cast<double>(counts->db_bytes) / 1e9;
    }
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        die("cannot open " + db);
    sqlite3_stmt* max = nullptr;
    sqlite3_prepare_v2(raw, "SELECT max(unit) FROM units", -1, &max, nullptr);
    sqlite3_step(max);
    const std::int64_t units = sqlite3_column_int64(max, 0);
    sqlite3_finalize(max);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw, "SELECT serial FROM units WHERE unit = ?1", -1, &st, nullptr);
    Rng rng(seed);
    while (static_cast<int>(out.serials.size()) < n) {
        sqlite3_bind_int64(st, 1, 1 + static_cast<std::int64_t>(rng.below(units)));
        if (sqlite3_step(st) == SQLITE_ROW)
            out.serials.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_close(raw);
    return out;
}

// Empties what servers kept beside the log (the store's migrations made the table).
void clear_kept_figures(const std::string& db) {
    sqlite3* raw = nullptr;
    if (sqlite3_open(db.c_str(), &raw) != SQLITE_OK ||
        sqlite3_exec(raw, "DELETE FROM kept_figures", nullptr, nullptr, nullptr) != SQLITE_OK)
        die("cannot empty kept_figures in " + db);
    sqlite3_close(raw);
}

// The server process: spawned on the fixture, stopped (SIGTERM) and reaped on destruction.
class Server {
public:
    Server(const std::string& db, const std::string& dir) : port_file_(dir + "/port") {
        fs::remove(port_file_);
        std::vector<std::string> argv = {STAMPLINE_SERVER_BIN,
                                         "serve",
                                         "--db",
                                         db,
                                         "--plant",
                                         STAMPLINE_DEMO_PLANT,
                                         "--port",
                                         "0",
                                         "--port-file",
                                         port_file_};
        std::vector<char*> args;
        for (std::string& a : argv) args.push_back(a.data());
        args.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        const std::string log = dir + "/server.log";
        posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        if (posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0)
            die("cannot start " + argv[0]);
        posix_spawn_file_actions_destroy(&actions);
    }
    ~Server() {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // The bound port, once the server wrote it (it binds before reading anything).
    int port() {
        for (;;) {
            std::ifstream in(port_file_);
            int port = 0;
            if (in >> port && port > 0) return port;
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) die("the server exited at start");
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }

    // Peak resident set size so far (VmHWM), in MB.
    double peak_rss_mb() const {
        std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
        for (std::string line; std::getline(in, line);)
            if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
        return 0;
    }

private:
    std::string port_file_;
    pid_t pid_ = 0;
};

struct Measured {
    int months = 0;
    Prepared fixture;
    double first_start_ms = 0;
    double restart_ms = 0;
    double pack_p50 = 0, pack_p90 = 0;
    double bottleneck_p50 = 0;
    double trail_p50 = 0, trail_p99 = 0;
    double peak_rss_mb = 0;
};

Measured measure(const Options& opt, const Plant& plant, int months) {
    Measured m;
    m.months = months;
    const std::string db =
        analytics_fixture_path(STAMPLINE_BENCH_DATA_DIR, opt.units, months, opt.seed);
    if (!fs::exists(db)) {
        std::fprintf(stderr, "bench_history: building %s\n", db.c_str());
        build_analytics_fixture({db, opt.units, months, opt.seed}, plant);
    }
    m.fixture = prepare(db, plant, opt.trails, opt.seed);
    if (opt.build_only) return m;
    const httplib::Headers auth = {{"Authorization", "Bearer " + m.fixture.token}};
    const std::string pack = "/api/v1/analytics/review-pack?month=2026-10";
    const std::string bottleneck = "/api/v1/analytics/bottleneck?from=2026-10-01&to=2026-10-31";

    const std::string dir = fs::temp_directory_path() / ("bench-history-" + std::to_string(months));
    fs::create_directories(dir);
    const auto first_pack = [&](httplib::Client& client) {
        for (;;) {
            auto res = client.Get(pack, auth);
            if (res && res->status == 200) return;
            if (res && res->status != 503) die("review pack: " + std::to_string(res->status));
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    };
    clear_kept_figures(db);
    {
        const auto start = SteadyClock::now();
        Server server(db, dir);
        httplib::Client client("127.0.0.1", server.port());
        client.set_read_timeout(600, 0);
        first_pack(client);
        m.first_start_ms = ms_since(start);
        m.peak_rss_mb = server.peak_rss_mb();
    }
    const auto start = SteadyClock::now();
    Server server(db, dir);
    httplib::Client client("127.0.0.1", server.port());
    client.set_keep_alive(true);
    client.set_read_timeout(600, 0);
    first_pack(client);
    m.restart_ms = ms_since(start);

    const auto timed = [&](const std::string& target) {
        const auto t0 = SteadyClock::now();
        auto res = client.Get(target, auth);
        if (!res || res->status != 200) die("GET " + target + " failed");
        return ms_since(t0);
    };
    std::vector<double> packs, bottlenecks, trails;
    for (int i = 0; i < opt.runs; ++i) packs.push_back(timed(pack));
    for (int i = 0; i < opt.runs; ++i) bottlenecks.push_back(timed(bottleneck));
    for (const std::string& serial : m.fixture.serials)
        trails.push_back(timed("/api/v1/units/" + serial + "/trail"));
    m.pack_p50 = percentile(packs, 50);
    m.pack_p90 = percentile(packs, 90);
    m.bottleneck_p50 = percentile(bottlenecks, 50);
    m.trail_p50 = percentile(trails, 50);
    m.trail_p99 = percentile(trails, 99);
    m.peak_rss_mb = std::max(m.peak_rss_mb, server.peak_rss_mb());
    return m;
}

}  // namespace
}  // namespace stampline::bench

int main(int argc, char** argv) {
    using namespace stampline::bench;
    const Options opt = parse(argc, argv);
    const stampline::Plant plant = load_demo_plant();
    std::vector<Measured> runs;
    for (int months : opt.months) runs.push_back(measure(opt, plant, months));
    if (opt.build_only) return 0;
    std::printf(
        "Stampline history benchmark (bench_history): the real stampline-server on "
        "each fixture,\n%d units a month, seed %llu; the month reviewed: October 2026 "
        "(its pack reads seven months).\n\n",
        opt.units, static_cast<unsigned long long>(opt.seed));
    std::printf("%-7s %11s %8s | %9s %10s | %9s %9s | %10s | %9s %9s | %9s\n", "months", "events",
                "GB", "first ms", "restart ms", "pack p50", "pack p90", "bneck p50", "trail p50",
                "trail p99", "peak RSS");
    for (const Measured& m : runs)
        std::printf(
            "%-7d %11s %8.2f | %9.0f %10.0f | %9.0f %9.0f | %10.0f | %9.2f %9.2f | %6.0f MB\n",
            m.months, with_commas(static_cast<std::uint64_t>(m.fixture.events)).c_str(),
            m.fixture.gb, m.first_start_ms, m.restart_ms, m.pack_p50, m.pack_p90, m.bottleneck_p50,
            m.trail_p50, m.trail_p99, m.peak_rss_mb);
    if (runs.size() >= 2 && runs.front().peak_rss_mb > 0)
        std::printf("\npeak RSS, %d months / %d month(s): %.2fx\n", runs.back().months,
                    runs.front().months, runs.back().peak_rss_mb / runs.front().peak_rss_mb);
    std::printf("runs: %d warm repetitions of the pack and the bottleneck; %d trails.\n", opt.runs,
                opt.trails);
    return 0;
}
