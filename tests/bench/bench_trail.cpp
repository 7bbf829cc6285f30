// bench_trail: latency of Store::trail(serial) (what GET /api/v1/units/{serial}/trail reads) on
// a database of 10 million events in the store's real schema. Issue 3, "Must show" 4; results
// in BENCHMARKS.md.
//
//   bench_trail [DB] [--events N] [--queries Q] [--seed S] [--verify] [--warm]
//
// DB (default /tmp/stampline-bench-10m.db, or /tmp/stampline-bench-<N>.db for other sizes) is
// reused when it exists and holds N events; otherwise it is built first (trail_fixture.h: the
// store's real schema, production's shape, ~3,000 units in work at once, a valid hash chain).
//
// Then the database is opened with open_sqlite_store and trail() is timed for Q random serials
// (uniform over units), twice (two sets of serials), from one thread.
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bench_common.h"
#include "trail_fixture.h"

namespace stampline::bench {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

struct Options {
    std::string db;
    std::uint64_t events = 10'000'000;
    std::size_t queries = 10'000;
    std::uint64_t seed = 42;
    bool verify = false;
    bool warm = false;
};

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "bench_trail: %s\n", message.c_str());
    std::exit(1);
}

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto number = [&]() -> std::uint64_t {
            if (i + 1 >= argc) die(a + " needs a value");
            const std::string v = argv[++i];
            char* end = nullptr;
            const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n == 0) die(a + ": not a positive number: " + v);
            return n;
        };
        if (a == "--events") {
            o.events = number();
        } else if (a == "--queries") {
            o.queries = static_cast<std::size_t>(number());
        } else if (a == "--seed") {
            o.seed = number();
        } else if (a == "--verify") {
            o.verify = true;
        } else if (a == "--warm") {
            o.warm = true;
        } else if (a == "--help" || a == "-h") {
            std::printf(
                "usage: %s [DB] [--events N] [--queries Q] [--seed S] [--verify] [--warm]\n"
                "  DB          the fixture database, reused when it holds N events\n"
                "              (default /tmp/stampline-bench-10m.db, or -<N>.db for other N)\n"
                "  --events N  events in the fixture (default 10000000)\n"
                "  --queries Q trail() calls per pass, two passes (default 10000)\n"
                "  --seed S    fixture and query randomness (default 42)\n"
                "  --verify    also time the store's verify_chain() over the whole log\n"
                "  --warm      read the whole file first, so the passes run from the page cache\n",
                argv[0]);
            std::exit(0);
        } else if (!a.empty() && a[0] != '-' && o.db.empty()) {
            o.db = a;
        } else {
            die("unknown argument " + a + " (see --help)");
        }
    }
    if (o.db.empty()) {
        o.db = o.events == 10'000'000 ? "/tmp/stampline-bench-10m.db"
                                      : "/tmp/stampline-bench-" + std::to_string(o.events) + ".db";
    }
    return o;
}

double seconds_since(SteadyClock::time_point t0) {
    return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

struct Pass {
    double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0, mean_rows = 0, max_rows = 0;
    double cpu_p50 = 0, cpu_p99 = 0;  // the thread's CPU time per call
    long disk_reads = 0;              // blocks read from the disk during the pass (ru_inblock)
};

double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

long blocks_read() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_inblock;
}

Pass measure(server::Store& store, std::uint64_t units, std::size_t queries, Rng& rng) {
    std::vector<double> ms, cpu;
    ms.reserve(queries);
    cpu.reserve(queries);
    const long blocks_before = blocks_read();
    std::uint64_t rows = 0;
    std::size_t max_rows = 0;
    for (std::size_t q = 0; q < queries; ++q) {
        const std::string serial = trail_serial(1 + rng.below(units));
        const double c0 = thread_cpu_ms();
        const auto t0 = SteadyClock::now();
        Result<std::vector<server::StoredEvent>> trail = store.trail(serial);
        ms.push_back(seconds_since(t0) * 1000);
        cpu.push_back(thread_cpu_ms() - c0);
        if (!trail) die(trail.error().to_string());
        if (trail->empty()) die("unit " + serial + " has no events");
        rows += trail->size();
        max_rows = std::max(max_rows, trail->size());
    }
    Pass p;
    p.p50 = percentile(ms, 50);
    p.p90 = percentile(ms, 90);
    p.p99 = percentile(ms, 99);
    p.p999 = percentile(ms, 99.9);
    p.max = ms.back();
    p.cpu_p50 = percentile(cpu, 50);
    p.cpu_p99 = percentile(cpu, 99);
    p.disk_reads = blocks_read() - blocks_before;
    p.mean_rows = static_cast<double>(rows) / static_cast<double>(queries);
    p.max_rows = static_cast<double>(max_rows);
    return p;
}

