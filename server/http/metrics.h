// Counters and latency histograms of the API, rendered in the Prometheus text format
// (version 0.0.4). Thread-safe: every method may be called from any pool thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "server/service/terminal_clocks.h"
#include "server/store/store.h"

namespace stampline::server {

class Metrics {
public:
    // One finished request: its route template ("POST /api/v1/events", "unmatched"), HTTP
    // status and wall time.
    void record_request(std::string_view route, int status, double seconds);
    // The answers given to the events of one batch.
    void record_events(std::uint64_t accepted, std::uint64_t duplicate, std::uint64_t refused,
                       std::uint64_t conflicts);
    // The HTTP engine's connections: one opened, one closed, one closed at accept because the
    // server holds max_connections (or max_connections_per_address from its address).
    void connection_opened() { ++connections_open_; }
    void connection_closed() { --connections_open_; }
    void connection_refused() { ++connections_refused_; }

    // What the server keeps in memory between requests.
    struct Caches {
        std::size_t units_cached = 0;  // UnitStateCache::size()
        bool units_warmed = false;     // its warm() has run to the end
        // MonthFiguresCache::stats()
        std::size_t months_cached = 0;
        std::size_t months_capacity = 0;
        std::uint64_t month_hits = 0;
        std::uint64_t month_kept_hits = 0;
        std::uint64_t month_misses = 0;
    };

    // The exposition text; `counts` supplies the store gauges (events stored, quarantine size,
    // database size, stamps, tokens); terminals: each terminal's clock offset and last contact
    // (TerminalClocks::all()).
    std::string render(const StoreCounts& counts, const Caches& caches,
                       std::span<const TerminalClock> terminals) const;

private:
    static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                        0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> buckets{};  // cumulative counts per bound
        double sum = 0;
        std::uint64_t count = 0;
    };

    mutable std::mutex mu_;
    std::map<std::pair<std::string, int>, std::uint64_t> requests_;
    std::map<std::string, Histogram> latency_;
    std::uint64_t accepted_ = 0;
    std::uint64_t duplicate_ = 0;
    std::uint64_t refused_ = 0;
    std::uint64_t conflicts_ = 0;
    std::atomic<std::int64_t> connections_open_{0};
    std::atomic<std::uint64_t> connections_refused_{0};
};

}  // namespace stampline::server
