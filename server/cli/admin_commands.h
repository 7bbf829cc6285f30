// `stampline init|verify|token|stamp|sheet issue|trail`: the admin's commands. init and verify
// open the database directly; the others talk to the server's API with an admin token.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace stampline::cli {

// What the command line fills in; owned by main() and outliving the parse.
struct AdminOptions {
    std::string server = "http://127.0.0.1:8470";
    std::string token;  // defaults to $STAMPLINE_TOKEN (read by main)
    std::string db;
    std::string anchor;      // verify --anchor SEQ:HASH
    std::string plant_code;  // verify --plant-code: which plant of a PostgreSQL database
    std::string plant_dir = "config/demo";
    std::string role, station, label, id, holder, due, pin;
    std::vector<std::string> stages;
    std::string serial, product_type, order, reason;
};

void add_admin_commands(CLI::App& app, AdminOptions& options, int& exit_code);

}  // namespace stampline::cli
