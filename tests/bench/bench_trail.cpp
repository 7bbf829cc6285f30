// bench_trail: latency of Store::trail(serial) (what GET /api/v1/units/{serial}/trail reads) on
// a database of 10 million events in the store's real schema. Issue 3, "Must show" 4; results
// in BENCHMARKS.md.
//
//   bench_trail [DB] [--events N] [--queries Q] [--seed S] [--verify] [--warm]
//
// DB (default /tmp/stampline-bench-10m.db, or /tmp/stampline-bench-<N>.db for other sizes) is
// reused when it exists and holds N events; otherwise it is built first (DB.partial, renamed
// when complete). The fixture is built with direct SQLite inserts in 100,000-row transactions
// with synchronous=OFF and no journal (it is a fixture: durability does not matter while it is
// made), into a file whose schema open_sqlite_store created, so the tables, indexes and triggers
// are exactly the store's (server/store/sqlite_schema.cpp). Its shape is production's: units
// open one after another and walk their routes (bench_common.h UnitWalker: control points,
// nonconformances, sign-offs, all valid under the trail rules), about 3,000 units in work at
// any moment with their events interleaved in time, 10% of units stopping early; the hash chain
// is computed as the store computes it, so `stampline-server verify` passes.
//
// Then the database is opened with open_sqlite_store and trail() is timed for Q random serials
// (uniform over units), twice (two sets of serials), from one thread.
#include <sqlite3.h>
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
#include "server/store/sqlite_store.h"
#include "shared/event_json.h"
#include "shared/hash_chain.h"

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

// Unit k's serial: ten digits, "24" + k. Serials sort like their units' opening order, so
// max(serial) is the number of units (an index lookup).
std::string serial_of(std::uint64_t k) {
    char s[32];
    std::snprintf(s, sizeof s, "24%08llu", static_cast<unsigned long long>(k));
    return s;
}

void exec(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string m = message != nullptr ? message : "?";
        sqlite3_free(message);
        die(std::string(sql) + ": " + m);
    }
}

std::unique_ptr<server::Store> open_store(const std::string& path, bool create) {
    server::SqliteStoreOptions o;
    o.path = path;
    o.create_if_missing = create;
    Result<std::unique_ptr<server::Store>> store = server::open_sqlite_store(o);
    if (!store) die(store.error().to_string());
    return std::move(*store);
}

void remove_db(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix);
}

// Reads the file through the page cache (the kernel may still evict it later).
void warm_file(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) die("cannot read " + path);
    std::vector<char> buffer(1 << 20);
    while (std::fread(buffer.data(), 1, buffer.size(), f) == buffer.size()) {
    }
    std::fclose(f);
}

struct ActiveUnit {
    std::uint64_t k = 0;
    UnitWalker walker;
};

