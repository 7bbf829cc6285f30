// `stampline-server`: the plant's central server. Composition root only: it reads the settings
// file and the command line into options, opens the store and the plant, and wires them into
// the HTTP API.
//
//   stampline-server serve  --config config/server.toml   (or --db/--plant/--host/--port ...)
//   stampline-server init   --db var/stampline.db --plant config/demo
//   stampline-server verify --db var/stampline.db [--anchor SEQ:HASH]
//   stampline-server migrate --db var/stampline.db
//
// Errors a person can fix (missing config, plant, database, port in use) print one line on
// stderr and exit with status 2; `verify` exits 1 when the chain is broken.
#include <pthread.h>
#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/http/api_server.h"
#include "server/http/crm_webhook.h"
#include "server/serve_settings.h"
#include "server/service/database_admin.h"
#include "server/service/tokens.h"
#include "server/store/pg/pg_store.h"
#include "server/store/sqlite_store.h"
#include "server/systemd/systemd_service.h"
#include "shared/plant_files.h"
#include "shared/system_clock.h"
#include "shared/uuid.h"

namespace {

using namespace stampline;
using namespace stampline::server;
namespace fs = std::filesystem;

constexpr int kExitBroken = 1;       // verify: the chain does not hold
constexpr int kExitError = 2;        // a setting, file or port problem, said in one line
constexpr int kExitStopTimeout = 3;  // serve: requests still running stop_timeout_s after SIGTERM

int fail(const std::string& message) {
    std::cerr << "stampline-server: " << message << std::endl;
    return kExitError;
}

// Under systemd with stderr on the journal: journal entries with fields (REQUEST_ID, ROUTE,
// STATUS, ...); otherwise text lines on stderr.
void setup_logging(const std::string& level) {
    std::shared_ptr<spdlog::logger> logger;
    if (systemd::stderr_is_journal()) {
        logger = std::make_shared<spdlog::logger>("stampline-server",
                                                  systemd::journal_sink("stampline-server"));
        logger->set_pattern("%v");
    } else {
        logger = spdlog::stderr_logger_mt("stampline-server");
        logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    }
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(level));
}

Result<Plant> load_plant(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return Status(Code::NotFound, "plant configuration directory " + dir + " does not exist");
    return load_plant_dir(dir);
}

// Writes the port to path atomically (temporary file + rename), for scripts and tests.
bool write_port_file(const std::string& path, int port) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!(out << port << "\n")) return false;
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    return !ec;
}

