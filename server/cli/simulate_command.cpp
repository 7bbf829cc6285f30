#include "server/cli/simulate_command.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "server/cli/api_client.h"
#include "server/cli/simulate_complaints.h"
#include "server/simulate/simulation.h"
#include "shared/event_json.h"
#include "shared/plant_files.h"

namespace stampline::cli {

namespace {

using nlohmann::json;
namespace sim = server::simulate;

int fail(const std::string& message) {
    std::cerr << "stampline simulate: " << message << "\n";
    return 2;
}

// Posts the events in batches; counts the answers and reports progress on one line.
class Poster {
public:
    Poster(ApiClient& api, int total, int batch) : api_(api), total_(total), batch_(batch) {}

    Status add(const Event& e) {
        pending_.push_back(event_to_json(e));
        return static_cast<int>(pending_.size()) >= batch_ ? flush() : Status::ok();
    }

    Status flush() {
        if (pending_.empty()) return Status::ok();
        const json body{{"v", kProtocolVersion}, {"events", std::move(pending_)}};
        pending_ = json::array();
        Result<json> answer = api_.post("/api/v1/events", body);
        if (!answer) return answer.error();
        for (const json& r : (*answer)["results"]) {
            const std::string status = r.value("status", "");
            if (status == "accepted") {
                ++accepted_;
            } else if (status == "duplicate") {
                ++duplicate_;
            } else {
                if (++refused_ <= 10)
                    std::cerr << "\nrefused " << r.value("id", "") << ": " << r.value("reason", "")
                              << ": " << r.value("message", "") << "\n";
            }
        }
        posted_ += static_cast<int>(body["events"].size());
        progress();
        return Status::ok();
    }

    int accepted() const { return accepted_; }
    int duplicate() const { return duplicate_; }
    int refused() const { return refused_; }

private:
    void progress() {
        const bool tty = isatty(STDOUT_FILENO);
        const int step = std::max(total_ / 10, 1);
        if (tty || posted_ == total_ || posted_ / step != last_step_) {
            std::printf("%sposted %d/%d events%s", tty ? "\r" : "", posted_, total_,
                        tty && posted_ < total_ ? "" : "\n");
            std::fflush(stdout);
            last_step_ = posted_ / step;
        }
    }

