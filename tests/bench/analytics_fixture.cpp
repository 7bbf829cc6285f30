#include "analytics_fixture.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "bench_common.h"
#include "server/simulate/simulation.h"
#include "trail_fixture.h"

namespace stampline::bench {

namespace fs = std::filesystem;
namespace sim = server::simulate;
using SteadyClock = std::chrono::steady_clock;

// The reviewed month is October 2026; earlier months precede it.
Date month_start(int months, int m) {
    const int ordinal = 2026 * 12 + 9 - (months - 1) + m;  // month m of `months`, 0-based
    return Date{ordinal / 12, ordinal % 12 + 1, 1};
}

int days_in_month(Date first) {
    const Date next =
        first.month == 12 ? Date{first.year + 1, 1, 1} : Date{first.year, first.month + 1, 1};
    return static_cast<int>(days_from_civil(next) - days_from_civil(first));
}

std::string analytics_fixture_path(const std::string& dir, int units, int months,
                                   std::uint64_t seed) {
    return dir + "/analytics-" + std::to_string(units) + "u-" + std::to_string(months) + "m-s" +
           std::to_string(seed) + ".db";
}

namespace {

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "analytics fixture: %s\n", message.c_str());
    std::exit(1);
}

double seconds_since(SteadyClock::time_point t0) {
    return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

// Appends the batch in one write transaction and empties it; adds its size to *appended.
void append_events(server::Store& store, std::vector<Event>& batch, std::uint64_t* appended) {
    if (batch.empty()) return;
    *appended += batch.size();
    const Status s = store.write([&](server::WriteTxn& txn) {
        for (const Event& e : batch) {
            // The server's clock at acceptance: a few seconds after the act.
            Result<server::EventAnswer> a = txn.append(e, Timestamp{e.terminal_time.ms + 2000});
            if (!a) return a.status();
        }
        return Status::ok();
    });
    if (!s) die("appending events: " + s.to_string());
    batch.clear();
}

}  // namespace

void build_analytics_fixture(const AnalyticsFixture& opt, const Plant& plant) {
    const std::string partial = opt.db + ".partial";
    if (fs::path(opt.db).has_parent_path()) fs::create_directories(fs::path(opt.db).parent_path());
    remove_db(partial);
    const auto start = SteadyClock::now();
    std::uint64_t total = 0;
    {
        auto store = open_bench_store(partial, true);
        for (int m = 0; m < opt.months; ++m) {
            sim::SimulationOptions so;
            so.units = opt.units;
            so.start = month_start(opt.months, m);
            so.days = days_in_month(so.start);
            so.seed = opt.seed + static_cast<std::uint64_t>(m);
            const auto t_sim = SteadyClock::now();
            Result<sim::Simulation> s = sim::simulate(plant, so);
            if (!s) die("simulate: " + s.error().to_string());
            std::fprintf(stderr, "fixture: month %s: %d units, %d events simulated in %.0f s\n",
                         format_date(so.start).c_str(), s->units, s->events, seconds_since(t_sim));
            std::vector<Event> batch;
            std::uint64_t done = 0;
            for (sim::Act& act : s->acts) {
                if (auto* issue = std::get_if<sim::IssueStamp>(&act)) {
                    const StampRecord stamp = issue->stamp;
                    if (Status st = store->write(
                            [&](server::WriteTxn& txn) { return txn.put_stamp(stamp); });
                        !st)
                        die("put_stamp: " + st.to_string());
                } else if (auto* suspend = std::get_if<sim::SuspendStamp>(&act)) {
                    append_events(*store, batch, &done);
                    Result<std::optional<StampRecord>> stamp = store->stamp(suspend->id);
                    if (!stamp || !stamp->has_value()) die("no stamp " + suspend->id);
                    StampRecord r = **stamp;
                    r.status = StampStatus::Suspended;
                    if (Status st =
                            store->write([&](server::WriteTxn& txn) { return txn.put_stamp(r); });
                        !st)
                        die("put_stamp: " + st.to_string());
                } else {
                    batch.push_back(std::move(std::get<sim::RecordEvent>(act).event));
                    if (batch.size() == 20'000) {
                        append_events(*store, batch, &done);
                        std::fprintf(stderr, "\rfixture: %s / %d events appended   ",
                                     with_commas(done).c_str(), s->events);
                    }
                }
            }
            append_events(*store, batch, &done);
            std::fprintf(stderr, "\rfixture: %s / %d events appended\n", with_commas(done).c_str(),
                         s->events);
            total += done;
        }
    }
    fs::rename(partial, opt.db);
    std::fprintf(stderr, "fixture: built %s (%s events) in %.0f s\n", opt.db.c_str(),
                 with_commas(total).c_str(), seconds_since(start));
}

}  // namespace stampline::bench