int run(int argc, char** argv) {
    const Options opt = parse_options(argc, argv);
    const Plant plant = load_demo_plant();

    bool built = false;
    if (fs::exists(opt.db)) {
        std::fprintf(stderr, "bench_trail: reusing %s\n", opt.db.c_str());
    } else {
        std::fprintf(stderr, "bench_trail: building %s with %s events\n", opt.db.c_str(),
                     with_commas(opt.events).c_str());
        build_trail_fixture(opt.db, opt.events, opt.seed, plant);
        built = true;
    }
    const std::uint64_t units = count_trail_units(opt.db);
    double warm_s = -1;
    if (opt.warm) {
        const auto t0 = SteadyClock::now();
        warm_file(opt.db);
        warm_s = seconds_since(t0);
    }

    auto store = open_bench_store(opt.db, false);
    const auto t_count = SteadyClock::now();
    Result<server::StoreCounts> counts = store->counts();
    if (!counts) die(counts.error().to_string());
    const double count_s = seconds_since(t_count);
    if (static_cast<std::uint64_t>(counts->events) != opt.events) {
        die(opt.db + " holds " + with_commas(static_cast<std::uint64_t>(counts->events)) +
            " events, not " + with_commas(opt.events) + ": remove it or name another path");
    }

    std::printf("Stampline trail benchmark (bench_trail)\n");
    std::printf("  database %s (%s): %s events, %s units, %.2f GB (%s bytes)\n", opt.db.c_str(),
                built ? "built by this run" : "reused",
                with_commas(static_cast<std::uint64_t>(counts->events)).c_str(),
                with_commas(units).c_str(), static_cast<double>(counts->db_bytes) / 1e9,
                with_commas(static_cast<std::uint64_t>(counts->db_bytes)).c_str());
    std::printf("  opened with open_sqlite_store; Store::counts() took %.2f s\n", count_s);
    if (warm_s >= 0)
        std::printf("  --warm: the file was read into the page cache first (%.1f s)\n", warm_s);
    std::printf(
        "  %s trail(serial) calls per pass, random serials uniform over units, one "
        "thread\n\n",
        with_commas(opt.queries).c_str());
    std::printf("%-6s %9s %9s %9s %9s %9s | %9s %9s | %9s %9s | %9s\n", "pass", "p50 ms", "p90 ms",
                "p99 ms", "p99.9 ms", "max ms", "rows avg", "rows max", "cpu p50", "cpu p99",
                "disk rd");
    Rng rng(opt.seed * 7919 + 1);
    for (int pass = 1; pass <= 2; ++pass) {
        const Pass p = measure(*store, units, opt.queries, rng);
        std::printf("%-6d %9.3f %9.3f %9.3f %9.3f %9.3f | %9.1f %9.0f | %9.3f %9.3f | %9ld\n", pass,
                    p.p50, p.p90, p.p99, p.p999, p.max, p.mean_rows, p.max_rows, p.cpu_p50,
                    p.cpu_p99, p.disk_reads);
        std::fflush(stdout);
    }
    std::printf(
        "\nWall-clock latency per trail() call; cpu = the calling thread's CPU time per "
        "call; disk rd = 512-byte blocks\nread from the disk during the pass (0: all from "
        "the page cache). Target: trail query p99 <= 2 ms.\n");
    if (opt.verify) {
        const auto t0 = SteadyClock::now();
        Result<std::optional<ChainBreak>> broken = store->verify_chain();
        if (!broken) die(broken.error().to_string());
        std::printf("verify_chain over %s events: %s in %.1f s\n",
                    with_commas(static_cast<std::uint64_t>(counts->events)).c_str(),
                    broken->has_value() ? "BROKEN" : "intact", seconds_since(t0));
        if (broken->has_value()) return 1;
    }
    return 0;
}

}  // namespace
}  // namespace stampline::bench

int main(int argc, char** argv) {
    return stampline::bench::run(argc, argv);
}
