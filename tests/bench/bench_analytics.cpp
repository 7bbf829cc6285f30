// bench_analytics: issue 6's performance targets, over the real HTTP server (in-process ApiServer
// on 127.0.0.1, an ephemeral port, an auditor token, a real SQLite file):
//   - the analytics of a month of ~1 million events: bottleneck, pareto, stages, and the calls a
//     review pack makes (target: review pack <= 1 s);
//   - the trail of one unit on a 10-million-event database (target: trail page <= 50 ms).
// Results in BENCHMARKS.md, "Analytics and review pack (issue 6)".
//
//   bench_analytics [--db PATH] [--units N] [--months M] [--seed S] [--runs R] [--baselines B]
//                   [--trail-db PATH] [--trail-events N] [--trail-requests Q] [--warm]
//                   [--no-analytics] [--no-trail]
//
// Analytics fixture (built once, then reused by path): `months` calendar months of production
// from server/simulate (the same simulator as `stampline simulate`: units with their control
// points, NCs found at the next stage or escaping further, corrections, verifications, holds,
// a planted WIRING problem and a slow ADJUST stage), the last one being the month reviewed.
// The stamps are put and the events appended through the store's own write transactions
// (Store::write + WriteTxn::append: the real schema, hash chain and checks), 20,000 events per
// transaction, skipping HTTP and the trail rules (the simulator has already replayed every
// event through them).
//
// Measured, for each scenario, on a freshly started server (its in-memory analytics log empty):
// the first request (cold: it reads the whole log from SQLite into memory) and then `runs` warm
// repetitions (median and p90). The review pack is timed as the sequence of calls it makes until
// its endpoint exists: pareto + escapes + stages + bottleneck + repeat-offenders for the month,
// then stages for each of the 5 months before. Baselines measured in the same run, in process:
// one SELECT of the whole log (Store::all_events, what every analytics request did before the
// in-memory log), group_by_unit over it, and that old request path for the bottleneck.
//
// Trail: the 10-million-event fixture of bench_trail (trail_fixture.h), built once and reused;
// GET /api/v1/units/{serial}/trail for Q random serials (uniform over units), against
// Store::trail for Q other random serials in process (the query alone) as the baseline.
#include <httplib.h>
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "analytics_fixture.h"
#include "bench_common.h"
#include "server/analytics/stage_analysis.h"
#include "server/http/api_server.h"
#include "server/service/corrective_actions.h"
#include "server/service/tokens.h"
#include "server/simulate/simulation.h"
#include "trail_fixture.h"

#ifndef STAMPLINE_BENCH_DATA_DIR
#define STAMPLINE_BENCH_DATA_DIR "/tmp"
#endif

