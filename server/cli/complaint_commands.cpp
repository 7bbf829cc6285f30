#include "server/cli/complaint_commands.h"

#include <iostream>

#include "server/cli/api_client.h"
#include "server/cli/cli_exit.h"

namespace stampline::cli {

namespace {

using nlohmann::json;

// The list's values, space-separated; past `most` of them, "and N more".
std::string joined(const json& list, std::size_t most = 1000) {
    std::string out;
    for (std::size_t i = 0; i < list.size() && i < most; ++i)
        out += (out.empty() ? "" : " ") + list[i].get<std::string>();
    if (list.size() > most) out += " and " + std::to_string(list.size() - most) + " more";
    return out.empty() ? "-" : out;
}

// One line per complaint: id, status, reason, units, customer, deadlines missed, field escapes.
int list(const ComplaintOptions& o) {
    if (o.token.empty()) return fail(Status(Code::Unauthorized, "no token: pass --token"));
    ApiClient api(o.server, o.token);
    Result<json> all = api.get("/api/v1/complaints");
    if (!all) return fail(all.error());
    for (const json& c : (*all)["complaints"]) {
        const json& d = c["deadlines"];
        std::cout << c["id"].get<std::string>() << "  " << c["status"].get<std::string>() << "  "
                  << c["reason"].get<std::string>() << "  " << c["product_type"].get<std::string>()
                  << " " << joined(c["serials"]) << "  "
                  << c["customer"]["organisation"].get<std::string>();
        if (c["decision"].is_object() && c["decision"]["origin_stage"].is_string())
            std::cout << "  field escape from " << c["decision"]["origin_stage"].get<std::string>()
                      << " (" << c["decision"]["nc_code"].get<std::string>() << ")";
        if (d["first_answer_overdue"] == true || d["resolution_overdue"] == true)
            std::cout << "  OVERDUE";
        std::cout << "\n";
    }
    std::cout << (*all)["complaints"].size() << " complaints, damage claimed "
              << (*all)["total_damage_cents"].get<std::int64_t>() / 100 << " RUB\n";
    return 0;
}

int hold(const ComplaintOptions& o) {
    if (o.token.empty()) return fail(Status(Code::Unauthorized, "no token: pass --token"));
    ApiClient api(o.server, o.token);
    Result<json> r =
        api.post("/api/v1/complaints/" + o.id + "/hold-suspects", {{"same_stamp", o.same_stamp},
                                                                   {"same_station", o.same_station},
                                                                   {"window_hours", o.window_hours},
                                                                   {"same_product", o.same_product},
                                                                   {"same_order", o.same_order}});
    if (!r) return fail(r.error());
    std::cout << "suspects of " << (*r)["serial"].get<std::string>() << " at "
              << (*r)["stage"].get<std::string>() << ": put on hold " << joined((*r)["held"])
              << "; already on hold " << joined((*r)["already_on_hold"]) << "; shipped "
              << (*r)["shipped"].size() << " (" << joined((*r)["shipped"], 5)
              << "; the list for the letters: GET /api/v1/suspects?...&where=shipped&format=csv)\n";
    return 0;
}

}  // namespace

void add_complaint_commands(CLI::App& app, ComplaintOptions& o, int& exit_code) {
    const auto api_options = [&o](CLI::App* cmd) {
        cmd->add_option("--server", o.server, "server URL")->capture_default_str();
        cmd->add_option("--token", o.token, "service token (default: $STAMPLINE_TOKEN)");
    };
    auto* complaints = app.add_subcommand("complaints", "List the customer complaints");
    api_options(complaints);
    complaints->callback([&] { exit_code = list(o); });

    auto* hold_cmd = app.add_subcommand(
        "hold-suspects", "Put on hold the suspect units of a complaint that are still in work");
    api_options(hold_cmd);
    hold_cmd->add_option("id", o.id, "complaint id, e.g. CL-2026-001")->required();
    hold_cmd->add_flag("--same-stamp", o.same_stamp, "signed by the same stamp");
    hold_cmd->add_flag("--same-station", o.same_station, "at the same station");
    hold_cmd->add_option("--window-hours", o.window_hours,
                         "signed within this many hours of the faulty unit (0: any time)");
    hold_cmd->add_flag("--same-product", o.same_product, "of the same product type");
    hold_cmd->add_flag("--same-order", o.same_order, "of the same order");
    hold_cmd->callback([&] { exit_code = hold(o); });
}

}  // namespace stampline::cli