int serve(ServeSettings s, const CLI::App& cmd) {
    // Flags given on the command line win over the settings file.
    ServeSettings flags = s;
    if (!s.config.empty()) {
        if (auto err = read_settings_file(s.config, &s)) return fail(*err);
        auto given = [&](const char* name) { return cmd.get_option(name)->count() > 0; };
        if (given("--db")) s.db = flags.db;
        if (given("--plant")) s.plant = flags.plant;
        if (given("--group-plant")) s.group_plants = flags.group_plants;
        if (given("--host")) s.api.host = flags.api.host;
        if (given("--port")) s.api.port = flags.api.port;
        if (given("--workers")) s.api.workers = flags.api.workers;
        if (given("--tls-cert")) s.api.tls_cert = flags.api.tls_cert;
        if (given("--tls-key")) s.api.tls_key = flags.api.tls_key;
        if (given("--log-level")) s.log_level = flags.log_level;
    }
    if (auto bad = check_settings(s)) return fail(*bad);
    if (!s.crm_secret_file.empty())
        if (auto err = read_crm_secret(s.crm_secret_file, &s.crm.secret)) return fail(*err);
    Result<Plant> plant = load_plant(s.plant);
    if (!plant) return fail(plant.error().message());
    Result<StoreLocator> where = store_locator(s);
    if (!where) return fail(where.error().message());
    std::string password;
    if (auto err = read_postgresql_password(s.postgresql_password_file, &password))
        return fail(*err);
    Result<std::unique_ptr<Store>> store =
        open_existing_database(RecordTarget{*where, plant->code, password});
    if (!store) return fail(store.error().message());  // store errors name the database
    // The head office's group: each plant's configuration and its record in the same database
    // (never created here); the served plant's own store when it is one of them.
    std::deque<Plant> group_configs;
    std::vector<std::unique_ptr<Store>> group_stores;
    PlantGroup group;
    for (const std::string& dir : s.group_plants) {
        Result<Plant> member = load_plant(dir);
        if (!member) return fail("group_plants: " + member.error().message());
        if (member->code == plant->code) {
            group.add(*plant, **store);
            continue;
        }
        Result<std::unique_ptr<Store>> member_store =
            open_existing_database(RecordTarget{*where, member->code, password});
        if (!member_store) return fail("group_plants: " + member_store.error().message());
        group_configs.push_back(std::move(member).value());
        group_stores.push_back(std::move(member_store).value());
        if (!group.add(group_configs.back(), *group_stores.back()))
            return fail("group_plants: plant " + group_configs.back().code + " is listed twice");
    }

    // Block the stop signals and SIGHUP in every thread; one thread waits for them (below).
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    setup_logging(s.log_level);
    for (const std::string& retired : s.retired) spdlog::warn("{}", retired);
    // Every open connection is a descriptor: the soft limit is raised to the hard one, and the
    // connections the engine takes are kept under it with room for the database and logs.
    if (rlimit files{}; getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
        if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
            const std::size_t room =
                files.rlim_cur > 128 ? files.rlim_cur - 64 : files.rlim_cur / 2;
            if (s.api.max_connections > room) {
                spdlog::warn("max_connections {} lowered to {}: {} file descriptors allowed",
                             s.api.max_connections, room, files.rlim_cur);
                s.api.max_connections = room;
            }
        }
    }
    SystemClock clock;
    SystemRandom random;
    UuidV7Generator ids(clock, random);
    auto api = std::make_unique<ApiServer>(**store, *plant, clock, random, ids, s.api,
                                           group.empty() ? nullptr : &group);
    Result<int> port = api->bind();
    if (!port) return fail(port.error().message());
    if (!s.port_file.empty() && !write_port_file(s.port_file, *port))
        return fail("cannot write the port file " + s.port_file);

    // On SIGTERM: stop accepting, answer the requests in hand, close the database (SQLite
    // checkpoints the WAL into it), exit 0. A request still running after stop_timeout_s ends
    // the process with exit 3: its write transaction, never committed, leaves nothing behind.
    // On SIGHUP: the TLS certificate and key are read again, for new connections; open ones
    // keep theirs. A file that cannot be used is logged and the one in use kept.
    std::atomic<bool> done{false};
    std::thread waiter([&] {
        int sig = 0;
        while (sigwait(&signals, &sig) == 0 && sig == SIGHUP && !done) {
            if (!s.api.tls()) {
                spdlog::info("received SIGHUP: nothing to reload (TLS is off)");
            } else if (Status reloaded = api->reload_tls(); reloaded) {
                spdlog::info("received SIGHUP: TLS certificate {} loaded for new connections",
                             s.api.tls_cert);
            } else {
                spdlog::error("received SIGHUP: {}; new connections keep the certificate in use",
                              reloaded.message());
            }
        }
        if (done) return;
        systemd::notify_stopping();
        spdlog::info("received {}: stopping after the requests in progress",
                     sig == SIGINT ? "SIGINT" : "SIGTERM");
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::seconds(s.stop_timeout_s);
        while (!done) {  // repeated: a stop() before run() started listening would be missed
            if (std::chrono::steady_clock::now() > deadline) {
                spdlog::error(
                    "requests still running {} s after the stop signal: exiting without "
                    "them (their transactions are rolled back)",
                    s.stop_timeout_s);
                spdlog::shutdown();
                std::_Exit(kExitStopTimeout);
            }
            api->stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });

    std::unique_ptr<CrmWebhook> crm;
    if (!s.crm.url.empty()) {
        crm = std::make_unique<CrmWebhook>(**store, clock, s.crm);
        crm->start();
        spdlog::info("telling the CRM of complaint changes at {}", s.crm.url);
    }
    spdlog::info("serving plant {} from {} with database {} ({} request workers{})", plant->code,
                 s.plant, describe(*where), s.api.workers, s.api.tls() ? ", TLS" : "");
    for (const GroupPlant& member : group.plants())
        spdlog::info("head office group: plant {}", member.plant.code);
    std::cout << "listening on " << (s.api.tls() ? "https://" : "http://") << s.api.host << ":"
              << *port << std::endl;
    api->run([&] {
        systemd::notify_ready("serving plant " + plant->code + " on " + s.api.host + ":" +
                              std::to_string(*port));
    });
    done = true;
    pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter if no signal came
    waiter.join();
    crm.reset();  // ends the delivery in progress (within its timeout)
    api.reset();
    group_stores.clear();
    store->reset();  // the last connection closed: the WAL is checkpointed into the database
    spdlog::info("stopped; database closed");
    return 0;
}

