// The fixture of the integration tests: a fresh temp dir with a record (test_record.h) made by
// `stampline-server init` (the first admin token is read from its output), the real server
// serving it on an ephemeral port with the demo plant, and helpers that speak the API.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "integration/api_client.h"
#include "integration/server_process.h"
#include "integration/test_record.h"
#include "shared/plant.h"
#include "shared/system_clock.h"
#include "shared/uuid.h"

namespace stampline::itest {

using nlohmann::json;

// The demo plant (config/demo), loaded once.
const Plant& demo_plant();
std::string demo_plant_dir();

// The first station of the demo plant that sits at stage.
std::string station_for(const std::string& stage);

// Every item of the checklist from -> to, passed.
json all_checks(const std::string& from, const std::string& to);

// A customer complaint's registration: a product defect on one unit of the demo plant, found at
// commissioning, with a customer, a channel and a damage (POST /api/v1/complaints).
json defect_complaint(const std::string& serial, const std::string& product = "KSO298");

// Events in the wire form of protocol v1, with fresh UUIDv7 ids and the current time.
class EventFactory {
public:
    EventFactory() : ids_(clock_, random_) {}
    std::string new_id() { return to_string(ids_.next()); }
    // {"v":1,"id":...,"type":type,"serial":serial,"sheet_version":1,"station","stage","stamp",
    //  "terminal_time":now} merged with extra. Each event's time is at least 1 ms after the
    // previous one's, as a terminal's acts are: events made within one millisecond would tie,
    // and analyses that order acts by time (an escape is an NC raised after its origin stage
    // was signed off) would then see them as simultaneous.
    // One thread at a time (each test thread makes its own factory).
    json make(const std::string& type, const std::string& serial, const std::string& station,
              const std::string& stage, const std::string& stamp,
              const json& extra = json::object());
    json sign_off(const std::string& serial, const std::string& stage, const std::string& stamp);
    // Acceptance at stage with every check of (previous route stage of product -> stage) passed.
    json accept(const std::string& serial, const std::string& product, const std::string& stage,
                const std::string& stamp);
    // Waits until the wall clock has passed the last event's time (events made in a burst run
    // a few milliseconds ahead of it): an act the server then dates by its own clock, as it
    // does a complaint's field NC, comes after them.
    void catch_up();

private:
    SystemClock clock_;
    SystemRandom random_;
    UuidV7Generator ids_;
    std::int64_t last_ms_ = 0;
};

// `stampline-server args...` and `stampline args...`, run to completion.
CommandResult server_command(std::vector<std::string> args);
CommandResult admin_command(std::vector<std::string> args);
// Runs SQL statements on the database file directly, as someone tampering with it would.
void sql(const std::string& db_path, const std::string& statement);

class TestServer;

// The files `stampline tls init` makes: a plant CA and a server certificate for `hosts`.
struct PlantTls {
    PlantTls(std::string ca_, std::string ca_key_, std::string cert_, std::string key_)
        : ca(std::move(ca_)),
          ca_key(std::move(ca_key_)),
          cert(std::move(cert_)),
          key(std::move(key_)) {}
    std::string ca, ca_key, cert, key;
    // {"--tls-cert", cert, "--tls-key", key}: the serve flags that turn TLS on with them.
    std::vector<std::string> serve_flags() const { return {"--tls-cert", cert, "--tls-key", key}; }
};
// Runs `stampline tls init --host <each of hosts> --out dir`; fails the test when it fails.
PlantTls plant_tls(const std::string& dir, const std::vector<std::string>& hosts = {"127.0.0.1"});

// Terminals at the TZ station, each with its own units (registered here) and an outbox of one
// TZ sign-off per unit by stamp 777 (issued here): the load the stop and backup tests post.
struct TerminalOutboxes {
    std::vector<std::string> tokens;
    std::vector<std::vector<json>> outboxes;
};
TerminalOutboxes tz_sign_off_outboxes(TestServer& s, int terminals, int units,
                                      const std::string& serial_prefix);

class TestServer {
public:
    // extra_args: flags added to `stampline-server serve` (e.g. {"--config", file}).
    explicit TestServer(std::vector<std::string> extra_args = {});
    // Serving https:// with tls's certificate; api() verifies it against tls's CA.
    explicit TestServer(const PlantTls& tls, std::vector<std::string> extra_args = {});
    ~TestServer();

    ApiClient& api() { return *api_; }
    const std::string& admin() const { return admin_token_; }
    // The SQLite file (not with a PostgreSQL record: see record()).
    const std::string& db_path() const { return db_path_; }
    const TestRecord& record() const { return *record_; }
    const TempDir& dir() const { return dir_; }
    EventFactory& events() { return events_; }
    ServerProcess& process() { return *server_; }
    // Stops the server (SIGTERM); returns its exit code.
    int stop();
    // Starts it again on the same port and database after stop().
    void restart();
    // Starts it again on the same port and database with other flags added to `serve` (they
    // replace the constructor's extra_args).
    void restart_with(std::vector<std::string> extra_args);
    // Restarts it with its clock at `utc` ("2026-10-30 10:00:00"), running on from there
    // (libfaketime): the server dates its acts and judges deadlines by it.
    void restart_at(const std::string& utc);

    // A new token (POST /api/v1/tokens as admin): {id, role, station, label, secret, ...}.
    json new_token(const std::string& role, const std::string& station = "");
    // A new token's secret.
    std::string token(const std::string& role, const std::string& station = "") {
        return new_token(role, station)["secret"].get<std::string>();
    }
    // Issues a stamp as admin (201 expected).
    void stamp(const std::string& id, const std::vector<std::string>& stages,
               const std::string& attestation_due = "2099-12-31", const std::string& holder = "");
    // Registers a unit through POST /api/v1/sheets (201 expected); returns the reply body.
    json sheet(const std::string& serial, const std::string& product = "SHU",
               const std::string& order = "Z1");

    Reply post_events(const std::string& token, const json& events);
    // Posts one event and returns its result object (200 expected).
    json post_one(const std::string& token, const json& event);

    // A stamp "ALL" covering every stage, then the route of product signed off up to (not
    // including) stage `until` ("" = the whole route), accepting each stage after the first.
    void walk(const std::string& serial, const std::string& product, const std::string& until);
    void ensure_walker_stamp();
    // The whole route of product signed off with stamp ALL, but `stage`, which `stamp` (issued
    // here for that stage when new) accepts and signs off.
    void walk_signed_at(const std::string& serial, const std::string& product,
                        const std::string& stage, const std::string& stamp);

    // Unresolved quarantine entries (GET as admin).
    json quarantine();
    // The unresolved quarantine entry of event id, or null.
    json quarantine_entry(const std::string& id);
    // GET /healthz: {events, quarantined}.
    json health();
    // `stampline-server verify --db` on this database.
    CommandResult verify();

private:
    TestServer(std::vector<std::string> extra_args, const std::string& ca_file);
    std::vector<std::string> serve_args() const;

    TempDir dir_;
    std::unique_ptr<TestRecord> record_;
    std::string db_path_;
    std::vector<std::string> serve_args_;
    std::string ca_file_;  // "": plain HTTP
    std::string admin_token_;
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<ApiClient> api_;
    EventFactory events_;
    bool walker_stamp_ = false;
};

}  // namespace stampline::itest
