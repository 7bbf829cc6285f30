#include "server/cli/store_commands.h"

#include <chrono>
#include <iostream>

#include "server/cli/cli_exit.h"
#include "server/service/store_copy.h"
#include "shared/plant_files.h"

namespace stampline::cli {

void add_store_commands(CLI::App& app, StoreOptions& o, int& exit_code) {
    auto* store = app.add_subcommand("store", "Move a plant's record between stores");
    store->require_subcommand(1);
    auto* copy = store->add_subcommand(
        "copy",
        "Copy a plant's record from its SQLite file into a PostgreSQL database: the file's "
        "chains verified first, a plant that holds anything refused, one transaction, the "
        "copy verified and its head compared (stop the server on the file first). The "
        "password comes from PGPASSWORD or PGPASSFILE");
    copy->add_option("--from", o.from, "sqlite:FILE, the plant's database file")->required();
    copy->add_option("--to", o.to, "postgresql:CONNINFO (no password in it)")->required();
    auto* code = copy->add_option("--plant-code", o.plant_code,
                                  "the plant's code in the database, e.g. VEZ-DEMO");
    copy->add_option("--plant", o.plant_dir,
                     "or: the plant configuration directory, whose [plant] code is used")
        ->excludes(code);
    copy->callback([&] {
        std::string plant_code = o.plant_code;
        if (!o.plant_dir.empty()) {
            Result<Plant> plant = load_plant_dir(o.plant_dir);
            if (!plant) return void(exit_code = fail(plant.error()));
            plant_code = plant->code;
        }
        if (plant_code.empty())
            return void(exit_code = fail(invalid(
                            "the file does not record its plant's code: give --plant-code CODE "
                            "or --plant DIR")));
        Result<server::RecordTarget> from = server::record_target(o.from, plant_code);
        if (!from) return void(exit_code = fail(from.error()));
        Result<server::RecordTarget> to = server::record_target(o.to, plant_code);
        if (!to) return void(exit_code = fail(to.error()));
        const auto start = std::chrono::steady_clock::now();
        Result<server::StoreCopyReport> r = server::copy_sqlite_to_postgresql(*from, *to);
        if (!r) return void(exit_code = fail(r.error()));
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cout << server::store_copy_summary(*r);
        std::cout << "plant " << plant_code << " copied in " << static_cast<long>(seconds * 1000)
                  << " ms\n";
    });
}

}  // namespace stampline::cli