namespace stampline::bench {
namespace {

namespace fs = std::filesystem;
namespace an = server::analytics;
namespace sim = server::simulate;
using SteadyClock = std::chrono::steady_clock;
using nlohmann::json;

struct Options {
    std::string db;  // "" = in STAMPLINE_BENCH_DATA_DIR, named by units, months and seed
    int units = 46'000;
    int months = 1;
    std::uint64_t seed = 1;
    int runs = 10;
    int baselines = 3;
    std::string trail_db;
    std::uint64_t trail_events = 10'000'000;
    std::size_t trail_requests = 1000;
    bool warm = false;
    bool analytics = true;
    bool trail = true;
};

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "bench_analytics: %s\n", message.c_str());
    std::exit(1);
}

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) die(a + " needs a value");
            return argv[++i];
        };
        const auto number = [&]() -> std::uint64_t {
            const std::string v = value();
            char* end = nullptr;
            const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n == 0) die(a + ": not a positive number: " + v);
            return n;
        };
        if (a == "--db") {
            o.db = value();
        } else if (a == "--units") {
            o.units = static_cast<int>(number());
        } else if (a == "--months") {
            o.months = static_cast<int>(number());
        } else if (a == "--seed") {
            o.seed = number();
        } else if (a == "--runs") {
            o.runs = static_cast<int>(number());
        } else if (a == "--baselines") {
            o.baselines = static_cast<int>(number());
        } else if (a == "--trail-db") {
            o.trail_db = value();
        } else if (a == "--trail-events") {
            o.trail_events = number();
        } else if (a == "--trail-requests") {
            o.trail_requests = static_cast<std::size_t>(number());
        } else if (a == "--warm") {
            o.warm = true;
        } else if (a == "--no-analytics") {
            o.analytics = false;
        } else if (a == "--no-trail") {
            o.trail = false;
        } else if (a == "--help" || a == "-h") {
            std::printf(
                "usage: %s [options]\n"
                "  --db PATH           analytics fixture, reused when it exists (default\n"
                "                      %s/analytics-<units>u-<months>m-s<seed>.db)\n"
                "  --units N           units registered per simulated month (default 46000:\n"
                "                      ~1 million events a month)\n"
                "  --months M          months simulated; the last is the one reviewed (default 1)\n"
                "  --seed S            simulation seed of the first month (default 1)\n"
                "  --runs R            warm repetitions per scenario (default 10)\n"
                "  --baselines B       repetitions of the in-process baselines (default 3)\n"
                "  --trail-db PATH     trail fixture, reused when it exists (default\n"
                "                      %s/trail-<events>.db)\n"
                "  --trail-events N    events in the trail fixture (default 10000000)\n"
                "  --trail-requests Q  trail requests, and as many Store::trail calls (default "
                "1000)\n"
                "  --warm              read the trail fixture into the page cache first\n"
                "  --no-analytics, --no-trail   skip a part\n",
                argv[0], STAMPLINE_BENCH_DATA_DIR, STAMPLINE_BENCH_DATA_DIR);
            std::exit(0);
        } else {
            die("unknown argument " + a + " (see --help)");
        }
    }
    if (o.units > 100'000) die("--units: the simulator takes at most 100000 units a month");
    if (o.db.empty())
        o.db = analytics_fixture_path(STAMPLINE_BENCH_DATA_DIR, o.units, o.months, o.seed);
    if (o.trail_db.empty())
        o.trail_db = std::string(STAMPLINE_BENCH_DATA_DIR) + "/trail-" +
                     std::to_string(o.trail_events) + ".db";
    return o;
}

