#include "server/simulate/unit_script.h"

#include <algorithm>
#include <cmath>

#include "server/simulate/nc_patterns.h"
#include "server/simulate/stamp_roster.h"

namespace stampline::server::simulate {

namespace {

constexpr double kBaseWorkMinutes = 240;  // a stage's usual work, before the random spread
constexpr double kHoldChance = 0.03;      // units an auditor holds once on their way
constexpr const char* kPlanner = "planner:sim";
constexpr const char* kAuditor = "auditor:sim";

}  // namespace

UnitScript::UnitScript(const Plant& plant, const SimulationOptions& options,
                       const ShiftAxis& calendar, const std::vector<StampRecord>& roster,
                       std::string retiring, double retire_from, std::mt19937_64& rng,
                       std::vector<Draft>& out, ScriptTotals& totals)
    : plant_(plant),
      o_(options),
      calendar_(calendar),
      roster_(roster),
      retiring_(std::move(retiring)),
      retire_from_(retire_from),
      rng_(rng),
      out_(out),
      totals_(totals) {}

double UnitScript::uniform(double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng_);
}

bool UnitScript::chance(double p) {
    return uniform(0, 1) < p;
}

bool UnitScript::emit(double& t, double advance, const std::string& stage,
                      const std::string& station, const std::string& stamp, EventBody body,
                      int ref) {
    t += std::max(advance, 1.0);
    if (t >= calendar_.total_minutes()) return false;
    Draft d;
    d.ms = calendar_.at(t).ms;
    d.unit = unit_;
    d.seq = seq_++;
    d.ref = ref;
    Event& e = d.event;
    e.serial = serial_;
    e.stage = stage;
    e.station = station;
    e.stamp = stamp;
    e.terminal_time = Timestamp{d.ms};
    e.body = std::move(body);
    if (stamp.empty()) {
        const EventKind k = e.kind();
        e.actor = k == EventKind::SheetIssued ? kPlanner : kAuditor;
    }
    out_.push_back(std::move(d));
    return true;
}

std::vector<CheckResult> UnitScript::checks(const std::string& from, const std::string& to,
                                            int failing) {
    std::vector<CheckResult> r;
    if (const Checklist* c = plant_.checklist(from, to))
        for (std::size_t k = 0; k < c->items.size(); ++k) {
            const bool fail = static_cast<int>(k) == failing;
            r.push_back({c->items[k].id, !fail, fail ? "см. несоответствие" : ""});
        }
    return r;
}

bool UnitScript::handle_nc(double& t, const PendingNc& nc, const char* found,
                           const std::string& stage, const std::string& station,
                           const std::string& worker, const std::string& verifier) {
    const NcCode* code = plant_.nc_code(nc.code);
    NcRaised raised;
    raised.code = nc.code;
    raised.severity = code ? code->default_severity : Severity::Minor;
    raised.origin_stage = nc.origin;
    raised.found = found;
    raised.quantity = chance(0.8) ? 1 : 2 + static_cast<int>(rng_() % 3);
    raised.disposition = plant_.disposition("rework") ? "rework" : "";
    if (chance(0.2) && plant_.disposition("repair")) raised.disposition = "repair";
    if (!emit(t, uniform(3, 15), stage, station, worker, raised)) return false;
    const int raised_at = static_cast<int>(out_.size()) - 1;
    ++totals_.ncs;
    if (nc.planted) {
        ++totals_.planted_ncs;
        if (stage == o_.planted.detection_stage) ++totals_.planted_escapes;
    }
    if (!emit(t, uniform(30, 150), stage, station, worker, NcCorrected{{}, "устранено"}, raised_at))
        return false;
    return emit(t, uniform(10, 40), stage, station, verifier, NcVerified{{}, "проверено"},
                raised_at);
}

