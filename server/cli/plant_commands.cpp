#include "server/cli/plant_commands.h"

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "server/cli/api_client.h"
#include "shared/canonical_event.h"
#include "shared/event_json.h"
#include "shared/hash_chain.h"
#include "shared/plant_files.h"
#include "shared/printable.h"
#include "shared/scan_payload.h"
#include "shared/sheet_payload.h"
#include "shared/system_clock.h"
#include "shared/trail_rules.h"
#include "shared/uuid.h"

namespace stampline::cli {

namespace {

Result<Plant> load(const std::string& dir) {
    Result<Plant> plant = load_plant_dir(dir);
    if (!plant) std::cerr << "stampline: " << plant.error().message() << "\n";
    return plant;
}

std::string join(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
    return out;
}

// Turns "\x1d" and "<GS>" in command-line text into ASCII 29, as a scanner sends it.
std::string unescape_scan(std::string text) {
    for (const std::string& gs : {std::string("\\x1d"), std::string("\\x1D"), std::string("<GS>")})
        for (auto pos = text.find(gs); pos != std::string::npos; pos = text.find(gs, pos))
            text.replace(pos, gs.size(), 1, '\x1d');
    return text;
}

int show_plant(const std::string& dir) {
    Result<Plant> plant = load(dir);
    if (!plant) return 2;
    const std::string& lang = plant->default_language;
    std::cout << "Plant " << plant->code << ": " << plant->name.in(lang) << " (" << dir << ")\n"
              << "Time zone " << plant->zone.name() << "; ";
    if (plant->calendar.defined()) {
        std::cout << "shifts";
        for (const Shift& s : plant->calendar.shifts) std::cout << " " << describe_shift(s);
        std::cout << ", " << plant->calendar.holidays.size() << " holidays\n\n";
    } else {
        std::cout << "no work calendar (every hour is working time)\n\n";
    }
    std::cout << "Stages (" << plant->stages.size() << "):\n";
    for (const Stage& s : plant->stages)
        std::printf("  %-10s %s / %s\n", s.code.c_str(), s.name.ru.c_str(), s.name.en.c_str());
    std::cout << "\nProduct types and routes (" << plant->products.size() << "):\n";
    for (const ProductType& p : plant->products)
        std::cout << "  " << p.code << "  " << p.name.in(lang) << "  [GTIN " << p.gtin << "]\n    "
                  << join(p.route, " -> ") << "\n";
    std::cout << "\nStations (" << plant->stations.size() << "):\n";
    for (const Station& s : plant->stations)
        std::cout << "  " << s.id << "  " << s.name.in(lang) << "  at " << join(s.stages, ", ")
                  << "\n";
    std::size_t checks = 0;
    for (const Checklist& c : plant->checklists) checks += c.items.size();
    std::cout << "\nControl points: " << plant->checklists.size() << " junctions, " << checks
              << " checklist items\n";
    std::cout << "Nonconformance catalog: " << plant->nc_codes.size() << " codes in "
              << plant->nc_categories.size() << " categories\n";
    for (const NcCategory& c : plant->nc_categories) {
        std::vector<std::string> codes;
        for (const NcCode& n : plant->nc_codes)
            if (n.category == c.code) codes.push_back(n.code);
        std::cout << "  " << c.name.in(lang) << ": " << join(codes, " ") << "\n";
    }
    if (!plant->complaint_reasons.empty()) {
        std::cout << "\nComplaint reasons (days to the first answer / to resolution):\n";
        for (const ComplaintReason& r : plant->complaint_reasons)
            std::cout << "  " << r.code << "  " << r.name.in(lang) << "  " << r.first_answer_days
                      << " / " << r.resolution_days << (r.working_days ? " working" : " calendar")
                      << " days" << (r.product_fault ? ", product fault: traced to its stage" : "")
                      << "\n";
        std::vector<std::string> stages;
        for (const LifecycleStage& l : plant->lifecycle_stages) stages.push_back(l.name.in(lang));
        std::cout << "  lifecycle stages: " << join(stages, ", ") << "\n";
    }
    std::cout << "\nRules: open " << severity_name(plant->rules.blocking_severity)
              << "+ NC blocks sign-off: " << (plant->rules.open_nc_blocks_signoff ? "yes" : "no")
              << "; acceptance required: " << (plant->rules.require_acceptance ? "yes" : "no")
              << "; PIN attempts: " << plant->rules.pin_max_attempts << "\n";
    return 0;
}

int scan(const std::string& dir, const std::vector<std::string>& texts) {
    Result<Plant> plant = load(dir);
    if (!plant) return 2;
    int refused = 0;
    for (const std::string& raw : texts) {
        const std::string text = unescape_scan(raw);
        std::cout << "read: " << printable(text) << "\n";
        Result<ScanPayload> p = parse_scan(text, *plant);
        if (!p) {
            ++refused;
            std::cout << "  refused: " << p.error().message() << "\n";
            continue;
        }
        if (!p->symbology.empty()) std::cout << "  symbology: " << p->symbology << "\n";
        if (const auto* sheet = std::get_if<SheetScan>(&p->what)) {
            const UnitIdentity& u = sheet->unit;
            const ProductType* type = plant->product(u.product_type);
            std::cout << "  identification sheet (" << (sheet->gs1 ? "GS1" : "native")
                      << "): serial " << u.serial << ", type " << u.product_type
                      << (type ? " (" + type->name.in(plant->default_language) + ")" : "")
                      << ", order " << (u.order.empty() ? "-" : u.order) << ", sheet version "
                      << u.sheet_version << "\n";
        } else {
            const BadgeId& b = std::get<BadgeScan>(p->what).badge;
            std::cout << "  stamp badge: stamp " << b.stamp << ", badge issue " << b.issue << "\n";
        }
    }
    return refused ? 1 : 0;
}

int sheet_payload(const std::string& dir, UnitIdentity unit) {
    Result<Plant> plant = load(dir);
    if (!plant) return 2;
    if (!plant->product(unit.product_type)) {
        std::cerr << "stampline: product type '" << unit.product_type << "' is not in " << dir
                  << "\n";
        return 2;
    }
    Result<std::string> payload = encode_sheet_payload(unit);
    if (!payload) {
        std::cerr << "stampline: " << payload.error().message() << "\n";
        return 2;
    }
    std::cout << *payload << "\n";
    return 0;
}

// Takes one unit through its whole route with the trail rules, as the server would record it,
// including the refusals a careless station would meet. Prints each act and the chain head.
class Walk {
public:
    // With an api, every act is posted to the server, whose answer decides; otherwise the trail
    // rules decide locally.
    // A non-empty `until` stops before that stage: the unit waits there (for a terminal demo).
    Walk(const Plant& plant, const ProductType& type, ApiClient* api, std::string until)
        : plant_(plant), type_(type), api_(api), ids_(clock_, random_), until_(std::move(until)) {
        std::vector<std::string> all(type.route.begin(), type.route.end());
        // Attested for a year from today, whatever today is.
        const Date due = civil_from_days(days_from_civil(date_of(clock_.now())) + 365);
        stamps_["017"] = {"017", "Иванов И. И.", all, StampStatus::Active, due, 1, ""};
        stamps_["042"] = {"042", "Петрова А. С.", all, StampStatus::Active, due, 1, ""};
        stamps_["055"] = {"055", "Сидоров В. П.", all, StampStatus::Revoked, due, 1, ""};
    }

