// bench_ingest: events/s and per-batch latency of POST /api/v1/events with 16 concurrent
// terminals posting batches of 50 over HTTP (in-process ApiServer on 127.0.0.1, real SQLite
// file, real durability), against a raw-SQLite baseline inserting the same rows with the same
// durability (WAL, synchronous=FULL) in 50-row transactions from one thread. Issue 3, "Must
// show" 4; results in BENCHMARKS.md.
//
//   bench_ingest [--events-per-terminal N] [--repeats R] [--terminals T] [--batch B]
//                [--dir DIR] [--log-level info|warn|off] [--keep] [--cold] [--tls]
//                [--store sqlite|postgresql|postgresql:CONNINFO] [--raw-txn N]
//
// Workload: each terminal is bound to one (station, stage) pair of the demo plant; its units
// arrive already walked up to that stage (history ingested before the clock starts), and it
// posts what the stage really records: the control point (all checks, 2% fail once and are
// rerun), sometimes a nonconformance raised, corrected and verified, and the sign-off. Every
// event is accepted by the trail rules; the benchmark checks every answer.
//
// Each repeat starts from a copy of the same template database, runs
//   1. HTTP: 16 httplib clients (keep-alive, TCP_NODELAY), one thread each;
//   2. in-process: the same batches through ingest_batch() from 16 threads (no HTTP, no JSON),
//      to split the cost between the HTTP layer and the service + store;
//   3. raw SQLite: the rows the HTTP run stored (same canonical text, hashes, all columns),
//      read back and inserted into a copy of the template with prepared statements.
// and medians over the repeats are reported.
//
// --store postgresql (issue 21): the same workload on the PostgreSQL store, in a throw-away
// cluster started through tests/pg/pg_cluster.h (or the server of --store postgresql:CONNINFO).
// The template is a database; each run gets fresh copies of it (CREATE DATABASE ... TEMPLATE):
//   1. HTTP: the real stampline-server binary (`serve --db postgresql:...`), the same clients;
//   2. in-process: ingest_batch() on open_pg_store from 16 threads;
//   3. raw PostgreSQL (pg_raw_baseline.h): the rows the HTTP run stored (events; events + the
//      units and facts rows the store's append writes), inserted again by one connection with
//      prepared single-row INSERTs in --raw-txn-row transactions, synchronous_commit=on.
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <latch>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.h"
#include "pg/pg_cluster.h"
#include "pg_raw_baseline.h"
#include "server/http/api_server.h"
#include "server/service/ingest.h"
#include "server/service/tokens.h"
#include "server/store/pg/pg_store.h"
#include "server/store/sqlite_store.h"
#include "shared/event_json.h"
#include "shared/system_clock.h"

namespace stampline::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct Options {
    std::size_t events_per_terminal = 2500;
    int repeats = 5;
    std::size_t terminals = 16;
    std::size_t batch = 50;
    std::string dir;  // "" = a new directory under $TMPDIR or /tmp
    std::string log_level = "info";
    bool keep = false;
    // Start posting as soon as the server listens, before it has read the units in work from
    // the log (a server just restarted); default: after, as a server that has been running.
    bool cold = false;
    bool tls = false;  // also post over TLS, with a plant CA made by `stampline tls init`
    // "sqlite"; "postgresql" (a throw-away cluster, tests/pg/pg_cluster.h) or
    // "postgresql:CONNINFO" (an existing server; databases are made and dropped in it).
    std::string store = "sqlite";
    std::size_t raw_txn = 0;  // rows per raw PostgreSQL transaction; 0: --batch
};

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "bench_ingest: %s\n", message.c_str());
    std::exit(1);
}

void usage_exit(const char* argv0) {
    std::printf(
        "usage: %s [--events-per-terminal N] [--repeats R] [--terminals T] [--batch B]\n"
        "          [--dir DIR] [--log-level info|warn|off] [--keep] [--cold]\n"
        "          [--tls] [--store sqlite|postgresql|postgresql:CONNINFO] [--raw-txn N]\n"
        "  --events-per-terminal N  events each terminal posts per run (default 2500)\n"
        "  --repeats R              runs; medians are reported (default 5)\n"
        "  --terminals T            concurrent terminals, one HTTP connection each (default 16)\n"
        "  --batch B                events per POST and per raw transaction (default 50)\n"
        "  --dir DIR                where the databases go (default: a new dir in /tmp)\n"
        "  --log-level L            the server's log level, logged to DIR/server.log (info)\n"
        "  --keep                   keep the databases\n"
        "  --cold                   post at once after the server starts, before it has read\n"
        "                           the units in work (default: wait until it has, as a\n"
        "                           running server would have them)\n"
        "  --tls                    also post every run over TLS (TLS ev/s, p99, /r+facts)\n"
        "  --store S                sqlite (default); postgresql: a throw-away cluster in /tmp\n"
        "                           (tests/pg harness), stopped at the end; postgresql:CONNINFO:\n"
        "                           an existing server (its user may create databases). HTTP\n"
        "                           then runs the real stampline-server binary\n"
        "  --raw-txn N              PostgreSQL: rows per raw baseline transaction (default\n"
        "                           --batch)\n",
        argv0);
    std::exit(0);
}

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) die(a + " needs a value");
            return argv[++i];
        };
        const auto number = [&]() -> std::size_t {
            const std::string v = value();
            char* end = nullptr;
            const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n == 0) die(a + ": not a positive number: " + v);
            return static_cast<std::size_t>(n);
        };
        if (a == "--events-per-terminal") {
            o.events_per_terminal = number();
        } else if (a == "--repeats") {
            o.repeats = static_cast<int>(number());
        } else if (a == "--terminals") {
            o.terminals = number();
        } else if (a == "--batch") {
            o.batch = number();
        } else if (a == "--dir") {
            o.dir = value();
        } else if (a == "--log-level") {
            o.log_level = value();
        } else if (a == "--keep") {
            o.keep = true;
        } else if (a == "--cold") {
            o.cold = true;
        } else if (a == "--tls") {
            o.tls = true;
        } else if (a == "--store") {
            o.store = value();
            if (o.store != "sqlite" && o.store != "postgresql" &&
                o.store.rfind("postgresql:", 0) != 0)
                die("--store: sqlite, postgresql or postgresql:CONNINFO, not " + o.store);
        } else if (a == "--raw-txn") {
            o.raw_txn = number();
        } else if (a == "--help" || a == "-h") {
            usage_exit(argv[0]);
        } else {
            die("unknown argument " + a + " (see --help)");
        }
    }
    return o;
}

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// ---- the workload ----

struct Terminal {
    std::string station;
    std::string stage;
    std::string secret;
    std::vector<Event> events;        // what it posts, in order
    std::vector<std::string> bodies;  // the POST bodies, one per batch
    std::size_t batches() const { return bodies.size(); }
};