    ApiClient& api_;
    int total_;
    int batch_;
    json pending_ = json::array();
    int posted_ = 0, accepted_ = 0, duplicate_ = 0, refused_ = 0, last_step_ = 0;
};

int run(SimulateOptions& o) {
    if (o.batch < 1) return fail("--batch must be at least 1");
    if (!o.start.empty()) {
        Result<Date> d = parse_date(o.start);
        if (!d) return fail("--start: " + d.error().message());
        o.sim.start = *d;
    }
    Result<Plant> plant = load_plant_dir(o.plant_dir);
    if (!plant) return fail(plant.error().message());
    Result<sim::Simulation> s = sim::simulate(*plant, o.sim);
    if (!s) return fail(s.error().message());
    if (o.token.empty()) return fail("no token: pass --token or set STAMPLINE_TOKEN (admin)");
    const sim::PlantedProblem& p = o.sim.planted;
    std::cout << "Simulating " << s->units << " units over " << o.sim.days << " days from "
              << format_date(o.sim.start) << " (seed " << o.sim.seed << "): " << s->events
              << " events\nplanted: " << p.category << " NCs originating at " << p.origin_stage
              << " on " << p.rate * 100 << "% of units, " << p.escape_rate * 100
              << "% caught only at " << p.detection_stage << "; slow stage "
              << (o.sim.slow_stage.empty() ? "none" : o.sim.slow_stage) << "\n";

    ApiClient api(o.server, o.token);
    Poster poster(api, s->events, o.batch);
    int stamps = 0, stamps_existing = 0;
    for (const sim::Act& act : s->acts) {
        Status st = Status::ok();
        if (const auto* issue = std::get_if<sim::IssueStamp>(&act)) {
            const StampRecord& r = issue->stamp;
            Result<json> a =
                api.post("/api/v1/stamps", {{"id", r.id},
                                            {"holder", r.holder},
                                            {"stages", r.stages},
                                            {"attestation_due", format_date(r.attestation_due)}});
            if (a) {
                ++stamps;
            } else if (a.error().code() == Code::Conflict) {
                ++stamps_existing;  // a re-run: the registry already has it
            } else {
                st = Status(a.error().code(), "issuing stamp " + r.id + ": " + a.error().message());
            }
        } else if (const auto* suspend = std::get_if<sim::SuspendStamp>(&act)) {
            st = poster.flush();
            if (st) {
                Result<json> a =
                    api.post("/api/v1/stamps/" + suspend->id + "/suspend", json::object());
                if (!a) st = a.error();
            }
        } else {
            st = poster.add(std::get<sim::RecordEvent>(act).event);
        }
        if (!st) return fail(st.message());
    }
    if (Status st = poster.flush(); !st) return fail(st.message());
    Result<SimulatedComplaints> complaints =
        post_simulated_complaints(api, o.server, *plant, *s, p, o.complaints);
    if (!complaints) return fail("complaints: " + complaints.error().message());

    const std::string first = format_date(plant->zone.date_of(s->from));
    const std::string last = format_date(plant->zone.date_of(Timestamp{s->to.ms - 1}));
    std::cout << "stamps issued " << stamps;
    if (stamps_existing) std::cout << " (" << stamps_existing << " already registered)";
    std::cout << "; units " << s->units << ", complete " << s->units_complete << "; NCs " << s->ncs
              << ", planted " << s->planted_ncs << " (" << s->planted_escapes << " escaped to "
              << p.detection_stage << ")\n"
              << "events accepted " << poster.accepted() << ", duplicate " << poster.duplicate()
              << ", refused " << poster.refused() << "\n"
              << "complaints " << complaints->registered << " (field escapes "
              << complaints->field_escapes << "; closed by the commission: "
              << (complaints->closed.empty() ? "none" : complaints->closed) << ")\n"
              << "period " << first << " .. " << last << " (" << plant->zone.name()
              << "): GET /api/v1/analytics/bottleneck?from=" << first << "&to=" << last << "\n";
    return poster.refused() ? 1 : 0;
}

}  // namespace

void add_simulate_command(CLI::App& app, SimulateOptions& o, int& exit_code) {
    auto* cmd = app.add_subcommand("simulate",
                                   "Drive the server's API with a simulated period of production");
    cmd->add_option("--plant", o.plant_dir, "plant configuration directory")->capture_default_str();
    cmd->add_option("--server", o.server, "server URL")->capture_default_str();
    cmd->add_option("--token", o.token, "admin token (default: $STAMPLINE_TOKEN)");
    cmd->add_option("--units", o.sim.units, "units to register")->capture_default_str();
    cmd->add_option("--days", o.sim.days, "calendar days (weekends off)")->capture_default_str();
    cmd->add_option("--seed", o.sim.seed, "random seed (same seed, same acts)")
        ->capture_default_str();
    cmd->add_option("--start", o.start, "first day, YYYY-MM-DD (default 2026-11-02)");
    cmd->add_option("--planted-origin", o.sim.planted.origin_stage,
                    "stage the planted NCs arise at")
        ->capture_default_str();
    cmd->add_option("--planted-category", o.sim.planted.category, "NC category of the planted NCs")
        ->capture_default_str();
    cmd->add_option("--planted-detection", o.sim.planted.detection_stage,
                    "stage the planted NCs escape to")
        ->capture_default_str();
    cmd->add_option("--planted-rate", o.sim.planted.rate, "share of units with a planted NC")
        ->capture_default_str();
    cmd->add_option("--escape-rate", o.sim.planted.escape_rate,
                    "share of planted NCs caught only at the detection stage")
        ->capture_default_str();
    cmd->add_option("--slow-stage", o.sim.slow_stage, "the flow bottleneck (\"\" for none)")
        ->capture_default_str();
    cmd->add_option("--batch", o.batch, "events per request")->capture_default_str();
    cmd->add_option("--complaints", o.complaints,
                    "customer complaints on complete units, traced to the planted stage")
        ->capture_default_str();
    cmd->callback([&] { exit_code = run(o); });
}

}  // namespace stampline::cli
