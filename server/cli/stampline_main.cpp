// `stampline`: the admin and installer command line. Composition root only.
#include <CLI/CLI.hpp>
#include <cstdlib>

#include "server/cli/admin_commands.h"
#include "server/cli/backup_commands.h"
#include "server/cli/complaint_commands.h"
#include "server/cli/device_commands.h"
#include "server/cli/plant_commands.h"
#include "server/cli/simulate_command.h"
#include "server/cli/store_commands.h"
#include "server/cli/tls_commands.h"

int main(int argc, char** argv) {
    CLI::App app{"Stampline: shop-floor stamps and barcode tracking"};
    app.require_subcommand(1);
    app.footer(
        "Examples:\n"
        "  stampline plant --plant config/demo\n"
        "  stampline init --db var/stampline.db --plant config/demo\n"
        "  export STAMPLINE_TOKEN=slt_...   # the admin token init printed\n"
        "  stampline stamp issue 017 --holder 'Иванов И. И.' --stages WIRING,ADJUST --due "
        "2027-06-30\n"
        "  stampline sheet issue --serial 2611000427 --type KSO298 --order Z26117\n"
        "  stampline trail 2611000427\n"
        "  stampline backup --db /var/lib/stampline/stampline.db --out /var/backups/stampline "
        "--keep-daily 14 --keep-monthly 120\n"
        "  stampline verify --db var/stampline.db --anchor 120453:9f2c...\n"
        "  stampline store copy --from sqlite:var/stampline.db --to 'postgresql:dbname=stampline' "
        "--plant-code VEZ-DEMO\n"
        "  stampline simulate --plant config/demo --units 2000 --days 30 --seed 1\n"
        "  stampline scan ']d20104607005120014212611000428<GS>10Z26118'\n"
        "  stampline tls init --host 192.168.10.5 --out /etc/stampline/tls\n"
        "Commands that talk to the server take --server (default http://127.0.0.1:8470) and\n"
        "--token (default $STAMPLINE_TOKEN).\n"
        "Exit status: 0 ok; 1 refused or verify found the chain broken; 2 bad settings, files,\n"
        "tokens or an unreachable server (one line on stderr).");
    int exit_code = 0;
    stampline::cli::PlantOptions plant_options;
    stampline::cli::add_plant_commands(app, plant_options, exit_code);
    stampline::cli::AdminOptions admin_options;
    if (const char* token = std::getenv("STAMPLINE_TOKEN")) {
        admin_options.token = token;
        plant_options.walk_token = token;
    }
    stampline::cli::add_admin_commands(app, admin_options, exit_code);
    stampline::cli::BackupOptions backup_options;
    stampline::cli::add_backup_commands(app, backup_options, exit_code);
    stampline::cli::DeviceOptions device_options;
    device_options.token = admin_options.token;
    stampline::cli::add_device_commands(app, device_options, exit_code);
    stampline::cli::SimulateOptions simulate_options;
    simulate_options.token = admin_options.token;
    stampline::cli::add_simulate_command(app, simulate_options, exit_code);
    stampline::cli::ComplaintOptions complaint_options;
    complaint_options.token = admin_options.token;
    stampline::cli::add_complaint_commands(app, complaint_options, exit_code);
    stampline::cli::StoreOptions store_options;
    stampline::cli::add_store_commands(app, store_options, exit_code);
    stampline::cli::TlsOptions tls_options;
    stampline::cli::add_tls_commands(app, tls_options, exit_code);
    CLI11_PARSE(app, argc, argv);
    return exit_code;
}