int init(const std::string& db, const std::string& plant_dir) {
    Result<Plant> plant = load_plant(plant_dir);
    if (!plant) return fail(plant.error().message());
    Result<RecordTarget> target = record_target(db, plant->code);
    if (!target) return fail(target.error().message());
    SystemClock clock;
    SystemRandom random;
    Result<NewToken> token = initialize_database(*target, *plant, random, clock);
    if (!token) return fail(token.error().message());
    std::cout << "created database " << db << " for plant " << plant->code << "\n"
              << "first admin token " << token->record.id
              << " (shown once; only its hash is stored):\n"
              << token->secret << std::endl;
    return 0;
}

int verify(const std::string& db, const std::string& plant_code, const std::string& anchor_text) {
    Result<RecordTarget> target = record_target(db, plant_code);
    if (!target) return fail(target.error().message());
    std::optional<ChainAnchor> anchor;
    if (!anchor_text.empty()) {
        Result<ChainAnchor> a = parse_anchor(anchor_text);
        if (!a) return fail(a.error().message());
        anchor = *a;
    }
    Result<VerifyReport> report = verify_database(*target, anchor);
    if (!report) return fail(report.error().message());
    std::cout << verify_summary(*report, anchor) << std::flush;
    return verify_holds(*report) ? 0 : kExitBroken;
}

