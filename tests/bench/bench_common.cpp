#include "bench_common.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "server/service/stamps.h"
#include "shared/pin_hash.h"
#include "shared/plant_files.h"

namespace stampline::bench {

Plant load_demo_plant() {
    Result<Plant> plant = load_plant_dir(STAMPLINE_CONFIG_DIR "/demo");
    if (!plant) {
        std::fprintf(stderr, "bench: demo plant: %s\n", plant.error().to_string().c_str());
        std::exit(2);
    }
    return std::move(*plant);
}

std::uint64_t Rng::next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void FastRandom::fill(std::span<std::uint8_t> out) {
    std::lock_guard lock(mu_);
    for (std::size_t i = 0; i < out.size(); i += 8) {
        const std::uint64_t v = rng_.next();
        for (std::size_t j = 0; j < 8 && i + j < out.size(); ++j)
            out[i + j] = static_cast<std::uint8_t>(v >> (8 * j));
    }
}

std::string bench_stamp_id(std::size_t stage_index, int k) {
    char id[48];
    std::snprintf(id, sizeof id, "S%02zu%02d", stage_index, k);
    return id;
}

void issue_bench_stamps(server::Store& store, const Plant& plant) {
    static const char* const kNames[] = {"Иванов И. И.", "Петрова А. С.", "Сидоров В. П.",
                                         "Кузнецова Е. Н.", "Смирнов Д. А."};
    for (std::size_t s = 0; s < plant.stages.size(); ++s) {
        for (int k = 1; k <= kStampsPerStage; ++k) {
            server::NewStamp stamp{bench_stamp_id(s, k),
                                   kNames[(s * kStampsPerStage + static_cast<std::size_t>(k)) % 5],
                                   {plant.stages[s].code},
                                   Date{2099, 12, 31},
                                   ""};
            Result<StampRecord> r =
                server::issue_stamp(store, plant, stamp, PinHashParams::fast_for_tests());
            if (!r) {
                std::fprintf(stderr, "bench: issuing stamp %s: %s\n", stamp.id.c_str(),
                             r.error().to_string().c_str());
                std::exit(2);
            }
        }
    }
}

const std::string& station_at(const Plant& plant, const std::string& stage) {
    for (const Station& s : plant.stations)
        if (std::find(s.stages.begin(), s.stages.end(), stage) != s.stages.end()) return s.id;
    std::fprintf(stderr, "bench: no station at stage %s\n", stage.c_str());
    std::exit(2);
}

UnitWalker::UnitWalker(const Plant& plant, const ProductType& product, std::string serial,
                       std::string order, std::uint64_t seed, WalkOptions options)
    : plant_(&plant),
      product_(&product),
      serial_(std::move(serial)),
      order_(std::move(order)),
      rng_(seed),
      options_(options) {
    if (options_.max_events == 0) phase_ = Phase::Done;
}

int UnitWalker::next_stage_index() const {
    if (phase_ == Phase::Sheet) return -1;
    if (phase_ == Phase::Done) return static_cast<int>(product_->route.size());
    return static_cast<int>(stage_);
}

std::string UnitWalker::stamp_for_stage(int exclude) {
    const std::string& code = product_->route[stage_];
    std::size_t s = 0;
    while (plant_->stages[s].code != code) ++s;
    int k = 1 + static_cast<int>(rng_.below(kStampsPerStage));
    if (k == exclude) k = k % kStampsPerStage + 1;
    return bench_stamp_id(s, k);
}

// After an acceptance: maybe a nonconformance, then the sign-off.
void UnitWalker::after_stage_act() {
    phase_ = rng_.chance(options_.nc_chance) ? Phase::NcRaise : Phase::SignOff;
}

Event UnitWalker::next(const Uuid& id, Timestamp at) {
    Event e;
    e.id = id;
    e.serial = serial_;
    e.terminal_time = at;
    if (phase_ == Phase::Sheet) {
        e.actor = "planner:bench";
        e.body = SheetIssued{product_->code, order_};
        after_stage_act();  // the first stage has no control point; NCs may arise there too
    } else {
        const std::string& stage = product_->route[stage_];
        e.stage = stage;
        e.station = station_at(*plant_, stage);
        switch (phase_) {
            case Phase::Accept: {
                const Checklist* list = plant_->checklist(product_->route[stage_ - 1], stage);
                StageAccepted body;
                const bool fail = !failed_once_ && rng_.chance(options_.failed_acceptance);
                for (const ChecklistItem& item : list->items)
                    body.checks.push_back({item.id, true, ""});
                if (fail && !body.checks.empty()) {
                    CheckResult& c = body.checks[rng_.below(body.checks.size())];
                    c.pass = false;
                    c.note = "Не соответствует, возвращено на доработку";
                }
                e.stamp = stamp_for_stage();
                e.body = std::move(body);
                if (fail) {
                    failed_once_ = true;  // the control point runs again
                } else {
                    after_stage_act();
                }
                break;
            }
            case Phase::NcRaise: {
                const NcCode& code = plant_->nc_codes[rng_.below(plant_->nc_codes.size())];
                NcRaised body;
                body.code = code.code;
                body.severity = code.default_severity;
                body.origin_stage = product_->route[rng_.below(stage_ + 1)];
                body.quantity = 1 + static_cast<int>(rng_.below(3));
                body.disposition = plant_->dispositions.empty() ? "" : plant_->dispositions[0].code;
                body.note = "Выявлено при контроле";
                e.stamp = stamp_for_stage();
                e.body = std::move(body);
                nc_id_ = id;
                phase_ = Phase::NcCorrect;
                break;
            }
            case Phase::NcCorrect: {
                e.stamp = stamp_for_stage();
                corrector_ = e.stamp.back() - '0';
                e.body = NcCorrected{nc_id_, "Устранено"};
                phase_ = Phase::NcVerify;
                break;
            }
            case Phase::NcVerify: {
                e.stamp = stamp_for_stage(corrector_);
                e.body = NcVerified{nc_id_, ""};
                phase_ = Phase::SignOff;
                break;
            }
            case Phase::SignOff: {
                e.stamp = stamp_for_stage();
                e.body = StageSignedOff{};
                ++stage_;
                failed_once_ = false;
                phase_ = stage_ < product_->route.size() ? Phase::Accept : Phase::Done;
                break;
            }
            case Phase::Sheet:
            case Phase::Done: break;
        }
    }
    if (++emitted_ >= options_.max_events) phase_ = Phase::Done;
    return e;
}

double percentile(std::vector<double>& samples, double p) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    const double rank = p / 100.0 * static_cast<double>(samples.size());
    std::size_t i = rank <= 1 ? 0 : static_cast<std::size_t>(rank + 0.999999) - 1;
    return samples[std::min(i, samples.size() - 1)];
}

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::string with_commas(std::uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace stampline::bench
