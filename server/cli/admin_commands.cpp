#include "server/cli/admin_commands.h"

#include <cstdio>
#include <functional>
#include <iostream>

#include "server/cli/api_client.h"
#include "server/cli/cli_exit.h"
#include "server/service/database_admin.h"
#include "server/web/html.h"
#include "shared/plant_files.h"
#include "shared/system_clock.h"

namespace stampline::cli {

namespace {

using nlohmann::json;

// Runs one API call and prints its answer with `show`; the exit code.
int call(AdminOptions& o, const std::function<Result<json>(ApiClient&)>& request,
         const std::function<void(const json&)>& show) {
    if (o.token.empty())
        return fail(Status(Code::Unauthorized, "no token: pass --token or set STAMPLINE_TOKEN"));
    ApiClient api(o.server, o.token);
    Result<json> answer = request(api);
    if (!answer) return fail(answer.error());
    show(*answer);
    return 0;
}

std::string text(const json& j, const char* key) {
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? "-"
           : it->is_string()              ? it->get<std::string>()
                                          : it->dump();
}

// Pads UTF-8 text with spaces to `width` characters (printf pads bytes, not letters).
std::string pad(const std::string& text, std::size_t width) {
    std::size_t chars = 0;
    for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
    return chars >= width ? text : text + std::string(width - chars, ' ');
}

void print_stamp(const json& s) {
    std::string stages;
    for (const json& st : s["stages"])
        stages += (stages.empty() ? "" : ",") + st.get<std::string>();
    std::printf("%-8s %-10s %s due %s  stages %s\n", text(s, "id").c_str(),
                text(s, "status").c_str(), pad(text(s, "holder"), 28).c_str(),
                text(s, "attestation_due").c_str(), stages.c_str());
}

void print_trail(const json& t) {
    std::cout << "Unit " << text(t, "serial") << "  type " << text(t, "product_type") << "  order "
              << text(t, "order") << "  sheet v" << text(t, "sheet_version") << "\n"
              << "current stage " << text(t, "current_stage") << ", open NCs "
              << text(t, "open_ncs")
              << (t.value("on_hold", false) ? ", ON HOLD: " + text(t["hold"], "reason") : "")
              << "\n\n";
    std::printf("%-12s %-8s %-8s %-26s %-24s %s\n", "stage", "status", "stamp", "holder",
                "signed off (UTC)", "station");
    for (const json& s : t["stages"]) {
        const json& sig = s["sign_off"];
        std::printf("%-12s %-8s %-8s %s %-24s %s\n", text(s, "stage").c_str(),
                    text(s, "status").c_str(), sig.is_null() ? "" : text(sig, "stamp").c_str(),
                    pad(sig.is_null() ? "" : text(sig, "holder"), 26).c_str(),
                    sig.is_null() ? "" : text(sig, "at").c_str(),
                    sig.is_null() ? "" : text(sig, "station").c_str());
    }
    if (!t["ncs"].empty()) {
        std::cout << "\nNonconformances:\n";
        for (const json& nc : t["ncs"])
            std::printf("  %-8s %-9s %-9s detected %-10s origin %-10s raised by %s\n",
                        text(nc, "code").c_str(), text(nc, "severity").c_str(),
                        text(nc, "status").c_str(), text(nc, "detected_stage").c_str(),
                        text(nc, "origin_stage").c_str(), text(nc["raised_by"], "stamp").c_str());
    }
    std::cout << "\n"
              << t["events"].size() << " events; last hash "
              << (t["events"].empty() ? "-" : text(t["events"].back(), "hash")) << "\n";
}

}  // namespace

void add_admin_commands(CLI::App& app, AdminOptions& o, int& exit_code) {
    const auto api_options = [&o](CLI::App* cmd) {
        cmd->add_option("--server", o.server, "server URL")->capture_default_str();
        cmd->add_option("--token", o.token, "admin token (default: $STAMPLINE_TOKEN)");
    };

    auto* init = app.add_subcommand("init", "Create a database and print the first admin token");
    init->add_option("--db", o.db, "database file to create")->required();
    init->add_option("--plant", o.plant_dir, "plant configuration directory")
        ->capture_default_str();
    init->callback([&] {
        Result<Plant> plant = load_plant_dir(o.plant_dir);
        if (!plant) return void(exit_code = fail(plant.error()));
        SystemClock clock;
        SystemRandom random;
        Result<server::RecordTarget> target = server::record_target(o.db, plant->code);
        if (!target) return void(exit_code = fail(target.error()));
        Result<server::NewToken> token =
            server::initialize_database(*target, *plant, random, clock);
        if (!token) return void(exit_code = fail(token.error()));
        std::cout << "created database " << o.db << "\nfirst admin token " << token->record.id
                  << " (shown once; only its hash is stored):\n"
                  << token->secret << "\n";
    });

    auto* verify = app.add_subcommand("verify", "Recompute the event log's hash chain");
    verify->add_option("--db", o.db, "database file")->required();
    verify->add_option("--plant-code", o.plant_code,
                       "with postgresql:CONNINFO: the plant's code, e.g. VEZ-DEMO");
    verify->add_option("--anchor", o.anchor,
                       "SEQ:HASH, a chain head printed in a review pack: also prove the history "
                       "up to SEQ is the one it was taken from");
    verify->callback([&] {
        std::optional<server::ChainAnchor> anchor;
        if (!o.anchor.empty()) {
            Result<server::ChainAnchor> a = server::parse_anchor(o.anchor);
            if (!a) return void(exit_code = fail(a.error()));
            anchor = *a;
        }
        Result<server::RecordTarget> target = server::record_target(o.db, o.plant_code);
        if (!target) return void(exit_code = fail(target.error()));
        Result<server::VerifyReport> r = server::verify_database(*target, anchor);
        if (!r) return void(exit_code = fail(r.error()));
        std::cout << server::verify_summary(*r, anchor);
        if (!server::verify_holds(*r)) exit_code = 1;
    });

    auto* token = app.add_subcommand("token", "Access tokens (admin)");
    token->require_subcommand(1);
    auto* create = token->add_subcommand("create", "Create a token; its secret is shown once");
    api_options(create);
    create->add_option("--role", o.role, "terminal | auditor | admin | service")->required();
    create->add_option("--station", o.station, "station of a terminal token");
    create->add_option("--label", o.label, "who or what holds it");
    create->callback([&] {
        json body{{"role", o.role}, {"label", o.label}};
        if (!o.station.empty()) body["station"] = o.station;
        exit_code = call(
            o, [&](ApiClient& a) { return a.post("/api/v1/tokens", body); },
            [](const json& t) {
                std::cout << "token " << text(t, "id") << " (" << text(t, "role")
                          << "), shown once:\n"
                          << text(t, "secret") << "\n";
            });
    });
    auto* revoke = token->add_subcommand("revoke", "Revoke a token by its id");
    api_options(revoke);
    revoke->add_option("id", o.id)->required();
    revoke->callback([&] {
        exit_code = call(
            o, [&](ApiClient& a) { return a.del("/api/v1/tokens/" + o.id); },
            [&](const json&) { std::cout << "revoked " << o.id << "\n"; });
    });
    auto* tlist = token->add_subcommand("list", "List tokens");
    api_options(tlist);
    tlist->callback([&] {
        exit_code = call(
            o, [](ApiClient& a) { return a.get("/api/v1/tokens"); },
            [](const json& r) {
                for (const json& t : r["tokens"])
                    std::printf("%-12s %-9s %-10s %-8s %s\n", text(t, "id").c_str(),
                                text(t, "role").c_str(), text(t, "station").c_str(),
                                t.value("revoked", false) ? "revoked" : "live",
                                text(t, "label").c_str());
            });
    });

    auto* link = app.add_subcommand(
        "web-link", "Print a one-time sign-in link to the web pages (valid 2 minutes)");
    api_options(link);
    link->add_option("--page", o.id, "page to open after signing in, e.g. /ui/review?month=2026-11")
        ->default_val("/ui/");
    link->callback([&] {
        exit_code = call(
            o, [](ApiClient& a) { return a.post("/api/v1/web-logins", json::object()); },
            [&](const json& r) {
                std::cout << o.server << text(r, "url")
                          << "&next=" << server::web::url_component(o.id) << "\n";
            });
    });

    auto* stamp = app.add_subcommand("stamp", "Personal stamps (admin)");
    stamp->require_subcommand(1);
    auto* issue = stamp->add_subcommand("issue", "Issue a personal stamp");
    api_options(issue);
    issue->add_option("id", o.id, "stamp number")->required();
    issue->add_option("--holder", o.holder, "holder's full name")->required();
    issue->add_option("--stages", o.stages, "stages it covers")->required()->delimiter(',');
    issue->add_option("--due", o.due, "attestation due date, YYYY-MM-DD")->required();
    issue->add_option("--pin", o.pin, "initial PIN (4-8 digits)");
    issue->callback([&] {
        json body{
            {"id", o.id}, {"holder", o.holder}, {"stages", o.stages}, {"attestation_due", o.due}};
        if (!o.pin.empty()) body["pin"] = o.pin;
        exit_code = call(
            o, [&](ApiClient& a) { return a.post("/api/v1/stamps", body); }, print_stamp);
    });
    for (const char* action : {"suspend", "revoke", "reinstate"}) {
        auto* cmd = stamp->add_subcommand(action, std::string(action) + " a stamp");
        api_options(cmd);
        cmd->add_option("id", o.id)->required();
        cmd->callback([&, action] {
            exit_code = call(
                o,
                [&](ApiClient& a) {
                    return a.post("/api/v1/stamps/" + o.id + "/" + action, json::object());
                },
                print_stamp);
        });
    }
    auto* set_pin = stamp->add_subcommand("set-pin", "Set or reset a stamp's PIN");
    api_options(set_pin);
    set_pin->add_option("id", o.id)->required();
    set_pin->add_option("--pin", o.pin, "new PIN (4-8 digits)")->required();
    set_pin->callback([&] {
        exit_code = call(
            o,
            [&](ApiClient& a) {
                return a.put("/api/v1/stamps/" + o.id + "/pin", {{"pin", o.pin}});
            },
            [&](const json&) { std::cout << "PIN of stamp " << o.id << " set\n"; });
    });
    auto* slist = stamp->add_subcommand("list", "List the stamp registry");
    api_options(slist);
    slist->callback([&] {
        exit_code = call(
            o, [](ApiClient& a) { return a.get("/api/v1/stamps"); },
            [](const json& r) {
                for (const json& s : r["stamps"]) print_stamp(s);
            });
    });

    CLI::App* sheet = app.get_subcommand("sheet");
    auto* sheet_issue =
        sheet->add_subcommand("issue", "Register a unit and print its sheet payload");
    api_options(sheet_issue);
    sheet_issue->add_option("--serial", o.serial)->required();
    sheet_issue->add_option("--type", o.product_type, "product type code")->required();
    sheet_issue->add_option("--order", o.order, "production order")->required();
    sheet_issue->callback([&] {
        json body{{"serial", o.serial}, {"product_type", o.product_type}, {"order", o.order}};
        exit_code = call(
            o, [&](ApiClient& a) { return a.post("/api/v1/sheets", body); },
            [](const json& r) { std::cout << text(r, "payload") << "\n"; });
    });

    auto* trail = app.add_subcommand("trail", "Show a unit's trail as a table");
    api_options(trail);
    trail->add_option("serial", o.serial)->required();
    trail->callback([&] {
        exit_code = call(
            o, [&](ApiClient& a) { return a.get("/api/v1/units/" + o.serial + "/trail"); },
            print_trail);
    });
}

}  // namespace stampline::cli
