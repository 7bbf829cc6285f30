#include "server/cli/tls_commands.h"

#include <filesystem>
#include <iostream>

#include "server/cli/cli_exit.h"
#include "server/cli/plant_tls.h"
#include "shared/system_clock.h"

namespace stampline::cli {

namespace {

void print_next_steps(const PlantTlsFiles& f, const TlsOptions& o) {
    std::cout << "wrote " << f.ca_cert.string() << "      the plant CA (20 years)\n"
              << "wrote " << f.ca_key.string() << "      its key (mode 0600)\n"
              << "wrote " << f.server_cert.string() << "        the server certificate (" << o.days
              << " days) for";
    for (const std::string& host : o.hosts) std::cout << " " << host;
    std::cout << "\nwrote " << f.server_key.string() << "        its key (mode 0600)\n"
              << "Next steps:\n"
              << "  1. In server.toml (then restart the server; the server's user must be able to\n"
              << "     read both files):\n"
              << "       tls_cert = \"" << f.server_cert.string() << "\"\n"
              << "       tls_key = \"" << f.server_key.string() << "\"\n"
              << "  2. Copy " << f.ca_cert.filename().string()
              << " to each terminal and, in its terminal.toml [server] section, set\n"
              << "       ca_file = \"/etc/stampline/plant-ca.crt\"   # where you copied it\n"
              << "       url = \"https://" << o.hosts.front() << ":8470\"\n"
              << "  3. Keep " << f.ca_key.string() << " offline (move it off this machine):\n"
              << "     the server does not need it.\n";
}

}  // namespace

void add_tls_commands(CLI::App& app, TlsOptions& o, int& exit_code) {
    auto* tls = app.add_subcommand("tls", "TLS certificates for the server");
    tls->require_subcommand(1);
    auto* init = tls->add_subcommand(
        "init",
        "Make a plant CA and a server certificate it signs, for a plant without PKI; "
        "refuses to replace existing files unless --force");
    init->add_option("--host", o.hosts,
                     "a name or IP address terminals use to reach the server (repeat for each; "
                     "the first is the certificate's CN)")
        ->required();
    init->add_option("--out", o.out, "folder to write to (created 0700 if missing)")->required();
    init->add_option("--days", o.days, "the server certificate's validity in days, 1..3650")
        ->capture_default_str();
    init->add_flag("--force", o.force, "replace existing certificates and keys");
    init->callback([&] {
        std::error_code ec;
        const std::filesystem::path out = std::filesystem::absolute(o.out, ec);
        if (ec) return void(exit_code = fail(io_error("cannot resolve --out " + o.out)));
        SystemClock clock;
        Result<PlantTlsFiles> files =
            make_plant_tls({.hosts = o.hosts, .out = out, .days = o.days, .force = o.force}, clock);
        if (!files) return void(exit_code = fail(files.error()));
        print_next_steps(*files, o);
    });
}

}  // namespace stampline::cli
