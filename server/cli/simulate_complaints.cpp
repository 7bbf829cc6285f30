#include "server/cli/simulate_complaints.h"

#include <map>

#include "shared/unit_state.h"

namespace stampline::cli {

namespace {

using nlohmann::json;
namespace sim = server::simulate;

constexpr const char* kCustomers[] = {"АО «Энергосеть»", "ООО «Горэлектросеть»",
                                      "ПАО «Северные сети»"};
constexpr const char* kLifecycle[] = {"commissioning", "operation", "installation"};

// The serials of the units the simulation took through their whole route, in sheet order.
std::vector<std::pair<std::string, std::string>> complete_units(const Plant& plant,
                                                                const sim::Simulation& s,
                                                                const std::string& stage) {
    std::vector<std::string> order;
    std::map<std::string, std::vector<Event>> by_unit;
    for (const sim::Act& act : s.acts)
        if (const auto* r = std::get_if<sim::RecordEvent>(&act)) {
            auto& events = by_unit[r->event.serial];
            if (events.empty()) order.push_back(r->event.serial);
            events.push_back(r->event);
        }
    std::vector<std::pair<std::string, std::string>> out;  // serial, product type
    for (const std::string& serial : order) {
        const UnitState unit = derive_state(plant, by_unit[serial]);
        const ProductType* product = plant.product(unit.product_type);
        if (unit.complete() && product && route_index(*product, stage) >= 0)
            out.emplace_back(serial, unit.product_type);
    }
    return out;
}

}  // namespace

Result<SimulatedComplaints> post_simulated_complaints(ApiClient& admin, const std::string& server,
                                                      const Plant& plant, const sim::Simulation& s,
                                                      const sim::PlantedProblem& p, int count) {
    SimulatedComplaints out;
    std::string code;
    for (const NcCode& c : plant.nc_codes)
        if (c.category == p.category) {
            code = c.code;
            break;
        }
    const bool reasons = plant.complaint_reason("defect") && !plant.lifecycle_stages.empty();
    if (code.empty() || !reasons || count < 1) return out;
    auto units = complete_units(plant, s, p.origin_stage);
    // A re-run registers nothing twice: units that already have a complaint are left out.
    Result<json> existing = admin.get("/api/v1/complaints");
    if (!existing) return existing.error();
    std::erase_if(units, [&](const auto& unit) {
        for (const json& c : (*existing)["complaints"])
            for (const json& serial : c["serials"])
                if (serial == unit.first) return true;
        return false;
    });
    count -= static_cast<int>((*existing)["complaints"].size());
    if (units.empty() || count < 1) return out;
    Result<json> token = admin.post(
        "/api/v1/tokens", {{"role", "service"}, {"label", "simulated service department"}});
    if (!token) return token.error();
    ApiClient service(server, (*token)["secret"].get<std::string>());
    for (int i = 0; i < count && i < static_cast<int>(units.size()); ++i) {
        const auto& [serial, product] = units[static_cast<std::size_t>(i)];
        const std::string lifecycle = plant.lifecycle_stage(kLifecycle[i % 3])
                                          ? kLifecycle[i % 3]
                                          : plant.lifecycle_stages.front().code;
        Result<json> c = service.post(
            "/api/v1/complaints",
            {{"reason", "defect"},
             {"product_type", product},
             {"serials", {serial}},
             {"lifecycle_stage", lifecycle},
             {"damage_cents", 4'500'000 * (i + 1)},
             {"customer", {{"organisation", kCustomers[i % 3]}, {"site", "ПС-" + serial}}},
             {"channel", "letter"},
             {"description", "Отказ в работе: " + p.category + " (" + p.origin_stage + ")"}});
        if (!c) return c.error();
        const std::string id = (*c)["id"];
        ++out.registered;
        const std::string base = "/api/v1/complaints/" + id;
        for (const auto& [step, body] : std::vector<std::pair<std::string, json>>{
                 {"/notices", {{"channel", "email"}, {"text", "Обращение зарегистрировано"}}},
                 {"/investigation", {{"engineer", "Сидоров К. Л."}}},
                 {"/decision",
                  {{"justified", "yes"},
                   {"findings", "Дефект возник на этапе " + p.origin_stage},
                   {"origin_stage", p.origin_stage},
                   {"nc_code", code}}}}) {
            Result<json> r = service.post(base + step, body);
            if (!r) return Status(r.error().code(), id + step + ": " + r.error().message());
        }
        ++out.field_escapes;
        if (i == 0) {
            Result<json> r = service.post(base + "/closure",
                                          {{"chair", "Орлов П. С., начальник сервисной службы"},
                                           {"members", {"Иванова Е. А. (ОТК)"}},
                                           {"measures", "Замена узла у заказчика"}});
            if (!r) return Status(r.error().code(), id + "/closure: " + r.error().message());
            out.closed = id;
        }
    }
    return out;
}

}  // namespace stampline::cli