int migrate(const std::string& db, const std::string& plant_code) {
    Result<RecordTarget> target = record_target(db, plant_code);
    if (!target) return fail(target.error().message());
    Result<std::unique_ptr<Store>> store = open_existing_database(*target);  // opening migrates
    if (!store) return fail(store.error().message());
    const bool pg = target->where.kind == StoreKind::Postgresql;
    std::cout << "database " << db << " is at schema version "
              << (pg ? kPgSchemaVersion : kSqliteSchemaVersion) << std::endl;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "stampline-server: the central server of Stampline (shop-floor stamps and "
        "barcode tracking). Serves the HTTP/JSON API v1 over one plant's record: a SQLite file, "
        "or a PostgreSQL database shared by a group of plants."};
    app.require_subcommand(1);
    app.footer(
        "Examples:\n"
        "  stampline-server init --db var/stampline.db --plant config/demo\n"
        "  stampline-server serve --config config/server.toml\n"
        "  stampline-server serve --db var/stampline.db --plant config/demo --port 0 "
        "--port-file var/port\n"
        "  stampline-server verify --db var/stampline.db\n"
        "  stampline-server verify --db 'postgresql:host=/var/run/postgresql dbname=stampline' "
        "--plant-code VEZ-DEMO\n"
        "A database is a SQLite file (PATH or sqlite:PATH) or postgresql:CONNINFO; PostgreSQL's "
        "password comes from PGPASSWORD or PGPASSFILE, never the command line.\n"
        "Exit status: 0 ok; 1 verify found the chain broken; 2 a setting, file or port problem "
        "(one line on stderr).");

    int exit_code = 0;

    ServeSettings serve_settings;
    CLI::App* serve_cmd = app.add_subcommand(
        "serve", "Serve the API until SIGINT or SIGTERM (then finish requests in progress).");
    serve_cmd->add_option(
        "--config", serve_settings.config,
        "TOML settings file (its keys are documented in config/server.toml); flags given on "
        "the command line win");
    serve_cmd->add_option("--db", serve_settings.db,
                          "database (made by `init`): a SQLite file, or postgresql:CONNINFO");
    serve_cmd->add_option("--plant", serve_settings.plant,
                          "plant configuration directory (*.toml), e.g. config/demo");
    serve_cmd->add_option(
        "--group-plant", serve_settings.group_plants,
        "a plant configuration directory of the head office's group (repeatable; group_plants): "
        "its record, in the same PostgreSQL database, is shown at /api/v1/group and /ui/group");
    serve_cmd->add_option("--host", serve_settings.api.host, "address to listen on")
        ->capture_default_str();
    serve_cmd->add_option("--port", serve_settings.api.port, "TCP port; 0 picks a free one")
        ->capture_default_str();
    serve_cmd
        ->add_option("--workers", serve_settings.api.workers,
                     "request workers (about as many as terminals posting at once)")
        ->capture_default_str();
    serve_cmd->add_option("--tls-cert", serve_settings.api.tls_cert,
                          "serve https:// with this certificate chain (PEM; tls_cert)");
    serve_cmd->add_option("--tls-key", serve_settings.api.tls_key,
                          "the certificate's private key (PEM; tls_key)");
    serve_cmd->add_option("--port-file", serve_settings.port_file,
                          "write the bound port to this file once listening (for --port 0)");
    serve_cmd
        ->add_option("--log-level", serve_settings.log_level,
                     "trace, debug, info, warning, error, critical or off (logs go to stderr)")
        ->capture_default_str();
    serve_cmd->callback([&] { exit_code = serve(serve_settings, *serve_cmd); });

    std::string init_db, init_plant;
    CLI::App* init_cmd = app.add_subcommand(
        "init", "Create a new database and print the first admin token (shown once).");
    init_cmd
        ->add_option("--db", init_db,
                     "database file to create (must not exist), or postgresql:CONNINFO (the "
                     "plant must not be in it)")
        ->required();
    init_cmd->add_option("--plant", init_plant, "plant configuration directory")->required();
    init_cmd->callback([&] { exit_code = init(init_db, init_plant); });

    std::string verify_db, verify_plant_code, verify_anchor;
    CLI::App* verify_cmd = app.add_subcommand(
        "verify",
        "Recompute the event log's hash chain: exit 0 \"chain intact: N events, head N:HASH\", "
        "or exit 1 naming the first broken seq (or an anchor that does not hold).");
    verify_cmd->add_option("--db", verify_db, "database file, or postgresql:CONNINFO")->required();
    verify_cmd->add_option("--plant-code", verify_plant_code,
                           "with postgresql: the plant's code, e.g. VEZ-DEMO");
    verify_cmd->add_option("--anchor", verify_anchor,
                           "SEQ:HASH, a chain head printed in a review pack: also prove the "
                           "history up to SEQ is the one it was taken from");
    verify_cmd->callback([&] { exit_code = verify(verify_db, verify_plant_code, verify_anchor); });

    std::string migrate_db, migrate_plant_code;
    CLI::App* migrate_cmd = app.add_subcommand(
        "migrate",
        "Bring a database to this version's schema (serve does it too); a database "
        "from a newer version is refused.");
    migrate_cmd->add_option("--db", migrate_db, "database file, or postgresql:CONNINFO")
        ->required();
    migrate_cmd->add_option("--plant-code", migrate_plant_code,
                            "with postgresql: the plant's code, e.g. VEZ-DEMO");
    migrate_cmd->callback([&] { exit_code = migrate(migrate_db, migrate_plant_code); });

    CLI11_PARSE(app, argc, argv);
    return exit_code;
}