struct Workload {
    std::vector<Terminal> terminals;
    std::vector<Event> setup;  // history ingested before the clock starts
    std::size_t units = 0;
    std::size_t measured = 0;
    // What ingest_batch reads back to derive unit states: per batch, the stored events of each
    // unit the batch names (one trail query per unit per batch, every row's JSON parsed).
    double trail_rows_per_batch = 0;
    double units_per_batch = 0;
};

// Ids in the order the events enter the log, as a terminal would have made them at the act;
// terminal times follow the ids, and each act carries its corrected time as terminals send it
// (their clocks 1.5 s ahead of the server's). NC references follow their NC's new id.
void renumber(std::vector<Event*> order, UuidV7Generator& ids, std::map<Uuid, Uuid>& renamed) {
    for (Event* e : order) {
        const Uuid fresh = ids.next();
        renamed[e->id] = fresh;
        e->id = fresh;
        e->terminal_time = fresh.v7_time();
        e->corrected_time = Timestamp{e->terminal_time.ms - 1'500};
        if (auto* c = std::get_if<NcCorrected>(&e->body)) c->nc = renamed.at(c->nc);
        if (auto* v = std::get_if<NcVerified>(&e->body)) v->nc = renamed.at(v->nc);
    }
}

Workload make_workload(const Plant& plant, const Options& opt, UuidV7Generator& ids) {
    std::vector<std::pair<std::string, std::string>> pairs;  // (station, stage)
    for (const Station& s : plant.stations)
        for (const std::string& stage : s.stages) pairs.emplace_back(s.id, stage);

    Workload w;
    std::vector<std::vector<Event>> unit_history;
    for (std::size_t t = 0; t < opt.terminals; ++t) {
        Terminal term;
        term.station = pairs[t % pairs.size()].first;
        term.stage = pairs[t % pairs.size()].second;
        std::vector<const ProductType*> products;
        for (const ProductType& p : plant.products)
            if (route_index(p, term.stage) >= 0) products.push_back(&p);
        for (std::size_t u = 0; term.events.size() < opt.events_per_terminal; ++u) {
            const ProductType& product = *products[u % products.size()];
            char serial[48], order[48];
            std::snprintf(serial, sizeof serial, "T%02zuU%06zu", t, u + 1);
            std::snprintf(order, sizeof order, "Z%02zu%04zu", t, u / 25 + 1);
            UnitWalker walker(plant, product, serial, order, t * 1'000'003 + u);
            const int stage = route_index(product, term.stage);
            std::vector<Event> history;
            while (walker.next_stage_index() < stage)
                history.push_back(walker.next(ids.next(), {}));
            while (!walker.done() && walker.next_stage_index() == stage &&
                   term.events.size() < opt.events_per_terminal) {
                Event e = walker.next(ids.next(), {});
                e.station = term.station;  // the terminal's own station at that stage
                term.events.push_back(std::move(e));
            }
            unit_history.push_back(std::move(history));
            ++w.units;
        }
        w.measured += term.events.size();
        w.terminals.push_back(std::move(term));
    }

    // The history enters the log level by level across all units (production is interleaved);
    // then the measured events, batch by batch across the terminals.
    std::map<Uuid, Uuid> renamed;
    std::vector<Event*> order;
    for (std::size_t level = 0;; ++level) {
        const std::size_t before = order.size();
        for (auto& h : unit_history)
            if (level < h.size()) order.push_back(&h[level]);
        if (order.size() == before) break;
    }
    renumber(order, ids, renamed);
    for (Event* e : order) w.setup.push_back(std::move(*e));
    unit_history.clear();

    order.clear();
    for (std::size_t i = 0; i < opt.events_per_terminal; ++i)
        for (Terminal& t : w.terminals)
            if (i < t.events.size()) order.push_back(&t.events[i]);
    renumber(order, ids, renamed);

    std::map<std::string, std::size_t> stored;  // events per serial, as the log grows
    for (const Event& e : w.setup) ++stored[e.serial];
    std::size_t rows = 0, units = 0, batches = 0;
    for (Terminal& t : w.terminals) {
        for (std::size_t i = 0; i < t.events.size(); i += opt.batch) {
            std::map<std::string, std::size_t> named;
            for (std::size_t j = i; j < std::min(i + opt.batch, t.events.size()); ++j)
                named.emplace(t.events[j].serial, stored[t.events[j].serial]);
            for (const auto& [serial, n] : named) rows += n;
            units += named.size();
            ++batches;
            for (std::size_t j = i; j < std::min(i + opt.batch, t.events.size()); ++j)
                ++stored[t.events[j].serial];
            json events = json::array();
            for (std::size_t j = i; j < std::min(i + opt.batch, t.events.size()); ++j)
                events.push_back(event_to_json(t.events[j]));
            t.bodies.push_back(json{{"v", 1}, {"events", std::move(events)}}.dump());
        }
    }
    w.trail_rows_per_batch = static_cast<double>(rows) / static_cast<double>(batches);
    w.units_per_batch = static_cast<double>(units) / static_cast<double>(batches);
    return w;
}

// ---- databases ----

std::unique_ptr<server::Store> open_store(const fs::path& path) {
    server::SqliteStoreOptions o;
    o.path = path.string();
    Result<std::unique_ptr<server::Store>> store = server::open_sqlite_store(o);
    if (!store) die(store.error().to_string());
    return std::move(*store);
}

void remove_db(const fs::path& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
}

// A durable copy, so the copy's dirty pages are not being written back during a measurement.
void copy_db(const fs::path& from, const fs::path& to) {
    if (fs::exists(from.string() + "-wal")) die(from.string() + "-wal exists: store not closed?");
    remove_db(to);
    fs::copy_file(from, to);
    const int fd = ::open(to.c_str(), O_RDONLY);
    if (fd < 0 || ::fsync(fd) != 0) die("cannot fsync " + to.string());
    ::close(fd);
}

std::int64_t max_seq(server::Store& store) {
    Result<server::StoreCounts> c = store.counts();
    if (!c) die(c.error().to_string());
    return c->events;  // seq is 1..count: the log is append-only and never reuses a seq
}

// The template: stamps, one terminal token per terminal, the units' history.
void build_template(server::Store& store, const Plant& plant, Workload& w, RandomSource& random,
                    const stampline::Clock& clock) {
    issue_bench_stamps(store, plant);
    for (std::size_t t = 0; t < w.terminals.size(); ++t) {
        Terminal& term = w.terminals[t];
        Result<server::NewToken> token =
            server::create_token(store, plant, random, clock, server::Role::Terminal, term.station,
                                 "bench terminal " + std::to_string(t + 1));
        if (!token) die(token.error().to_string());
        term.secret = token->secret;
    }
    constexpr std::size_t kSetupBatch = 500;
    for (std::size_t i = 0; i < w.setup.size(); i += kSetupBatch) {
        const std::span<const Event> batch(w.setup.data() + i,
                                           std::min(kSetupBatch, w.setup.size() - i));
        auto results = server::ingest_batch(store, plant, clock, "", batch);
        if (!results) die(results.error().to_string());
        for (const server::IngestResult& r : *results) {
            if (r.duplicate || r.answer.verdict != server::Verdict::Accepted)
                die("setup event refused: " + r.answer.reason + ": " + r.answer.message);
        }
        if ((i / kSetupBatch) % 100 == 99)
            std::fprintf(stderr, "  history: %zu / %zu events\n", i + batch.size(), w.setup.size());
    }
    if (max_seq(store) != static_cast<std::int64_t>(w.setup.size()))
        die("template holds an unexpected number of events");
}

// ---- measurements ----

struct RunResult {
    double events_per_s = 0;
    double p50_ms = 0, p99_ms = 0, max_ms = 0;
    double warm_s = 0;  // time the server took to read the units in work (0 with --cold)
};

// The server's certificate and key and the CA that signed them, for the TLS runs.
struct TlsFiles {
    std::string cert, key, ca;
};

// A plant CA and a certificate for 127.0.0.1 in dir, made by the admin CLI as a plant would.
TlsFiles make_tls_files(const fs::path& dir) {
    const fs::path out = dir / "tls";
    const std::string cmd = std::string(STAMPLINE_CLI_BIN) + " tls init --host 127.0.0.1 --out '" +
                            out.string() + "' --force > /dev/null";
    if (std::system(cmd.c_str()) != 0) die("failed: " + cmd);
    return {(out / "server.crt").string(), (out / "server.key").string(),
            (out / "plant-ca.crt").string()};
}

// A client of the server on 127.0.0.1:port, over TLS (verified against the CA) when tls is set.
httplib::Client connect(int port, const TlsFiles* tls) {
    if (!tls) return httplib::Client("127.0.0.1", port);
    httplib::Client cli("https://127.0.0.1:" + std::to_string(port));
    cli.set_ca_cert_path(tls->ca.c_str());
    cli.enable_server_certificate_verification(true);
    return cli;
}

// Polls the server's /metrics until it reports the units in work read from the log.
double wait_until_warm(int port, const TlsFiles* tls) {
    const auto t0 = Clock::now();
    httplib::Client cli = connect(port, tls);
    for (;;) {
        auto res = cli.Get("/metrics");
        if (res && res->status == 200 &&
            res->body.find("\nstampline_unit_states_warmed 1\n") != std::string::npos)
            return seconds_since(t0);
        if (seconds_since(t0) > 600) die("the server did not read the units in work in 10 min");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

RunResult summarize(std::size_t events, double seconds, std::vector<double> latencies_ms) {
    RunResult r;
    r.events_per_s = static_cast<double>(events) / seconds;
    r.p50_ms = percentile(latencies_ms, 50);
    r.p99_ms = percentile(latencies_ms, 99);
    r.max_ms = latencies_ms.empty() ? 0 : latencies_ms.back();
    return r;
}

RunResult post_all(int port, const Workload& w, const Options& opt, const TlsFiles* tls);

RunResult run_http(const fs::path& db, const Plant& plant, const Workload& w, const Options& opt,
                   const TlsFiles* tls) {
    auto store = open_store(db);
    SystemClock clock;
    SystemRandom random;
    UuidV7Generator ids(clock, random);
    server::ApiOptions api;
    api.port = 0;
    if (tls) {
        api.tls_cert = tls->cert;
        api.tls_key = tls->key;
    }
    server::ApiServer server(*store, plant, clock, random, ids, api);
    Result<int> port = server.bind();
    if (!port) die(port.error().to_string());
    std::thread runner([&] { server.run(); });
    RunResult result = post_all(*port, w, opt, tls);
    server.stop();
    runner.join();
    if (max_seq(*store) != static_cast<std::int64_t>(w.setup.size() + w.measured))
        die("the log does not hold every accepted event");
    return result;
}

// The terminals post every batch to the server on 127.0.0.1:port (after its warm-up unless
// --cold); every event must be accepted.
RunResult post_all(int port, const Workload& w, const Options& opt, const TlsFiles* tls) {
    const double warm_s = opt.cold ? 0.0 : wait_until_warm(port, tls);

    const std::size_t n = w.terminals.size();
    std::vector<std::vector<double>> latencies(n);
    std::vector<std::vector<std::string>> replies(n);
    std::vector<std::string> failures(n);
    std::latch connected(static_cast<std::ptrdiff_t>(n)), go(1);
    std::atomic<std::int64_t> end_ns{0};
    std::vector<std::thread> clients;
    for (std::size_t t = 0; t < n; ++t) {
        clients.emplace_back([&, t] {
            const Terminal& term = w.terminals[t];
            httplib::Client cli = connect(port, tls);
            cli.set_tcp_nodelay(true);
            cli.set_keep_alive(true);
            cli.set_read_timeout(120, 0);
            const httplib::Headers headers{{"Authorization", "Bearer " + term.secret}};
            auto hello = cli.Get("/healthz");  // opens the keep-alive connection
            if (!hello || hello->status != 200) failures[t] = "GET /healthz failed";
            connected.count_down();
            go.wait();
            for (const std::string& body : term.bodies) {
                const auto t0 = Clock::now();
                auto res = cli.Post("/api/v1/events", headers, body, "application/json");
                latencies[t].push_back(seconds_since(t0) * 1000);
                if (!res) {
                    failures[t] = "POST failed: " + httplib::to_string(res.error());
                    break;
                }
                if (res->status != 200) {
                    failures[t] = "POST answered " + std::to_string(res->status) + ": " + res->body;
                    break;
                }
                replies[t].push_back(std::move(res->body));
            }
            const std::int64_t now = Clock::now().time_since_epoch().count();
            std::int64_t prev = end_ns.load();
            while (prev < now && !end_ns.compare_exchange_weak(prev, now)) {
            }
        });
    }
    connected.wait();
    const auto start = Clock::now();
    go.count_down();
    for (auto& c : clients) c.join();
    const double seconds =
        std::chrono::duration<double>(Clock::time_point(Clock::duration(end_ns.load())) - start)
            .count();

    std::vector<double> all;
    std::size_t accepted = 0;
    for (std::size_t t = 0; t < n; ++t) {
        if (!failures[t].empty()) die("terminal " + std::to_string(t + 1) + ": " + failures[t]);
        all.insert(all.end(), latencies[t].begin(), latencies[t].end());
        for (const std::string& reply : replies[t]) {
            const json parsed = json::parse(reply);
            for (const json& r : parsed.at("results")) {
                if (r.at("status") != "accepted") die("an event was not accepted: " + r.dump());
                ++accepted;
            }
        }
    }
    if (accepted != w.measured)
        die("accepted " + std::to_string(accepted) + " events, expected " +
            std::to_string(w.measured));
    RunResult result = summarize(w.measured, seconds, std::move(all));
    result.warm_s = warm_s;
    return result;
}

RunResult run_in_process(server::Store& store, const Plant& plant, const Workload& w,
                         const Options& opt) {
    SystemClock clock;
    server::UnitStateCache cache;
    if (!opt.cold)
        if (Status s = cache.warm(store, plant, Timestamp{0}); !s)
            die("reading the units in work: " + s.to_string());
    const std::size_t n = w.terminals.size();
    std::vector<std::vector<double>> latencies(n);
    std::vector<std::string> failures(n);
    std::latch ready(static_cast<std::ptrdiff_t>(n)), go(1);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < n; ++t) {
        threads.emplace_back([&, t] {
            const Terminal& term = w.terminals[t];
            ready.count_down();
            go.wait();
            for (std::size_t i = 0; i < term.events.size(); i += opt.batch) {
                const std::span<const Event> batch(term.events.data() + i,
                                                   std::min(opt.batch, term.events.size() - i));
                const auto t0 = Clock::now();
                auto results =
                    server::ingest_batch(store, plant, clock, term.station, batch, &cache);
                latencies[t].push_back(seconds_since(t0) * 1000);
                if (!results) {
                    failures[t] = results.error().to_string();
                    return;
                }
                for (const server::IngestResult& r : *results)
                    if (r.duplicate || r.answer.verdict != server::Verdict::Accepted)
                        failures[t] = "refused: " + r.answer.reason + ": " + r.answer.message;
            }
        });
    }
    ready.wait();
    const auto start = Clock::now();
    go.count_down();
    for (auto& th : threads) th.join();
    const double seconds = seconds_since(start);
    std::vector<double> all;
    for (std::size_t t = 0; t < n; ++t) {
        if (!failures[t].empty())
            die("in-process terminal " + std::to_string(t + 1) + ": " + failures[t]);
        all.insert(all.end(), latencies[t].begin(), latencies[t].end());
    }
    return summarize(w.measured, seconds, std::move(all));
}

// ---- the raw SQLite baseline ----

// A facts row (sqlite_facts.h) as stored: its values, owned.
struct FactValues {
    std::vector<sqlite3_value*> values;
    FactValues() = default;
    FactValues(const FactValues&) = delete;
    FactValues& operator=(const FactValues&) = delete;
    FactValues(FactValues&& o) noexcept : values(std::move(o.values)) { o.values.clear(); }
    FactValues& operator=(FactValues&& o) noexcept {
        std::swap(values, o.values);
        return *this;
    }
    ~FactValues() {
        for (sqlite3_value* v : values) sqlite3_value_free(v);
    }
};

struct Row {
    std::int64_t seq = 0;
    std::vector<std::uint8_t> id;
    std::string serial, kind, stage, station, stamp;
    std::int64_t terminal_time = 0, received_at = 0;
    std::string canonical, hash;
    FactValues facts;  // every column of its facts row, in table order
};

sqlite3* open_raw(const fs::path& path, int flags) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK)
        die("cannot open " + path.string() + ": " + sqlite3_errmsg(db));
    return db;
}