    int run(const std::string& serial) {
        Event issue = make(SheetIssued{type_.code, "ZDEMO"}, "", "");
        issue.actor = "planner:demo";
        issue.serial = serial;
        serial_ = serial;
        act(issue);
        if (type_.route.size() > 1)
            act(make(StageSignedOff{}, type_.route[1], "017"));  // out of order
        const std::size_t nc_at = type_.route.size() / 2;
        for (std::size_t i = 0; i < type_.route.size(); ++i) {
            const std::string& stage = type_.route[i];
            if (stage == until_) break;
            if (i > 0) act(make(StageAccepted{all_pass(i)}, stage, "017"));
            if (i == nc_at && i > 0) raise_and_close_nc(stage, type_.route[i - 1]);
            if (i == 1) act(make(StageSignedOff{}, stage, "055"));  // revoked stamp
            act(make(StageSignedOff{}, stage, "017"));
        }
        if (!unreachable_.empty()) return 2;
        if (!until_.empty()) {
            std::cout << "\nUnit " << serial << " waits at " << until_ << "; " << accepted_
                      << " events recorded, " << refused_ << " refused\n";
            return state_.current_index() < state_.stages.size() &&
                           state_.stages[state_.current_index()].stage == until_
                       ? 0
                       : 1;
        }
        std::cout << "\nUnit " << serial << " complete: " << (state_.complete() ? "yes" : "no")
                  << "; " << accepted_ << " events recorded, " << refused_ << " refused"
                  << (api_ ? "" : "; chain head " + head_) << "\n";
        return state_.complete() ? 0 : 1;
    }

private:
    void raise_and_close_nc(const std::string& stage, const std::string& origin) {
        const NcCode* code = nullptr;
        for (const NcCode& n : plant_.nc_codes)
            if (n.default_severity != Severity::Minor) {
                code = &n;
                break;
            }
        if (!code) return;
        Event raised = make(NcRaised{code->code, code->default_severity, origin, 1, "rework", "",
                                     "during_work", ""},
                            stage, "017");
        act(raised);
        act(make(StageSignedOff{}, stage, "017"));  // blocked by the open NC
        act(make(NcCorrected{raised.id, "reworked"}, stage, "017"));
        act(make(NcVerified{raised.id, "self-check"}, stage, "017"));  // same stamp: refused
        act(make(NcVerified{raised.id, "checked"}, stage, "042"));
    }

