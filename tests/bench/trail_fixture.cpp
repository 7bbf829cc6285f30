#include "trail_fixture.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <vector>

#include "server/store/sqlite_connection.h"
#include "server/store/sqlite_facts.h"
#include "server/store/sqlite_rows.h"
#include "server/store/sqlite_store.h"
#include "shared/canonical_event.h"
#include "shared/event_json.h"
#include "shared/hash_chain.h"

namespace stampline::bench {

namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "bench: %s\n", message.c_str());
    std::exit(1);
}

double seconds_since(SteadyClock::time_point t0) {
    return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

}  // namespace

std::string trail_serial(std::uint64_t k) {
    char s[32];
    std::snprintf(s, sizeof s, "24%08llu", static_cast<unsigned long long>(k));
    return s;
}

namespace {

void exec(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string m = message != nullptr ? message : "?";
        sqlite3_free(message);
        die(std::string(sql) + ": " + m);
    }
}

}  // namespace

std::unique_ptr<server::Store> open_bench_store(const std::string& path, bool create) {
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

void warm_file(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) die("cannot read " + path);
    std::vector<char> buffer(1 << 20);
    while (std::fread(buffer.data(), 1, buffer.size(), f) == buffer.size()) {
    }
    std::fclose(f);
}

namespace {

struct ActiveUnit {
    std::uint64_t k = 0;
    UnitWalker walker;
};

}  // namespace

void build_trail_fixture(const std::string& path, std::uint64_t events, std::uint64_t seed,
                         const Plant& plant) {
    const std::string partial = path + ".partial";
    if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path());
    remove_db(partial);
    {
        auto store = open_bench_store(partial, true);  // the real schema, then the stamp registry
        issue_bench_stamps(*store, plant);
    }
    // The store's own connection type, so that each event's facts are written by the store's
    // own code (sqlite_facts.h) beside the raw insert of its row.
    Result<std::unique_ptr<server::sqlite::Connection>> connection =
        server::sqlite::Connection::open(partial, server::sqlite::kReadWrite, 5000);
    if (!connection) die("cannot open " + partial + ": " + connection.error().message());
    sqlite3* db = (*connection)->handle();
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
    Rng rng(seed);
    ManualClock clock(parse_utc("2024-01-09T06:00:00.000Z").value());
    FastRandom random(seed ^ 0x5EED);
    UuidV7Generator ids(clock, random);
    std::uint64_t units = 0;
    const auto open_unit = [&]() {
        const std::uint64_t k = ++units;
        const ProductType& product = plant.products[rng.below(plant.products.size())];
        WalkOptions w;
        if (rng.chance(0.10)) w.max_events = 1 + rng.below(20);  // cancelled or stuck
        char order[32];
        std::snprintf(order, sizeof order, "Z%06llu", static_cast<unsigned long long>(k / 20 + 1));
        return ActiveUnit{k, UnitWalker(plant, product, trail_serial(k), order, rng.next(), w)};
    };
    // A slot opens its next unit when it is first picked, so units are numbered in the order of
    // their first event and every serial up to max(serial) has events.
    std::vector<std::optional<ActiveUnit>> active(kInWork);

    std::string previous_hash;
    const auto start = SteadyClock::now();
    exec(db, "BEGIN");
    for (std::uint64_t seq = 1; seq <= events; ++seq) {
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
        if (Status s =
                server::sqlite::record_facts(**connection, static_cast<std::int64_t>(seq), e);
            !s)
            die("facts: " + s.message());
        previous_hash = std::move(hash);

        if (seq % kTxnRows == 0 || seq == events) {
            exec(db, "COMMIT");
            const double s = seconds_since(start);
            const double rate = static_cast<double>(seq) / s;
            std::fprintf(stderr,
                         "\rfixture: %s / %s events, %s units, %.0f events/s, %.0f s elapsed, "
                         "ETA %.0f s   ",
                         with_commas(seq).c_str(), with_commas(events).c_str(),
                         with_commas(units).c_str(), rate, s,
                         static_cast<double>(events - seq) / rate);
            if (seq != events) exec(db, "BEGIN");
        }
    }
    std::fprintf(stderr, "\n");
    sqlite3_finalize(insert);
    exec(db, "PRAGMA journal_mode = WAL");  // what the store runs in (and sets itself anyway)
    connection->reset();
    fs::rename(partial, path);
    std::fprintf(stderr, "fixture: built %s in %.0f s\n", path.c_str(), seconds_since(start));
}

std::uint64_t count_trail_units(const std::string& path) {
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

}  // namespace stampline::bench
