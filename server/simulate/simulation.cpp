#include "server/simulate/simulation.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>
#include <random>

#include "server/simulate/seeded_random.h"
#include "server/simulate/shift_axis.h"
#include "server/simulate/stamp_roster.h"
#include "server/simulate/unit_script.h"
#include "shared/trail_rules.h"
#include "shared/unit_state.h"
#include "shared/uuid.h"

namespace stampline::server::simulate {

namespace {

constexpr double kStartSpan = 0.9;  // units are registered over the first 90% of working time

Status check_options(const Plant& plant, const SimulationOptions& o) {
    if (o.units < 1 || o.units > 100000)
        return invalid("units must be 1..100000 (got " + std::to_string(o.units) + ")");
    if (o.days < 1 || o.days > 366)
        return invalid("days must be 1..366 (got " + std::to_string(o.days) + ")");
    auto rate_ok = [](double r) { return r >= 0 && r <= 1; };
    if (!rate_ok(o.planted.rate) || !rate_ok(o.planted.escape_rate) || !rate_ok(o.background_rate))
        return invalid("rates must be between 0 and 1");
    if (o.slow_factor < 1 || o.slow_factor > 20) return invalid("slow factor must be 1..20");
    for (const std::string* s : {&o.planted.origin_stage, &o.planted.detection_stage})
        if (!plant.stage(*s)) return invalid("stage '" + *s + "' is not in the plant");
    if (!o.slow_stage.empty() && !plant.stage(o.slow_stage))
        return invalid("slow stage '" + o.slow_stage + "' is not in the plant");
    const bool category =
        std::any_of(plant.nc_codes.begin(), plant.nc_codes.end(),
                    [&](const NcCode& c) { return c.category == o.planted.category; });
    if (!category)
        return invalid("NC category '" + o.planted.category + "' has no code in the catalog");
    bool reachable = false;
    for (const ProductType& p : plant.products) {
        const int origin = route_index(p, o.planted.origin_stage);
        reachable =
            reachable || (origin >= 0 && route_index(p, o.planted.detection_stage) > origin);
        for (const std::string& stage : p.route)
            if (std::none_of(plant.stations.begin(), plant.stations.end(), [&](const Station& s) {
                    return std::find(s.stages.begin(), s.stages.end(), stage) != s.stages.end();
                }))
                return invalid("stage '" + stage + "' has no station to record its acts");
    }
    if (!reachable)
        return invalid("no route passes " + o.planted.origin_stage + " before " +
                       o.planted.detection_stage);
    if (plant.nc_codes.empty()) return invalid("the plant's NC catalog is empty");
    return Status::ok();
}

std::string two_digits(int v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", v % 100);
    return buf;
}

// Replays the acts through the trail rules with the stamp registry as it stands at each act.
Status replay(const Plant& plant, const std::vector<Act>& acts) {
    std::map<std::string, UnitState, std::less<>> units;
    std::map<std::string, StampRecord, std::less<>> stamps;
    for (std::size_t i = 0; i < acts.size(); ++i) {
        if (const auto* issue = std::get_if<IssueStamp>(&acts[i])) {
            stamps[issue->stamp.id] = issue->stamp;
        } else if (const auto* suspend = std::get_if<SuspendStamp>(&acts[i])) {
            stamps[suspend->id].status = StampStatus::Suspended;
        } else {
            const Event& e = std::get<RecordEvent>(acts[i]).event;
            UnitState& state = units[e.serial];
            auto stamp = stamps.find(e.stamp);
            const Decision d =
                check_event(plant, state, stamp == stamps.end() ? nullptr : &stamp->second, e);
            if (!d.allowed())
                return Status(Code::Internal, "simulator bug: act " + std::to_string(i) + " (" +
                                                  event_kind_name(e.kind()) + " of unit " +
                                                  e.serial + " at " + e.stage + ") refused: " +
                                                  refusal_code(d.refusal) + ": " + d.message);
            apply_event(plant, state, e);
        }
    }
    return Status::ok();
}

}  // namespace

Result<Simulation> simulate(const Plant& plant, const SimulationOptions& o) {
    if (Status s = check_options(plant, o); !s) return s;
    const ShiftAxis calendar(plant, o.start, o.days);
    if (calendar.empty())
        return invalid("the period of " + std::to_string(o.days) + " days from " +
                       format_date(o.start) +
                       " has no working time (the plant's calendar: days off, holidays)");
    std::mt19937_64 rng(o.seed);

    std::vector<StampRecord> roster = make_roster(plant, o.start, rng);
    // One stamp is suspended mid-period: not the slow stage's, so its crew stays whole.
    std::vector<std::string> candidates;
    for (std::size_t k = 2; k < roster.size(); k += 3)  // the third stamp of each stage's crew
        if (roster[k].stages.front() != o.slow_stage) candidates.push_back(roster[k].id);
    const std::string retiring = candidates.empty() ? "" : candidates[rng() % candidates.size()];
    const double retire_from = calendar.total_minutes() / 2;

    std::vector<Draft> drafts;
    ScriptTotals totals;
    UnitScript script(plant, o, calendar, roster, retiring, retire_from, rng, drafts, totals);
    const Date d0 = o.start;
    const std::string prefix =
        two_digits(d0.year) + two_digits(d0.month) + two_digits(static_cast<int>(o.seed % 100));
    int order_no = 0, left_in_order = 0;
    std::string order;
    for (int u = 0; u < o.units; ++u) {
        if (left_in_order-- <= 0) {
            left_in_order = static_cast<int>(rng() % 4);
            char buf[16];
            std::snprintf(buf, sizeof buf, "%03d", ++order_no % 1000);
            order = "Z" + prefix.substr(0, 4) + buf;
        }
        const ProductType& product = plant.products[rng() % plant.products.size()];
        char serial[24];
        std::snprintf(serial, sizeof serial, "%s%05d", prefix.c_str(), u + 1);
        const double start = calendar.total_minutes() * kStartSpan *
                             (u + std::uniform_real_distribution<>(0, 1)(rng)) / o.units;
        script.run(u, product, serial, order, start);
    }

    // Time order across units; ids from a ManualClock at each act's time.
    std::vector<std::size_t> order_of(drafts.size());
    std::iota(order_of.begin(), order_of.end(), 0);
    std::sort(order_of.begin(), order_of.end(), [&](std::size_t a, std::size_t b) {
        const Draft& x = drafts[a];
        const Draft& y = drafts[b];
        return std::tie(x.ms, x.unit, x.seq) < std::tie(y.ms, y.unit, y.seq);
    });
    ManualClock clock;
    SeededRandom random(o.seed ^ 0x9E3779B97F4A7C15ULL);
    UuidV7Generator ids(clock, random);
    std::int64_t retiring_last_ms = calendar.at(retire_from).ms;
    for (std::size_t k : order_of) {
        Draft& d = drafts[k];
        clock.set(Timestamp{d.ms});
        d.event.id = ids.next();
        if (d.ref >= 0) {
            const Uuid nc = drafts[static_cast<std::size_t>(d.ref)].event.id;
            if (auto* c = std::get_if<NcCorrected>(&d.event.body)) c->nc = nc;
            if (auto* v = std::get_if<NcVerified>(&d.event.body)) v->nc = nc;
        }
        if (d.event.stamp == retiring) retiring_last_ms = std::max(retiring_last_ms, d.ms);
    }

    Simulation sim;
    sim.from = calendar.period_start();
    sim.to = calendar.period_end();
    sim.units = o.units;
    sim.units_complete = totals.complete;
    sim.ncs = totals.ncs;
    sim.planted_ncs = totals.planted_ncs;
    sim.planted_escapes = totals.planted_escapes;
    sim.events = static_cast<int>(drafts.size());
    sim.acts.reserve(roster.size() + drafts.size() + 1);
    for (StampRecord& s : roster) sim.acts.push_back(IssueStamp{std::move(s)});
    bool suspended = retiring.empty();
    for (std::size_t k : order_of) {
        if (!suspended && drafts[k].ms > retiring_last_ms) {
            sim.acts.push_back(SuspendStamp{retiring, Timestamp{retiring_last_ms + 1}});
            suspended = true;
        }
        sim.acts.push_back(RecordEvent{std::move(drafts[k].event)});
    }
    if (!suspended) sim.acts.push_back(SuspendStamp{retiring, Timestamp{retiring_last_ms + 1}});
    if (Status s = replay(plant, sim.acts); !s) return s;
    return sim;
}

}  // namespace stampline::server::simulate
