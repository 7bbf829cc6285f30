// `stampline plant|sheet|scan|walk`: commands over the pure core and the plant configuration.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "shared/sheet_payload.h"

namespace stampline::cli {

// What the command line fills in; owned by main() and outliving the parse.
struct PlantOptions {
    std::string plant_dir = "config/demo";
    UnitIdentity unit;
    std::vector<std::string> texts;
    std::string walk_type = "KSO298";
    std::string walk_serial = "DEMO0001";
    std::string walk_until;   // "" = the whole route
    std::string walk_server;  // "" = check locally
    std::string walk_token;
};

// Adds the subcommands to `app`. Each sets `exit_code` when it runs.
void add_plant_commands(CLI::App& app, PlantOptions& options, int& exit_code);

}  // namespace stampline::cli
