// `stampline`: the admin and installer command line. Composition root only.
#include <CLI/CLI.hpp>

#include "server/cli/plant_commands.h"

int main(int argc, char** argv) {
    CLI::App app{"Stampline: shop-floor stamps and barcode tracking"};
    app.require_subcommand(1);
    int exit_code = 0;
    stampline::cli::PlantOptions plant_options;
    stampline::cli::add_plant_commands(app, plant_options, exit_code);
    CLI11_PARSE(app, argc, argv);
    return exit_code;
}