    std::vector<CheckResult> all_pass(std::size_t i) const {
        std::vector<CheckResult> r;
        if (const Checklist* c = plant_.checklist(type_.route[i - 1], type_.route[i]))
            for (const ChecklistItem& item : c->items) r.push_back({item.id, true, ""});
        return r;
    }

    std::string station_for(const std::string& stage) const {
        for (const Station& s : plant_.stations)
            for (const std::string& st : s.stages)
                if (st == stage) return s.id;
        return "";
    }

    Event make(EventBody body, const std::string& stage, const std::string& stamp) {
        Event e;
        e.id = ids_.next();
        e.serial = serial_;
        e.sheet_version = state_.sheet_version;
        e.stage = stage;
        e.stamp = stamp;
        e.station = station_for(stage);
        e.terminal_time = clock_.now();
        e.body = std::move(body);
        return e;
    }

    struct Outcome {
        bool recorded = false;
        std::string text;  // "recorded ..." or the refusal
    };

    // The server's answer when posting (api_), else the local trail rules'.
    Outcome decide(const Event& e) {
        if (!api_) {
            auto it = stamps_.find(e.stamp);
            Decision d =
                check_event(plant_, state_, it == stamps_.end() ? nullptr : &it->second, e);
            if (d.allowed()) return {true, "recorded"};
            return {false, "REFUSED " + std::string(refusal_code(d.refusal)) + ": " + d.message};
        }
        nlohmann::json batch{{"v", kProtocolVersion}, {"events", {event_to_json(e)}}};
        Result<nlohmann::json> answer = api_->post("/api/v1/events", batch);
        if (!answer) {
            unreachable_ = answer.error().message();
            return {false, unreachable_};
        }
        const nlohmann::json& r = (*answer)["results"][0];
        if (r["status"] == "accepted")
            return {true, "recorded by the server, seq " + r["seq"].dump()};
        return {false,
                "REFUSED by the server " + r.value("reason", "") + ": " + r.value("message", "")};
    }

    void act(const Event& e) {
        if (!unreachable_.empty()) return;
        const Outcome outcome = decide(e);
        std::printf("%s  %-16s %-10s %-4s  %s\n", format_utc(e.terminal_time).c_str(),
                    event_kind_name(e.kind()), e.stage.c_str(), e.stamp.c_str(),
                    outcome.text.c_str());
        if (!outcome.recorded) {
            ++refused_;
            return;
        }
        apply_event(plant_, state_, e);
        head_ = chain_hash(head_, canonical_event(e));
        ++accepted_;
    }