void build_fixture(const Options& opt, const Plant& plant) {
    const std::string partial = opt.db + ".partial";
    remove_db(partial);
    {
        auto store = open_store(partial, true);  // the real schema, then the stamp registry
        issue_bench_stamps(*store, plant);
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(partial.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK)
        die("cannot open " + partial);
    exec(db, "PRAGMA journal_mode = OFF");
    exec(db, "PRAGMA synchronous = OFF");
    exec(db, "PRAGMA cache_size = -1000000");  // 1 GB
    sqlite3_stmt* insert = nullptr;
    if (sqlite3_prepare_v3(db,
                           "INSERT INTO events (seq, id, serial, kind, stage, station, stamp, "
                           "terminal_time, received_at, canonical, hash) VALUES "
                           "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                           -1, SQLITE_PREPARE_PERSISTENT, &insert, nullptr) != SQLITE_OK)
        die(std::string("prepare: ") + sqlite3_errmsg(db));

    constexpr std::size_t kInWork = 3000;  // units in production at any moment
    constexpr std::uint64_t kTxnRows = 100'000;
    Rng rng(opt.seed);
    ManualClock clock(parse_utc("2024-01-09T06:00:00.000Z").value());
    FastRandom random(opt.seed ^ 0x5EED);
    UuidV7Generator ids(clock, random);
    std::uint64_t units = 0;
    const auto open_unit = [&]() {
        const std::uint64_t k = ++units;
        const ProductType& product = plant.products[rng.below(plant.products.size())];
        WalkOptions w;
        if (rng.chance(0.10)) w.max_events = 1 + rng.below(20);  // cancelled or stuck
        char order[32];
        std::snprintf(order, sizeof order, "Z%06llu", static_cast<unsigned long long>(k / 20 + 1));
        return ActiveUnit{k, UnitWalker(plant, product, serial_of(k), order, rng.next(), w)};
    };
    // A slot opens its next unit when it is first picked, so units are numbered in the order of
    // their first event and every serial up to max(serial) has events.
    std::vector<std::optional<ActiveUnit>> active(kInWork);

    std::string previous_hash;
    const auto start = SteadyClock::now();
    exec(db, "BEGIN");
    for (std::uint64_t seq = 1; seq <= opt.events; ++seq) {
        const std::size_t slot = rng.below(active.size());
        clock.advance_ms(500 + static_cast<std::int64_t>(rng.below(5500)));
        if (!active[slot]) active[slot] = open_unit();
        const Event e = active[slot]->walker.next(ids.next(), clock.now());
        if (active[slot]->walker.done()) active[slot].reset();

        const std::string canonical = canonical_event(e);
        std::string hash = chain_hash(previous_hash, canonical);
        const char* kind = event_kind_name(e.kind());
        const auto text = [&](int i, const std::string& s) {
            sqlite3_bind_text(insert, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
        };
        sqlite3_bind_int64(insert, 1, static_cast<std::int64_t>(seq));
        sqlite3_bind_blob(insert, 2, e.id.bytes.data(), 16, SQLITE_STATIC);
        text(3, e.serial);
        sqlite3_bind_text(insert, 4, kind, -1, SQLITE_STATIC);
        text(5, e.stage);
        text(6, e.station);
        text(7, e.stamp);
        sqlite3_bind_int64(insert, 8, e.terminal_time.ms);
        sqlite3_bind_int64(insert, 9,
                           e.terminal_time.ms + 150 + static_cast<std::int64_t>(rng.below(2850)));
        text(10, canonical);
        text(11, hash);
        if (sqlite3_step(insert) != SQLITE_DONE) die(std::string("insert: ") + sqlite3_errmsg(db));
        sqlite3_reset(insert);
        previous_hash = std::move(hash);

        if (seq % kTxnRows == 0 || seq == opt.events) {
            exec(db, "COMMIT");
            const double s = seconds_since(start);
            const double rate = static_cast<double>(seq) / s;
            std::fprintf(stderr,
                         "\rfixture: %s / %s events, %s units, %.0f events/s, %.0f s elapsed, "
                         "ETA %.0f s   ",
                         with_commas(seq).c_str(), with_commas(opt.events).c_str(),
                         with_commas(units).c_str(), rate, s,
                         static_cast<double>(opt.events - seq) / rate);
            if (seq != opt.events) exec(db, "BEGIN");
        }
    }
    std::fprintf(stderr, "\n");
    sqlite3_finalize(insert);
    exec(db, "PRAGMA journal_mode = WAL");  // what the store runs in (and sets itself anyway)
    sqlite3_close_v2(db);
    fs::rename(partial, opt.db);
    std::fprintf(stderr, "fixture: built %s in %.0f s\n", opt.db.c_str(), seconds_since(start));
}

std::uint64_t count_units(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        die("cannot open " + path);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT max(serial) FROM events", -1, &st, nullptr);
    std::uint64_t n = 0;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr)
        n = std::strtoull(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)) + 2, nullptr,
                          10);
    sqlite3_finalize(st);
    sqlite3_close_v2(db);
    return n;
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
        const std::string serial = serial_of(1 + rng.below(units));
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
        build_fixture(opt, plant);
        built = true;
    }
    const std::uint64_t units = count_units(opt.db);
    double warm_s = -1;
    if (opt.warm) {
        const auto t0 = SteadyClock::now();
        warm_file(opt.db);
        warm_s = seconds_since(t0);
    }

    auto store = open_store(opt.db, false);
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
