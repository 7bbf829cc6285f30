// `stampline`: the admin and installer command line. Composition root only.
#include <CLI/CLI.hpp>
#include <cstdlib>

#include "server/cli/admin_commands.h"
#include "server/cli/plant_commands.h"

int main(int argc, char** argv) {
    CLI::App app{"Stampline: shop-floor stamps and barcode tracking"};
    app.require_subcommand(1);
    int exit_code = 0;
    stampline::cli::PlantOptions plant_options;
    stampline::cli::add_plant_commands(app, plant_options, exit_code);
    stampline::cli::AdminOptions admin_options;
    if (const char* token = std::getenv("STAMPLINE_TOKEN")) {
        admin_options.token = token;
        plant_options.walk_token = token;
    }
    stampline::cli::add_admin_commands(app, admin_options, exit_code);
    CLI11_PARSE(app, argc, argv);
    return exit_code;
}