double seconds_since(SteadyClock::time_point t0) {
    return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

double ms_since(SteadyClock::time_point t0) {
    return seconds_since(t0) * 1000;
}

// Heap memory in use by this process (every malloc arena and mmapped block), in MB.
double heap_mb() {
    const struct mallinfo2 m = mallinfo2();
    return static_cast<double>(m.uordblks + m.hblkhd) / 1e6;
}

// ---- the server and its client ----

// An ApiServer on 127.0.0.1 (ephemeral port) over the store, serving on its own thread, with a
// keep-alive client holding an auditor token.
class Served {
public:
    Served(server::Store& store, const Plant& plant, Timestamp now)
        : clock_(now), random_(0xB0B), ids_(clock_, random_) {
        Result<server::NewToken> token = server::create_token(
            store, plant, random_, clock_, server::Role::Auditor, "", "bench auditor");
        if (!token) die(token.error().to_string());
        headers_ = {{"Authorization", "Bearer " + token->secret}};
        server::ApiOptions api;
        api.port = 0;
        api.keep_alive_timeout_s = 60;
        server_ = std::make_unique<server::ApiServer>(store, plant, clock_, random_, ids_, api);
        Result<int> port = server_->bind();
        if (!port) die(port.error().to_string());
        runner_ = std::thread([this] { server_->run(); });
        client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
        client_->set_keep_alive(true);
        client_->set_tcp_nodelay(true);
        client_->set_read_timeout(600, 0);
        auto hello = client_->Get("/healthz");  // opens the keep-alive connection
        if (!hello || hello->status != 200) die("GET /healthz failed");
        // A browser session too, for the web pages (a one-time link, then its cookie).
        auto link = client_->Post("/api/v1/web-logins", headers_, "{}", "application/json");
        if (!link || link->status != 201) die("POST /api/v1/web-logins failed");
        auto login = client_->Get(nlohmann::json::parse(link->body)["url"].get<std::string>());
        if (!login || login->status != 303) die("the sign-in link did not sign in");
        const std::string cookie = login->get_header_value("Set-Cookie");
        headers_.emplace("Cookie", cookie.substr(0, cookie.find(';')));
    }
    ~Served() {
        client_.reset();
        server_->stop();
        runner_.join();
    }
    Served(const Served&) = delete;
    Served& operator=(const Served&) = delete;

    // GETs the target; exits unless the answer is 200. Returns the body.
    std::string get(const std::string& target) {
        auto res = client_->Get(target, headers_);
        if (!res) die("GET " + target + ": " + httplib::to_string(res.error()));
        if (res->status != 200)
            die("GET " + target + " answered " + std::to_string(res->status) + ": " + res->body);
        return std::move(res->body);
    }

private:
    ManualClock clock_;
    FastRandom random_;
    UuidV7Generator ids_;
    httplib::Headers headers_;
    std::unique_ptr<server::ApiServer> server_;
    std::thread runner_;
    std::unique_ptr<httplib::Client> client_;
};

// ---- analytics ----

std::string period(Date first) {
    const Date last = civil_from_days(days_from_civil(first) + days_in_month(first) - 1);
    return "from=" + format_date(first) + "&to=" + format_date(last);
}

struct Scenario {
    std::string name;
    std::vector<std::string> targets;
};

struct Timing {
    double cold_ms = 0;
    double median_ms = 0;
    double p90_ms = 0;
    double min_ms = 0;
    double heap_before_mb = 0, heap_after_cold_mb = 0;
};

Timing run_scenario(server::Store& store, const Plant& plant, Timestamp now, const Scenario& sc,
                    int runs) {
    Timing t;
    t.heap_before_mb = heap_mb();
    Served served(store, plant, now);
    const auto round = [&] {
        const auto t0 = SteadyClock::now();
        for (const std::string& target : sc.targets) served.get(target);
        return ms_since(t0);
    };
    t.cold_ms = round();
    t.heap_after_cold_mb = heap_mb();
    std::vector<double> warm;
    for (int i = 0; i < runs; ++i) warm.push_back(round());
    t.median_ms = median(warm);
    t.p90_ms = percentile(warm, 90);
    t.min_ms = warm.front();  // sorted by percentile()
    return t;
}

void run_analytics(const Options& opt, const Plant& plant) {
    bool built = false;
    if (fs::exists(opt.db)) {
        std::fprintf(stderr, "bench_analytics: reusing %s\n", opt.db.c_str());
    } else {
        std::fprintf(stderr, "bench_analytics: building %s\n", opt.db.c_str());
        build_analytics_fixture({opt.db, opt.units, opt.months, opt.seed}, plant);
        built = true;
    }
    auto store = open_bench_store(opt.db, false);
    Result<server::StoreCounts> counts = store->counts();
    if (!counts) die(counts.error().to_string());

    const Date month = month_start(opt.months, opt.months - 1);
    const std::string p = period(month);
    const Timestamp now{(days_from_civil(month) + days_in_month(month) + 1) * 86'400'000};

    // Baselines, in process: what every analytics request did before the in-memory log.
    std::vector<double> select_ms, group_ms, old_path_ms, analysis_ms;
    std::size_t units = 0;
    for (int i = 0; i < opt.baselines; ++i) {
        auto t0 = SteadyClock::now();
        Result<std::vector<server::StoredEvent>> log = store->all_events();
        if (!log) die(log.error().to_string());
        select_ms.push_back(ms_since(t0));
        auto t1 = SteadyClock::now();
        const std::vector<an::UnitEvents> grouped = an::group_by_unit(*log);
        group_ms.push_back(ms_since(t1));
        units = grouped.size();
        an::Query q;
        q.from = Timestamp{days_from_civil(month) * 86'400'000};
        q.to = Timestamp{(days_from_civil(month) + days_in_month(month)) * 86'400'000};
        auto t2 = SteadyClock::now();
        const an::Bottleneck b = an::bottleneck(plant, grouped, q);
        analysis_ms.push_back(ms_since(t2));
        old_path_ms.push_back(ms_since(t0));
        if (i == 0)
            std::fprintf(stderr, "bench_analytics: bottleneck of %s: quality %s, flow %s\n",
                         format_date(month).c_str(), b.top_quality_stage.c_str(),
                         b.top_flow_stage.c_str());
    }
    const double select = median(select_ms);

    std::vector<Scenario> scenarios;
    scenarios.push_back({"bottleneck", {"/api/v1/analytics/bottleneck?" + p}});
    scenarios.push_back({"pareto", {"/api/v1/analytics/pareto?" + p}});
    scenarios.push_back({"stages", {"/api/v1/analytics/stages?" + p}});
    const std::string ym = format_year_month(YearMonth{month.year, month.month});
    scenarios.push_back({"review pack (API)", {"/api/v1/analytics/review-pack?month=" + ym}});
    scenarios.push_back({"review pack page (HTML)", {"/ui/review?month=" + ym}});
    scenarios.push_back({"bottleneck page (HTML)", {"/ui/bottleneck?" + p}});

    std::printf("Stampline analytics benchmark (bench_analytics)\n");
    std::printf("  database %s (%s): %s events, %s units, %d month(s) simulated, %.2f GB\n",
                opt.db.c_str(), built ? "built by this run" : "reused",
                with_commas(static_cast<std::uint64_t>(counts->events)).c_str(),
                with_commas(units).c_str(), opt.months,
                static_cast<double>(counts->db_bytes) / 1e9);
    std::printf(
        "  reviewed month %s; in-process ApiServer, 4 workers, one keep-alive client, "
        "auditor token\n\n",
        p.c_str());
    std::printf("Baselines (in process, median of %d):\n", opt.baselines);
    std::printf("  Store::all_events() (one SELECT of the whole log, parsed)   %9.1f ms\n", select);
    std::printf("  group_by_unit over it                                       %9.1f ms\n",
                median(group_ms));
    std::printf("  bottleneck() over the grouped units                         %9.1f ms\n",
                median(analysis_ms));
    std::printf("  old request path: all_events + group_by_unit + bottleneck   %9.1f ms\n\n",
                median(old_path_ms));
    std::fflush(stdout);

    std::printf("%-24s %6s %10s %10s %10s %10s | %12s %10s\n", "scenario (HTTP)", "calls",
                "cold ms", "warm p50", "warm p90", "warm min", "p50/SELECT", "heap +MB");
    for (const Scenario& sc : scenarios) {
        const Timing t = run_scenario(*store, plant, now, sc, opt.runs);
        std::printf("%-24s %6zu %10.1f %10.1f %10.1f %10.1f | %11.3fx %10.0f\n", sc.name.c_str(),
                    sc.targets.size(), t.cold_ms, t.median_ms, t.p90_ms, t.min_ms,
                    t.median_ms / select, t.heap_after_cold_mb - t.heap_before_mb);
        std::fflush(stdout);
    }
    std::printf(
        "\ncold = the first request(s) on a freshly started server: its in-memory log is empty "
        "and is read\nfrom SQLite (the file itself is in the page cache by then). warm = %d "
        "repetitions after it. heap +MB = heap memory in use after the cold round minus before the "
        "server\nstarted: that server's in-memory log (mallinfo2).\nTarget: review pack <= 1 s."
        "\n\n",
        opt.runs);
}

// ---- trail ----

struct Latency {
    double p50 = 0, p90 = 0, p99 = 0, max = 0;
};

Latency summarize(std::vector<double> ms) {
    Latency l;
    l.p50 = percentile(ms, 50);
    l.p90 = percentile(ms, 90);
    l.p99 = percentile(ms, 99);
    l.max = ms.back();
    return l;
}

void run_trail(const Options& opt, const Plant& plant) {
    bool built = false;
    if (fs::exists(opt.trail_db)) {
        std::fprintf(stderr, "bench_analytics: reusing %s\n", opt.trail_db.c_str());
    } else {
        std::fprintf(stderr, "bench_analytics: building %s with %s events (minutes)\n",
                     opt.trail_db.c_str(), with_commas(opt.trail_events).c_str());
        build_trail_fixture(opt.trail_db, opt.trail_events, 42, plant);
        built = true;
    }
    const std::uint64_t units = count_trail_units(opt.trail_db);
    double warm_s = -1;
    if (opt.warm) {
        const auto t0 = SteadyClock::now();
        warm_file(opt.trail_db);
        warm_s = seconds_since(t0);
    }
    auto store = open_bench_store(opt.trail_db, false);
    Result<server::StoreCounts> counts = store->counts();
    if (!counts) die(counts.error().to_string());
    if (static_cast<std::uint64_t>(counts->events) != opt.trail_events)
        die(opt.trail_db + " holds " + with_commas(static_cast<std::uint64_t>(counts->events)) +
            " events, not " + with_commas(opt.trail_events) + ": remove it or name another path");

    Rng rng(4242);
    Served served(*store, plant, parse_utc("2026-12-01T00:00:00.000Z").value());
    std::vector<double> http_ms, store_ms;
    std::size_t bytes = 0, events = 0;
    for (std::size_t q = 0; q < opt.trail_requests; ++q) {
        const std::string serial = trail_serial(1 + rng.below(units));
        const auto t0 = SteadyClock::now();
        const std::string body = served.get("/api/v1/units/" + serial + "/trail");
        http_ms.push_back(ms_since(t0));
        bytes += body.size();
    }
    for (std::size_t q = 0; q < opt.trail_requests; ++q) {
        const std::string serial = trail_serial(1 + rng.below(units));
        const auto t0 = SteadyClock::now();
        Result<std::vector<server::StoredEvent>> trail = store->trail(serial);
        store_ms.push_back(ms_since(t0));
        if (!trail || trail->empty()) die("no trail for " + serial);
        events += trail->size();
    }
    std::vector<double> page_ms;
    for (std::size_t q = 0; q < opt.trail_requests; ++q) {
        const std::string serial = trail_serial(1 + rng.below(units));
        const auto t0 = SteadyClock::now();
        served.get("/ui/units/" + serial);
        page_ms.push_back(ms_since(t0));
    }
    const Latency h = summarize(http_ms);
    const Latency s = summarize(store_ms);
    const Latency pg = summarize(page_ms);
    std::printf("Trail on %s events (%s, %s units, %.2f GB%s)\n",
                with_commas(static_cast<std::uint64_t>(counts->events)).c_str(),
                built ? "built by this run" : "reused", with_commas(units).c_str(),
                static_cast<double>(counts->db_bytes) / 1e9,
                warm_s >= 0 ? ", read into the page cache first" : "");
    std::printf(
        "  %zu requests and %zu Store::trail calls, random serials uniform over units, "
        "one client\n",
        opt.trail_requests, opt.trail_requests);
    std::printf("%-44s %9s %9s %9s %9s\n", "", "p50 ms", "p90 ms", "p99 ms", "max ms");
    std::printf("%-44s %9.3f %9.3f %9.3f %9.3f\n", "GET /api/v1/units/{serial}/trail (HTTP)", h.p50,
                h.p90, h.p99, h.max);
    std::printf("%-44s %9.3f %9.3f %9.3f %9.3f\n", "GET /ui/units/{serial} (trail page, HTML)",
                pg.p50, pg.p90, pg.p99, pg.max);
    std::printf("%-44s %9.3f %9.3f %9.3f %9.3f\n", "baseline: Store::trail(serial), in process",
                s.p50, s.p90, s.p99, s.max);
    std::printf("  HTTP / baseline at p50: %.2fx; %.1f events and %.1f KB per trail on average\n",
                h.p50 / s.p50, static_cast<double>(events) / opt.trail_requests,
                static_cast<double>(bytes) / opt.trail_requests / 1024);
    std::printf("Target: trail page <= 50 ms.\n");
}

int run(int argc, char** argv) {
    const Options opt = parse_options(argc, argv);
    spdlog::set_level(spdlog::level::warn);  // no access log line per request
    const Plant plant = load_demo_plant();
    if (opt.analytics) run_analytics(opt, plant);
    if (opt.trail) run_trail(opt, plant);
    return 0;
}

}  // namespace
}  // namespace stampline::bench

int main(int argc, char** argv) {
    return stampline::bench::run(argc, argv);
}