void exec(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string m = message != nullptr ? message : "?";
        sqlite3_free(message);
        die(std::string(sql) + ": " + m);
    }
}

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK)
        die(std::string("prepare: ") + sqlite3_errmsg(db));
    return st;
}

std::string column_text(sqlite3_stmt* st, int i) {
    const auto* p = sqlite3_column_text(st, i);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(st, i)))
             : std::string();
}

// The events the HTTP run appended, every column as stored.
std::vector<Row> read_rows(const fs::path& db_path, std::int64_t after_seq) {
    sqlite3* db = open_raw(db_path, SQLITE_OPEN_READONLY);
    sqlite3_stmt* st =
        prepare(db,
                "SELECT seq, id, serial, kind, stage, station, stamp, terminal_time, "
                "received_at, canonical, hash FROM events WHERE seq > ?1 ORDER BY seq");
    sqlite3_bind_int64(st, 1, after_seq);
    std::vector<Row> rows;
    while (sqlite3_step(st) == SQLITE_ROW) {
        Row r;
        r.seq = sqlite3_column_int64(st, 0);
        const auto* id = static_cast<const std::uint8_t*>(sqlite3_column_blob(st, 1));
        r.id.assign(id, id + sqlite3_column_bytes(st, 1));
        r.serial = column_text(st, 2);
        r.kind = column_text(st, 3);
        r.stage = column_text(st, 4);
        r.station = column_text(st, 5);
        r.stamp = column_text(st, 6);
        r.terminal_time = sqlite3_column_int64(st, 7);
        r.received_at = sqlite3_column_int64(st, 8);
        r.canonical = column_text(st, 9);
        r.hash = column_text(st, 10);
        rows.push_back(std::move(r));
    }
    sqlite3_finalize(st);
    // In table order (unit, seq, ...), as the INSERT below takes them.
    st = prepare(db, "SELECT * FROM facts WHERE seq > ?1 ORDER BY seq");
    sqlite3_bind_int64(st, 1, after_seq);
    for (Row& r : rows) {
        if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int64(st, 1) != r.seq)
            die("the facts rows do not match the events stored");
        for (int c = 0; c < sqlite3_column_count(st); ++c)
            r.facts.values.push_back(sqlite3_value_dup(sqlite3_column_value(st, c)));
    }
    sqlite3_finalize(st);
    sqlite3_close_v2(db);
    return rows;
}