    const Plant& plant_;
    const ProductType& type_;
    ApiClient* api_;
    SystemClock clock_;
    SystemRandom random_;
    UuidV7Generator ids_;
    std::map<std::string, StampRecord> stamps_;
    UnitState state_;
    std::string serial_;
    std::string head_;
    int accepted_ = 0;
    int refused_ = 0;
    std::string unreachable_;  // the error when the server could not be reached
    std::string until_;
};

int walk(const std::string& dir, const std::string& type_code, const std::string& serial,
         const std::string& until, const std::string& server, const std::string& token) {
    Result<Plant> plant = load(dir);
    if (!plant) return 2;
    const ProductType* type = plant->product(type_code);
    if (!type) {
        std::cerr << "stampline: product type '" << type_code << "' is not in " << dir << "\n";
        return 2;
    }
    std::cout << "Walking unit " << serial << " (" << type->name.in(plant->default_language)
              << ") through " << join(type->route, " -> ") << "\n\n";
    std::unique_ptr<ApiClient> api;
    if (!server.empty()) {
        api = std::make_unique<ApiClient>(server, token);
        std::cout << "(posting every act to " << server << ")\n\n";
    }
    if (!until.empty() && route_index(*type, until) < 0) {
        std::cerr << "stampline: stage '" << until << "' is not in the route of " << type_code
                  << "\n";
        return 2;
    }
    return Walk(*plant, *type, api.get(), until).run(serial);
}

}  // namespace

void add_plant_commands(CLI::App& app, PlantOptions& o, int& exit_code) {
    std::string& plant_dir = o.plant_dir;

    auto* plant = app.add_subcommand("plant", "Validate and show a plant configuration");
    plant->add_option("--plant,dir", plant_dir, "plant configuration directory")
        ->capture_default_str();
    plant->callback([&] { exit_code = show_plant(plant_dir); });

    UnitIdentity& unit = o.unit;
    auto* sheet = app.add_subcommand("sheet", "Identification sheets");
    sheet->require_subcommand(1);
    auto* payload = sheet->add_subcommand("payload", "Print the barcode payload of a sheet");
    payload->add_option("--plant", plant_dir)->capture_default_str();
    payload->add_option("--type", unit.product_type, "product type code")->required();
    payload->add_option("--serial", unit.serial, "unit serial number")->required();
    payload->add_option("--order", unit.order, "production order")->required();
    payload->add_option("--version", unit.sheet_version, "sheet version (reprints)")
        ->capture_default_str();
    payload->callback([&] { exit_code = sheet_payload(plant_dir, unit); });

    std::vector<std::string>& texts = o.texts;
    auto* scan_cmd = app.add_subcommand("scan", "Parse scanned text (\\x1d or <GS> for ASCII 29)");
    scan_cmd->add_option("--plant", plant_dir)->capture_default_str();
    scan_cmd->add_option("text", texts, "scanned text")->required();
    scan_cmd->callback([&] { exit_code = scan(plant_dir, texts); });

    std::string& walk_type = o.walk_type;
    std::string& walk_serial = o.walk_serial;
    auto* walk_cmd =
        app.add_subcommand("walk", "Take one unit through its route with the trail rules");
    walk_cmd->add_option("--plant", plant_dir)->capture_default_str();
    walk_cmd->add_option("--type", walk_type)->capture_default_str();
    walk_cmd->add_option("--serial", walk_serial)->capture_default_str();
    walk_cmd->add_option("--until", o.walk_until, "stop before this stage (the unit waits there)");
    walk_cmd->add_option("--server", o.walk_server,
                         "post the acts to this server instead of checking locally");
    walk_cmd->add_option("--token", o.walk_token,
                         "admin token for --server (default: $STAMPLINE_TOKEN)");
    walk_cmd->callback([&] {
        exit_code =
            walk(plant_dir, walk_type, walk_serial, o.walk_until, o.walk_server, o.walk_token);
    });
}

}  // namespace stampline::cli
