// A small hand-built plant, stamps and event builders for unit tests of the trail rules.
#pragma once

#include <map>
#include <stdexcept>
#include <vector>

#include "shared/event.h"
#include "shared/plant.h"
#include "shared/stamp.h"
#include "shared/trail_rules.h"
#include "shared/unit_state.h"

namespace stampline::test {

// Route of "P1": TZ -> ASSEMBLY -> WIRING -> ACCEPT.
inline Plant mini_plant() {
    Plant p;
    p.code = "MINI";
    for (const char* s : {"TZ", "ASSEMBLY", "WIRING", "ACCEPT"}) p.stages.push_back({s, {s, s}});
    p.products.push_back(
        {"P1", {"Изделие", "Product"}, "04607012345677", {"TZ", "ASSEMBLY", "WIRING", "ACCEPT"}});
    p.stations = {{"ST-TZ", {}, {"TZ"}},
                  {"ST-ASM", {}, {"ASSEMBLY"}},
                  {"ST-WIR", {}, {"WIRING"}},
                  {"ST-ACC", {}, {"ACCEPT"}}};
    p.checklists = {
        {"TZ", "ASSEMBLY", {{"DOCS", {"Документы", "Documents"}}}},
        {"ASSEMBLY", "WIRING", {{"FRAME", {"Каркас", "Frame"}}, {"BOLTS", {"Болты", "Bolts"}}}},
        {"WIRING", "ACCEPT", {{"LABELS", {"Маркировка", "Labels"}}}}};
    p.nc_categories = {{"WIRING", {}}, {"DOCS", {}}};
    p.nc_codes = {{"WIR-01", "WIRING", {"Ошибка монтажа", "Wiring error"}, Severity::Major},
                  {"DOC-01", "DOCS", {"Нет паспорта", "Missing passport"}, Severity::Minor}};
    p.dispositions = {{"rework", {}}, {"scrap", {}}};
    return p;
}

inline std::map<std::string, StampRecord> mini_stamps() {
    const Date due{2027, 12, 31};
    std::map<std::string, StampRecord> s;
    s["101"] = {"101", "Иванов И. И.", {"TZ", "ASSEMBLY"}, StampStatus::Active, due, 1, ""};
    s["102"] = {"102", "Петров П. П.", {"WIRING", "ACCEPT"}, StampStatus::Active, due, 1, ""};
    s["103"] = {"103", "Сидоров С. С.", {"WIRING"}, StampStatus::Suspended, due, 1, ""};
    s["104"] = {"104", "Козлов К. К.", {"WIRING"}, StampStatus::Revoked, due, 1, ""};
    s["105"] = {"105", "Орлова О. О.", {"WIRING"}, StampStatus::Active, Date{2026, 1, 1}, 1, ""};
    s["106"] = {"106", "Белова Б. Б.", {"WIRING", "ACCEPT"}, StampStatus::Active, due, 1, ""};
    return s;
}

// Builds events for one unit and keeps the ones the rules allow, like a server would.
class Trail {
public:
    Trail() : plant_(mini_plant()), stamps_(mini_stamps()) {}

    const Plant& plant() const { return plant_; }
    std::map<std::string, StampRecord>& stamps() { return stamps_; }
    const UnitState& state() const { return state_; }

    Event make(EventBody body, std::string stage = "", std::string stamp = "",
               std::string station = "") {
        Event e;
        e.id.bytes[0] = 0x01;
        e.id.bytes[6] = 0x70;
        e.id.bytes[15] = static_cast<std::uint8_t>(++seq_);
        e.id.bytes[14] = static_cast<std::uint8_t>(seq_ >> 8);
        e.serial = "SN1";
        e.sheet_version = state_.sheet_version;
        e.stage = std::move(stage);
        e.stamp = std::move(stamp);
        if (e.stamp.empty()) e.actor = "office:test";
        e.station = station.empty() ? default_station(e.stage) : std::move(station);
        e.terminal_time = Timestamp{1795000000000 + seq_ * 60000};  // 2026-11
        e.body = std::move(body);
        return e;
    }

    Decision check(const Event& e) const {
        auto it = stamps_.find(e.stamp);
        return check_event(plant_, state_, it == stamps_.end() ? nullptr : &it->second, e);
    }

    // Checks and, when allowed, appends. Returns the decision.
    Decision record(const Event& e) {
        Decision d = check(e);
        if (d.allowed()) apply_event(plant_, state_, e);
        return d;
    }

    // Convenience acts that must succeed.
    void issue() { must(make(SheetIssued{"P1", "Z1"})); }
    void sign(const std::string& stage, const std::string& stamp) {
        must(make(StageSignedOff{}, stage, stamp));
    }
    void accept(const std::string& stage, const std::string& stamp) {
        must(make(StageAccepted{all_pass(stage)}, stage, stamp));
    }
    std::vector<CheckResult> all_pass(const std::string& stage) const {
        std::vector<CheckResult> r;
        const auto& route = plant_.products[0].route;
        const int i = route_index(plant_.products[0], stage);
        if (i > 0)
            if (const Checklist* c =
                    plant_.checklist(route[static_cast<std::size_t>(i - 1)], stage))
                for (const ChecklistItem& item : c->items) r.push_back({item.id, true, ""});
        return r;
    }
    // Issues the sheet and takes the unit through TZ and ASSEMBLY, ready for WIRING acceptance.
    void up_to_wiring() {
        issue();
        sign("TZ", "101");
        accept("ASSEMBLY", "101");
        sign("ASSEMBLY", "101");
    }

    void must(const Event& e) {
        Decision d = record(e);
        if (!d.allowed()) throw std::runtime_error("setup act refused: " + d.message);
    }

private:
    static std::string default_station(const std::string& stage) {
        if (stage == "TZ") return "ST-TZ";
        if (stage == "ASSEMBLY") return "ST-ASM";
        if (stage == "WIRING") return "ST-WIR";
        if (stage == "ACCEPT") return "ST-ACC";
        return "";
    }

    Plant plant_;
    std::map<std::string, StampRecord> stamps_;
    UnitState state_;
    int seq_ = 0;
};

}  // namespace stampline::test
