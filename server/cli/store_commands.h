// `stampline store copy`: a plant's record moved from its SQLite file into a PostgreSQL database
// shared by a group of plants (service/store_copy.h).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace stampline::cli {

struct StoreOptions {
    std::string from;        // sqlite:FILE (or a bare path)
    std::string to;          // postgresql:CONNINFO; the password from PGPASSWORD or PGPASSFILE
    std::string plant_code;  // the plant's code in the target database
    std::string plant_dir;   // or: the plant configuration whose [plant] code it is
};

void add_store_commands(CLI::App& app, StoreOptions& options, int& exit_code);

}  // namespace stampline::cli