std::vector<UnitScript::PendingNc> UnitScript::new_ncs(const ProductType& product, int i) {
    const int n = static_cast<int>(product.route.size());
    const std::string& stage = product.route[static_cast<std::size_t>(i)];
    const int next = i + 1 < n ? i + 1 : i;
    std::vector<PendingNc> out;
    if (stage == o_.planted.origin_stage && chance(o_.planted.rate)) {
        std::vector<std::string> codes;
        for (const NcCode& c : plant_.nc_codes)
            if (c.category == o_.planted.category) codes.push_back(c.code);
        const int detect = route_index(product, o_.planted.detection_stage);
        const bool escapes = detect > i && chance(o_.planted.escape_rate);
        out.push_back({escapes ? detect : next, stage, pick(codes), true});
    }
    if (chance(o_.background_rate)) {
        const auto codes =
            typical_codes(plant_, stage, o_.planted.origin_stage, o_.planted.category);
        const double r = uniform(0, 1);
        int detect = next;
        if (r < 0.15)
            detect = i;  // found by its own stage before the sign-off
        else if (r >= 0.85 && i + 2 < n)
            detect = i + 2 + static_cast<int>(rng_() % static_cast<unsigned>(n - i - 2));
        out.push_back({detect, stage, pick(codes), false});
    }
    return out;
}

void UnitScript::run(int unit, const ProductType& product, const std::string& serial,
                     const std::string& order, double start) {
    unit_ = unit;
    seq_ = 0;
    serial_ = serial;
    double t = start;
    if (!emit(t, 0, "", "", "", SheetIssued{product.code, order})) return;
    const int n = static_cast<int>(product.route.size());
    const int held_at =
        chance(kHoldChance) ? static_cast<int>(rng_() % static_cast<unsigned>(n)) : -1;
    std::vector<PendingNc> pending;
    for (int i = 0; i < n; ++i) {
        const std::string& stage = product.route[static_cast<std::size_t>(i)];
        std::vector<std::string> stations;
        for (const Station& s : plant_.stations)
            if (std::find(s.stages.begin(), s.stages.end(), stage) != s.stages.end())
                stations.push_back(s.id);
        const std::string station = pick(stations);
        std::vector<std::string> crew = stamps_covering(roster_, stage);
        if (t + 60 >= retire_from_) std::erase(crew, retiring_);
        const std::string worker = pick(crew);
        std::erase(crew, worker);
        const std::string verifier = pick(crew);

        // NCs found here: the first one from the previous stage may fail the control point.
        std::vector<PendingNc> here;
        for (auto it = pending.begin(); it != pending.end();)
            if (it->detect == i) {
                here.push_back(*it);
                it = pending.erase(it);
            } else {
                ++it;
            }
        if (i > 0) {
            const std::string& prev = product.route[static_cast<std::size_t>(i - 1)];
            const Checklist* list = plant_.checklist(prev, stage);
            auto at_cp = std::find_if(here.begin(), here.end(),
                                      [&](const PendingNc& p) { return p.origin == prev; });
            if (at_cp != here.end() && list && !list->items.empty() && chance(0.5)) {
                const int failing = static_cast<int>(rng_() % list->items.size());
                if (!emit(t, uniform(10, 90), stage, station, worker,
                          StageAccepted{checks(prev, stage, failing)}))
                    return;
                const PendingNc nc = *at_cp;
                here.erase(at_cp);
                if (!handle_nc(t, nc, "control_point", stage, station, worker, verifier)) return;
                if (!emit(t, uniform(5, 20), stage, station, worker,
                          StageAccepted{checks(prev, stage, -1)}))
                    return;
            } else if (!emit(t, uniform(10, 90), stage, station, worker,
                             StageAccepted{checks(prev, stage, -1)})) {
                return;
            }
        }
        if (i == held_at) {
            if (!emit(t, uniform(5, 30), "", "", "", UnitHeld{"аудит процедуры самоконтроля"}))
                return;
            if (!emit(t, uniform(60, 240), "", "", "", UnitReleased{"нарушений не выявлено"}))
                return;
        }
        for (PendingNc& nc : new_ncs(product, i))
            (nc.detect == i ? here : pending).push_back(std::move(nc));

        const double factor = stage == o_.slow_stage ? o_.slow_factor : 1.0;
        const double spread =
            std::clamp(std::exp(std::normal_distribution<double>(0, 0.5)(rng_)), 0.3, 2.5);
        const double work = kBaseWorkMinutes * factor * spread;
        t += work / 2;
        for (const PendingNc& nc : here)
            if (!handle_nc(t, nc, "during_work", stage, station, worker, verifier)) return;
        if (!emit(t, work / 2, stage, station, worker, StageSignedOff{})) return;
    }
    ++totals_.complete;
}

}  // namespace stampline::server::simulate
