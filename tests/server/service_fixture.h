// The demo plant, an in-memory store and event builders for server service tests.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "server/service/ingest.h"
#include "server/service/sheets.h"
#include "server/service/stamps.h"
#include "server/store/memory_store.h"
#include "shared/plant_files.h"

namespace stampline::test {

// Deterministic randomness for ids and tokens.
class CountingRandom final : public RandomSource {
public:
    void fill(std::span<std::uint8_t> out) override {
        for (auto& b : out) b = static_cast<std::uint8_t>(++n_ * 37);
    }

private:
    unsigned n_ = 0;
};

inline Plant demo_plant() {
    Result<Plant> p = load_plant_dir(STAMPLINE_CONFIG_DIR "/demo");
    if (!p) throw std::runtime_error(p.error().message());
    return std::move(*p);
}

struct ServiceFixture {
    Plant plant = demo_plant();
    std::unique_ptr<server::Store> store = server::make_memory_store();
    ManualClock clock{parse_utc("2026-11-02T08:00:00.000Z").value()};
    CountingRandom random;
    UuidV7Generator ids{clock, random};

    // Stamp "017" covers the first stages of KSO298; "042" too (an independent verifier).
    void add_stamps() {
        for (const char* id : {"017", "042"}) {
            server::NewStamp s{id,
                               std::string("Holder ") + id,
                               {"TZ", "DESIGN", "INCOMING", "MACHINING", "PAINT"},
                               Date{2027, 12, 31},
                               ""};
            if (!server::issue_stamp(*store, plant, s, PinHashParams::fast_for_tests()))
                throw std::runtime_error("stamp setup failed");
        }
    }

    void issue(const std::string& serial) {
        auto r = server::issue_sheet(*store, plant, clock, ids, {serial, "KSO298", "Z1", "test"});
        if (!r) throw std::runtime_error(r.error().message());
    }

    Event act(const std::string& serial, EventBody body, const std::string& stage,
              const std::string& stamp = "017") {
        clock.advance_ms(1000);
        Event e;
        e.id = ids.next();
        e.serial = serial;
        e.stage = stage;
        e.stamp = stamp;
        for (const Station& s : plant.stations)
            if (s.stages.front() == stage) {
                e.station = s.id;
                break;
            }
        e.terminal_time = clock.now();
        e.body = std::move(body);
        return e;
    }

    std::vector<CheckResult> all_pass(const std::string& from, const std::string& to) const {
        std::vector<CheckResult> r;
        for (const ChecklistItem& item : plant.checklist(from, to)->items)
            r.push_back({item.id, true, ""});
        return r;
    }

    std::vector<server::IngestResult> post(const std::vector<Event>& events,
                                           const std::string& station = "") {
        auto r = server::ingest_batch(*store, plant, clock, station, events);
        if (!r) throw std::runtime_error(r.error().message());
        return std::move(*r);
    }
};

}  // namespace stampline::test