// db is a copy of the template, so the events table (columns, UNIQUE id, the (serial, seq)
// index, the append-only triggers: server/store/sqlite_schema.cpp) and the history already in
// it are exactly the store's. Same pragmas as open_sqlite_store, same INSERT statement.
// With facts, each row also gets what the store writes beside it (sqlite_facts.cpp): its unit
// looked up, its facts row inserted, and the unit's progress moved on a sign-off or a hold.
RunResult run_raw(const fs::path& db_path, const std::vector<Row>& rows, const Options& opt,
                  bool with_facts) {
    sqlite3* db = open_raw(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
    exec(db, "PRAGMA journal_mode = WAL");
    exec(db, "PRAGMA synchronous = FULL");
    exec(db, "PRAGMA cache_size = -32768");
    sqlite3_stmt* insert = prepare(
        db,
        "INSERT INTO events (seq, id, serial, kind, stage, station, stamp, terminal_time, "
        "received_at, canonical, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    sqlite3_stmt* unit = prepare(db, "SELECT unit FROM units WHERE serial = ?1");
    sqlite3_stmt* fact = prepare(db,
                                 "INSERT INTO facts VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                                 "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "
                                 "?22, ?23, ?24, ?25)");
    sqlite3_stmt* progress =
        prepare(db, "UPDATE units SET stages_signed = stages_signed + 1 WHERE unit = ?1");
    std::vector<double> latencies;
    const auto start = Clock::now();
    for (std::size_t i = 0; i < rows.size(); i += opt.batch) {
        const auto t0 = Clock::now();
        exec(db, "BEGIN IMMEDIATE");
        for (std::size_t j = i; j < std::min(i + opt.batch, rows.size()); ++j) {
            const Row& r = rows[j];
            sqlite3_bind_int64(insert, 1, r.seq);
            sqlite3_bind_blob(insert, 2, r.id.data(), static_cast<int>(r.id.size()), SQLITE_STATIC);
            const auto text = [&](int i, const std::string& s) {
                sqlite3_bind_text(insert, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
            };
            text(3, r.serial);
            text(4, r.kind);
            text(5, r.stage);
            text(6, r.station);
            text(7, r.stamp);
            sqlite3_bind_int64(insert, 8, r.terminal_time);
            sqlite3_bind_int64(insert, 9, r.received_at);
            text(10, r.canonical);
            text(11, r.hash);
            if (sqlite3_step(insert) != SQLITE_DONE)
                die(std::string("raw insert: ") + sqlite3_errmsg(db));
            sqlite3_reset(insert);
            if (!with_facts) continue;
            sqlite3_bind_text(unit, 1, r.serial.data(), static_cast<int>(r.serial.size()),
                              SQLITE_STATIC);
            if (sqlite3_step(unit) != SQLITE_ROW) die("raw: no unit " + r.serial);
            const std::int64_t unit_id = sqlite3_column_int64(unit, 0);
            sqlite3_reset(unit);
            for (std::size_t c = 0; c < r.facts.values.size(); ++c)
                sqlite3_bind_value(fact, static_cast<int>(c) + 1, r.facts.values[c]);
            if (sqlite3_step(fact) != SQLITE_DONE)
                die(std::string("raw facts insert: ") + sqlite3_errmsg(db));
            sqlite3_reset(fact);
            if (r.kind == "stage_signed_off" || r.kind == "unit_held" ||
                r.kind == "unit_released") {
                sqlite3_bind_int64(progress, 1, unit_id);
                if (sqlite3_step(progress) != SQLITE_DONE)
                    die(std::string("raw progress: ") + sqlite3_errmsg(db));
                sqlite3_reset(progress);
            }
        }
        exec(db, "COMMIT");
        latencies.push_back(seconds_since(t0) * 1000);
    }
    const double seconds = seconds_since(start);
    for (sqlite3_stmt* st : {insert, unit, fact, progress}) sqlite3_finalize(st);
    sqlite3_close_v2(db);
    return summarize(rows.size(), seconds, std::move(latencies));
}

// ---- report ----

std::string mb(const fs::path& p) {
    char s[32];
    std::snprintf(s, sizeof s, "%.1f MB", static_cast<double>(fs::file_size(p)) / 1e6);
    return s;
}

void setup_logging(const fs::path& dir, const std::string& level) {
    auto logger = spdlog::basic_logger_mt("stampline-server", (dir / "server.log").string(), true);
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(level));
}

// ---- PostgreSQL (--store postgresql) ----

// A cluster started by this run, stopped at exit (also when die() exits midway).
struct StartedCluster {
    std::string bindir, dir;
};
StartedCluster g_started;

void stop_started_cluster() {
    if (g_started.dir.empty()) return;
    if (Status s = pgtest::stop_cluster(g_started.bindir, g_started.dir); !s)
        std::fprintf(stderr, "bench_ingest: stopping the cluster: %s\n", s.to_string().c_str());
    g_started = {};
}

void check(const Status& s, const std::string& what) {
    if (!s) die(what + ": " + s.to_string());
}

std::int64_t pg_number(const std::string& conninfo, const std::string& sql) {
    Result<std::int64_t> n = pg_int(conninfo, sql);
    if (!n) die(n.error().to_string());
    return *n;
}

// The PostgreSQL server the run measures: a throw-away cluster started through the test harness
// (tests/pg/pg_cluster.h: fsync=on, socket in its directory, stopped at the end), or the one
// --store postgresql:CONNINFO names. Databases are made in it from a template and dropped.
class PgServer {
public:
    explicit PgServer(const std::string& store) {
        if (store != "postgresql") {
            admin_ = store.substr(std::string_view("postgresql:").size());
            return;
        }
        Result<std::string> bindir = pgtest::find_postgresql_bindir();
        if (!bindir) die(bindir.error().to_string());
        Result<std::string> dir = pgtest::make_cluster_dir();
        if (!dir) die(dir.error().to_string());
        g_started = {*bindir, *dir};
        std::atexit(stop_started_cluster);
        Result<std::string> conninfo = pgtest::start_cluster(*bindir, *dir);
        if (!conninfo) die(conninfo.error().to_string());
        admin_ = *conninfo;
    }
    ~PgServer() { stop_started_cluster(); }
    PgServer(const PgServer&) = delete;
    PgServer& operator=(const PgServer&) = delete;

    const std::string& admin() const { return admin_; }
    std::string database(const std::string& name) const { return pg_with_dbname(admin_, name); }

    // A new database `name`, empty or a file copy of `from` (FILE_COPY: checkpointed, so no
    // dirty page of the copy is written back during a measurement).
    void create(const std::string& name, const std::string& from = "") const {
        drop(name);
        check(
            pg_exec(admin_, "CREATE DATABASE " + name +
                                (from.empty() ? "" : " TEMPLATE " + from + " STRATEGY FILE_COPY")),
            "creating database " + name);
    }
    void drop(const std::string& name) const {
        check(pg_exec(admin_, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"),
              "dropping database " + name);
    }

private:
    std::string admin_;  // conninfo of a database to run CREATE/DROP DATABASE from
};

// argv run to its end, its output appended to log; dies unless it exits 0.
void run_tool(const std::vector<std::string>& argv, const fs::path& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) die("cannot start " + argv[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die(argv[0] + " " + argv[1] + " failed; see " + log.string());
}

// The real `stampline-server serve` on 127.0.0.1, port 0, over the database of conninfo; its
// log goes to dir/server.log. stop() sends SIGTERM and waits for a clean exit.
class ServerProcess {
public:
    ServerProcess(const std::string& conninfo, const fs::path& dir, const std::string& log_level) {
        const fs::path port_file = dir / "server.port";
        fs::remove(port_file);
        const fs::path log = dir / "stampline-server.log";
        const std::vector<std::string> argv = {STAMPLINE_SERVER_BIN,
                                               "serve",
                                               "--db",
                                               "postgresql:" + conninfo,
                                               "--plant",
                                               STAMPLINE_DEMO_PLANT,
                                               "--host",
                                               "127.0.0.1",
                                               "--port",
                                               "0",
                                               "--port-file",
                                               port_file.string(),
                                               "--log-level",
                                               log_level};
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                         0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        std::vector<char*> args;
        for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        const int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) die("cannot start " + argv[0]);
        const auto t0 = Clock::now();
        for (;;) {
            std::FILE* f = std::fopen(port_file.c_str(), "r");
            if (f != nullptr) {
                const int n = std::fscanf(f, "%d", &port_);
                std::fclose(f);
                if (n == 1 && port_ > 0) return;
            }
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = 0;
                die("stampline-server serve exited at start; see " + log.string());
            }
            if (seconds_since(t0) > 120) die("stampline-server did not listen within 2 min");
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    ~ServerProcess() { stop(); }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    void stop() {
        if (pid_ == 0) return;
        ::kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = 0;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            die("stampline-server serve did not exit cleanly on SIGTERM");
    }

private:
    pid_t pid_ = 0;
    int port_ = 0;
};

std::unique_ptr<server::Store> open_pg(const std::string& conninfo, const Plant& plant) {
    server::PgStoreOptions o;
    o.conninfo = conninfo;
    o.plant = plant.code;
    o.create_if_missing = false;
    Result<std::unique_ptr<server::Store>> store = server::open_pg_store(o);
    if (!store) die(store.error().to_string());
    return std::move(*store);
}

RunResult summarize_raw(std::size_t rows, Result<PgRawTiming> timing) {
    if (!timing) die("raw PostgreSQL baseline: " + timing.error().to_string());
    return summarize(rows, timing->seconds, std::move(timing->commit_ms));
}

// The WAL flushes (fsyncs) of the whole cluster so far: only this run uses it.
std::int64_t wal_syncs(const PgServer& pg) {
    return pg_number(pg.admin(), "SELECT wal_sync FROM pg_stat_wal");
}

int run_postgresql(const Options& opt, const Plant& plant, Workload& w, RandomSource& random,
                   const stampline::Clock& clock, const fs::path& dir) {
    std::fprintf(stderr, "bench_ingest: %s...\n",
                 opt.store == "postgresql" ? "starting a throw-away PostgreSQL cluster"
                                           : "connecting to PostgreSQL");
    PgServer pg(opt.store);
    const std::string prefix = "stl_bench_" + std::to_string(::getpid()) + "_";
    const std::string tmpl = prefix + "template", http_db = prefix + "http",
                      direct_db = prefix + "direct", raw_db = prefix + "raw";
    const std::size_t raw_txn = opt.raw_txn != 0 ? opt.raw_txn : opt.batch;

    std::fprintf(stderr, "bench_ingest: building the template (%s history events)...\n",
                 with_commas(w.setup.size()).c_str());
    const auto t_setup = Clock::now();
    pg.create(tmpl);
    run_tool({STAMPLINE_SERVER_BIN, "init", "--db", "postgresql:" + pg.database(tmpl), "--plant",
              STAMPLINE_DEMO_PLANT},
             dir / "stampline-server.log");
    build_template(*open_pg(pg.database(tmpl), plant), plant, w, random, clock);
    // Planner statistics, as autovacuum keeps them on a database that has been running.
    check(pg_exec(pg.database(tmpl), "VACUUM ANALYZE"), "analyzing the template");
    const double setup_s = seconds_since(t_setup);
    const std::int64_t template_units =
        pg_number(pg.database(tmpl), "SELECT coalesce(max(unit), 0) FROM stampline.units");
    const std::int64_t template_bytes =
        pg_number(pg.database(tmpl), "SELECT pg_database_size(current_database())");

    std::size_t batches = 0;
    for (const Terminal& t : w.terminals) batches += t.batches();
    std::printf("Stampline ingest benchmark (bench_ingest --store %s)\n",
                opt.store == "postgresql" ? "postgresql: a throw-away cluster" : "postgresql");
    std::printf(
        "  %zu terminals, batches of %zu, %s events per terminal: %s events in %zu "
        "batches per run, %d repeats\n",
        w.terminals.size(), opt.batch, with_commas(opt.events_per_terminal).c_str(),
        with_commas(w.measured).c_str(), batches, opt.repeats);
    std::printf(
        "  history already in the log: %s events of %s units (%.1f MB database; ingested in "
        "%.1f s = %.0f events/s through ingest_batch, batches of 500)\n",
        with_commas(w.setup.size()).c_str(), with_commas(w.units).c_str(),
        static_cast<double>(template_bytes) / 1e6, setup_s,
        static_cast<double>(w.setup.size()) / setup_s);
    std::printf("  server: %s serve, log level %s, log in %s\n", STAMPLINE_SERVER_BIN,
                opt.log_level.c_str(), (dir / "stampline-server.log").c_str());
    std::printf(
        "  raw: one connection, prepared single-row INSERTs, %zu rows per transaction, "
        "synchronous_commit=on\n\n",
        raw_txn);
    std::printf(
        "%-7s %12s %9s %9s %9s | %12s %9s | %12s %9s | %12s %9s | %7s %9s | %8s %8s %8s %8s | "
        "%7s\n",
        "run", "HTTP ev/s", "p50 ms", "p99 ms", "max ms", "in-proc ev/s", "p99 ms", "raw ev/s",
        "p99 ms", "raw+facts", "p99 ms", "ev/sync", "r+f@sync", "HTTP/r+f", "in-p/r+f", "H/r+f@s",
        "HTTP/raw", "warm s");
    std::fflush(stdout);

    std::vector<double> http_eps, http_p50, http_p99, http_max, direct_eps, direct_p99, raw_eps,
        raw_p99, facts_eps, facts_p99, http_ratio, direct_ratio, events_ratio, per_sync, sync_eps,
        sync_ratio;
    for (int r = 1; r <= opt.repeats; ++r) {
        pg.create(http_db, tmpl);
        const std::int64_t syncs_before = wal_syncs(pg);
        RunResult http;
        {
            ServerProcess server(pg.database(http_db), dir, opt.log_level);
            http = post_all(server.port(), w, opt, nullptr);
            server.stop();
        }
        const double events_per_sync =
            static_cast<double>(w.measured) /
            static_cast<double>(std::max<std::int64_t>(1, wal_syncs(pg) - syncs_before));
        if (pg_number(pg.database(http_db), "SELECT max(seq) FROM stampline.events") !=
            static_cast<std::int64_t>(w.setup.size() + w.measured))
            die("the log does not hold every accepted event");
        Result<PgStoredRows> rows =
            PgStoredRows::read(pg.database(http_db), plant.code,
                               static_cast<std::int64_t>(w.setup.size()), template_units);
        if (!rows) die(rows.error().to_string());
        if (rows->size() != w.measured) die("the HTTP run stored an unexpected number of rows");
        pg.drop(http_db);

        pg.create(direct_db, tmpl);
        const RunResult direct =
            run_in_process(*open_pg(pg.database(direct_db), plant), plant, w, opt);
        pg.drop(direct_db);

        pg.create(raw_db, tmpl);
        const RunResult raw =
            summarize_raw(rows->size(), run_pg_raw(pg.database(raw_db), *rows, raw_txn, false));
        pg.create(raw_db, tmpl);
        const RunResult with_facts =
            summarize_raw(rows->size(), run_pg_raw(pg.database(raw_db), *rows, raw_txn, true));
        // The same in transactions as large as the store's groups were (events per WAL flush).
        pg.create(raw_db, tmpl);
        const auto group_rows = static_cast<std::size_t>(std::max(1.0, events_per_sync + 0.5));
        const RunResult at_sync =
            summarize_raw(rows->size(), run_pg_raw(pg.database(raw_db), *rows, group_rows, true));
        pg.drop(raw_db);

        std::printf(
            "%-7d %12.0f %9.2f %9.2f %9.2f | %12.0f %9.2f | %12.0f %9.2f | %12.0f %9.2f | "
            "%7.1f %9.0f | %7.0f%% %7.0f%% %7.0f%% %7.0f%% | %7.2f\n",
            r, http.events_per_s, http.p50_ms, http.p99_ms, http.max_ms, direct.events_per_s,
            direct.p99_ms, raw.events_per_s, raw.p99_ms, with_facts.events_per_s, with_facts.p99_ms,
            events_per_sync, at_sync.events_per_s,
            100 * http.events_per_s / with_facts.events_per_s,
            100 * direct.events_per_s / with_facts.events_per_s,
            100 * http.events_per_s / at_sync.events_per_s,
            100 * http.events_per_s / raw.events_per_s, http.warm_s);
        std::fflush(stdout);
        http_eps.push_back(http.events_per_s);
        http_p50.push_back(http.p50_ms);
        http_p99.push_back(http.p99_ms);
        http_max.push_back(http.max_ms);
        direct_eps.push_back(direct.events_per_s);
        direct_p99.push_back(direct.p99_ms);
        raw_eps.push_back(raw.events_per_s);
        raw_p99.push_back(raw.p99_ms);
        facts_eps.push_back(with_facts.events_per_s);
        facts_p99.push_back(with_facts.p99_ms);
        http_ratio.push_back(http.events_per_s / with_facts.events_per_s);
        direct_ratio.push_back(direct.events_per_s / with_facts.events_per_s);
        events_ratio.push_back(http.events_per_s / raw.events_per_s);
        per_sync.push_back(events_per_sync);
        sync_eps.push_back(at_sync.events_per_s);
        sync_ratio.push_back(http.events_per_s / at_sync.events_per_s);
    }
    std::printf(
        "%-7s %12.0f %9.2f %9.2f %9.2f | %12.0f %9.2f | %12.0f %9.2f | %12.0f %9.2f | "
        "%7.1f %9.0f | %7.0f%% %7.0f%% %7.0f%% %7.0f%% |\n",
        "median", median(http_eps), median(http_p50), median(http_p99), median(http_max),
        median(direct_eps), median(direct_p99), median(raw_eps), median(raw_p99), median(facts_eps),
        median(facts_p99), median(per_sync), median(sync_eps), 100 * median(http_ratio),
        100 * median(direct_ratio), 100 * median(sync_ratio), 100 * median(events_ratio));
    std::printf(
        "\nHTTP: the stampline-server binary over a fresh copy of the template database, %zu "
        "httplib clients, one keep-alive connection each, timed from the first POST to the last "
        "reply;\n"
        "in-process: the same batches through ingest_batch() from %zu threads on "
        "open_pg_store (no HTTP/JSON), another fresh copy;\n"
        "raw: the events rows the HTTP run stored, read back and inserted by one connection with "
        "a prepared single-row INSERT, %zu rows per transaction (synchronous_commit=on), into "
        "another fresh copy;\n"
        "raw+facts: the same with every row the store's append writes: the events row, the "
        "unit's row made or its progress moved, the facts row (2-3 statements per event);\n"
        "ev/sync: measured events per WAL flush of the cluster during the HTTP run (pg_stat_wal; "
        "the store's group commit); r+f@sync: raw+facts in transactions of that many rows;\n"
        "Latencies are per batch (POST round trip / ingest_batch call / raw transaction). "
        "Target: HTTP >= 50%% of raw+facts.\n",
        w.terminals.size(), w.terminals.size(), raw_txn);
    if (!opt.keep) pg.drop(tmpl);
    return 0;
}

int run(int argc, char** argv) {
    const Options opt = parse_options(argc, argv);
    fs::path dir;
    if (opt.dir.empty()) {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/stampline-bench-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) die("cannot create a directory in /tmp");
        dir = pattern;
    } else {
        dir = opt.dir;
        fs::create_directories(dir);
    }
    setup_logging(dir, opt.log_level);

    const Plant plant = load_demo_plant();
    SystemClock clock;
    FastRandom random(20261129);
    UuidV7Generator ids(clock, random);

    std::fprintf(stderr, "bench_ingest: generating the workload...\n");
    Workload w = make_workload(plant, opt, ids);
    if (opt.store != "sqlite") {
        const int rc = run_postgresql(opt, plant, w, random, clock, dir);
        spdlog::shutdown();
        if (!opt.keep) {
            fs::remove(dir / "server.log");
            fs::remove(dir / "server.port");
            fs::remove(dir / "stampline-server.log");
            if (opt.dir.empty()) fs::remove(dir);
        }
        return rc;
    }
    std::fprintf(stderr, "bench_ingest: building the template (%s history events)...\n",
                 with_commas(w.setup.size()).c_str());
    const auto t_setup = Clock::now();
    const fs::path tmpl = dir / "template.db";
    remove_db(tmpl);
    build_template(*open_store(tmpl), plant, w, random, clock);
    const double setup_s = seconds_since(t_setup);

    std::size_t batches = 0;
    for (const Terminal& t : w.terminals) batches += t.batches();
    std::printf("Stampline ingest benchmark (bench_ingest)\n");
    std::printf(
        "  %zu terminals, batches of %zu, %s events per terminal: %s events in %zu "
        "batches per run, %d repeats\n",
        w.terminals.size(), opt.batch, with_commas(opt.events_per_terminal).c_str(),
        with_commas(w.measured).c_str(), batches, opt.repeats);
    std::printf("  terminals (station/stage):");
    for (const Terminal& t : w.terminals) std::printf(" %s/%s", t.station.c_str(), t.stage.c_str());
    std::printf(
        "\n  history already in the log: %s events of %s units (%s; ingested in %.1f s "
        "= %.0f events/s through ingest_batch, batches of 500)\n",
        with_commas(w.setup.size()).c_str(), with_commas(w.units).c_str(), mb(tmpl).c_str(),
        setup_s, static_cast<double>(w.setup.size()) / setup_s);
    std::printf(
        "  each batch names %.1f units on average, whose %.0f stored events ingest_batch reads "
        "back (and parses) to derive their states\n",
        w.units_per_batch, w.trail_rows_per_batch);
    std::printf("  server log level: %s; databases in %s\n", opt.log_level.c_str(), dir.c_str());
    std::printf("  %s\n\n",
                opt.cold ? "cold: posting starts as soon as the server listens"
                         : "steady state: posting starts once the server has read the units in "
                           "work from the log (time in the 'warm s' column)");
    std::optional<TlsFiles> tls;
    if (opt.tls) tls = make_tls_files(dir);
    std::printf("%-7s %12s %9s %9s %9s | %12s %9s | %12s %9s | %12s | %8s %8s %7s", "run",
                "HTTP ev/s", "p50 ms", "p99 ms", "max ms", "in-proc ev/s", "p99 ms", "raw ev/s",
                "p99 ms", "raw+facts", "HTTP/raw", "/r+facts", "warm s");
    if (tls) std::printf(" | %12s %9s %8s", "TLS ev/s", "p99 ms", "/r+facts");
    std::printf("\n");
    std::fflush(stdout);

    std::vector<double> http_eps, http_p50, http_p99, http_max, direct_eps, direct_p99, raw_eps,
        raw_p99, ratio, facts_eps, facts_ratio, tls_eps, tls_p99, tls_ratio;
    for (int r = 1; r <= opt.repeats; ++r) {
        const fs::path http_db = dir / "http.db", direct_db = dir / "direct.db",
                       raw_db = dir / "raw.db";
        copy_db(tmpl, http_db);
        const RunResult http = run_http(http_db, plant, w, opt, nullptr);
        const std::vector<Row> rows = read_rows(http_db, static_cast<std::int64_t>(w.setup.size()));
        if (rows.size() != w.measured) die("the HTTP run stored an unexpected number of rows");

        copy_db(tmpl, direct_db);
        const RunResult direct = run_in_process(*open_store(direct_db), plant, w, opt);

        copy_db(tmpl, raw_db);
        const RunResult raw = run_raw(raw_db, rows, opt, false);
        copy_db(tmpl, raw_db);
        const RunResult with_facts = run_raw(raw_db, rows, opt, true);
        RunResult over_tls;
        if (tls) {
            copy_db(tmpl, http_db);
            over_tls = run_http(http_db, plant, w, opt, &*tls);
            tls_eps.push_back(over_tls.events_per_s);
            tls_p99.push_back(over_tls.p99_ms);
            tls_ratio.push_back(over_tls.events_per_s / with_facts.events_per_s);
        }

        std::printf(
            "%-7d %12.0f %9.2f %9.2f %9.2f | %12.0f %9.2f | %12.0f %9.2f | %12.0f | %7.0f%% "
            "%7.0f%% %7.2f",
            r, http.events_per_s, http.p50_ms, http.p99_ms, http.max_ms, direct.events_per_s,
            direct.p99_ms, raw.events_per_s, raw.p99_ms, with_facts.events_per_s,
            100 * http.events_per_s / raw.events_per_s,
            100 * http.events_per_s / with_facts.events_per_s, http.warm_s);
        if (tls)
            std::printf(" | %12.0f %9.2f %7.0f%%", over_tls.events_per_s, over_tls.p99_ms,
                        100 * over_tls.events_per_s / with_facts.events_per_s);
        std::printf("\n");
        facts_eps.push_back(with_facts.events_per_s);
        facts_ratio.push_back(http.events_per_s / with_facts.events_per_s);
        std::fflush(stdout);
        http_eps.push_back(http.events_per_s);
        http_p50.push_back(http.p50_ms);
        http_p99.push_back(http.p99_ms);
        http_max.push_back(http.max_ms);
        direct_eps.push_back(direct.events_per_s);
        direct_p99.push_back(direct.p99_ms);
        raw_eps.push_back(raw.events_per_s);
        raw_p99.push_back(raw.p99_ms);
        ratio.push_back(http.events_per_s / raw.events_per_s);
        if (!opt.keep)
            for (const fs::path& p : {http_db, direct_db, raw_db}) remove_db(p);
    }
    std::printf(
        "%-7s %12.0f %9.2f %9.2f %9.2f | %12.0f %9.2f | %12.0f %9.2f | %12.0f | %7.0f%% "
        "%7.0f%%        ",
        "median", median(http_eps), median(http_p50), median(http_p99), median(http_max),
        median(direct_eps), median(direct_p99), median(raw_eps), median(raw_p99), median(facts_eps),
        100 * median(ratio), 100 * median(facts_ratio));
    if (tls)
        std::printf(" | %12.0f %9.2f %7.0f%%", median(tls_eps), median(tls_p99),
                    100 * median(tls_ratio));
    std::printf("\n");
    std::printf(
        "\nHTTP: %zu httplib clients, one keep-alive connection each, timed from the "
        "first POST to the last reply;\n"
        "TLS: the same over TLS 1.3 (a plant CA from `stampline tls init`, verified by each "
        "client), into a fresh copy of the database;\n"
        "in-process: the same batches through ingest_batch() from %zu threads (no "
        "HTTP/JSON);\n"
        "raw: the rows the HTTP run stored, inserted by one thread in %zu-row "
        "transactions (WAL, synchronous=FULL);\n"
        "raw+facts: the same with the facts the store writes beside each event (its facts row, "
        "the unit looked up, its progress moved).\n"
        "Latencies are per batch (POST round trip / ingest_batch call / raw "
        "transaction). Targets: >= 20,000 events/s, >= 50%% of raw.\n",
        w.terminals.size(), w.terminals.size(), opt.batch);
    spdlog::shutdown();
    if (!opt.keep) {
        remove_db(tmpl);
        fs::remove(dir / "server.log");
        fs::remove_all(dir / "tls");
        if (opt.dir.empty()) fs::remove(dir);
    }
    return 0;
}

}  // namespace
}  // namespace stampline::bench

int main(int argc, char** argv) {
    return stampline::bench::run(argc, argv);
}
