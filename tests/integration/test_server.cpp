#include "integration/test_server.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <thread>

#include "shared/plant_files.h"
#include "shared/time.h"

namespace stampline::itest {

std::string demo_plant_dir() {
    return std::string(STAMPLINE_CONFIG_DIR) + "/demo";
}

const Plant& demo_plant() {
    static const Plant plant = [] {
        Result<Plant> p = load_plant_dir(demo_plant_dir());
        REQUIRE_MESSAGE(p.has_value(), p.status().to_string());
        return *p;
    }();
    return plant;
}

std::string station_for(const std::string& stage) {
    for (const Station& s : demo_plant().stations)
        for (const std::string& st : s.stages)
            if (st == stage) return s.id;
    FAIL("no station at stage " << stage);
    return "";
}

json defect_complaint(const std::string& serial, const std::string& product) {
    return {{"reason", "defect"},
            {"product_type", product},
            {"serials", {serial}},
            {"lifecycle_stage", "commissioning"},
            {"damage_cents", 12'500'000},
            {"customer",
             {{"organisation", "АО «Энергосеть»"},
              {"site", "ПС 110 кВ «Северная»"},
              {"contact", "Петров А. В."}}},
            {"channel", "letter"},
            {"description", "Нагрев контактного соединения при наладке"}};
}

json all_checks(const std::string& from, const std::string& to) {
    const Checklist* list = demo_plant().checklist(from, to);
    REQUIRE_MESSAGE(list != nullptr, "no checklist " << from << " -> " << to);
    json checks = json::array();
    for (const ChecklistItem& item : list->items)
        checks.push_back({{"item", item.id}, {"pass", true}});
    return checks;
}

json EventFactory::make(const std::string& type, const std::string& serial,
                        const std::string& station, const std::string& stage,
                        const std::string& stamp, const json& extra) {
    last_ms_ = std::max(clock_.now().ms, last_ms_ + 1);
    json e{{"v", 1},
           {"id", new_id()},
           {"type", type},
           {"serial", serial},
           {"sheet_version", 1},
           {"station", station},
           {"stage", stage},
           {"stamp", stamp},
           {"terminal_time", format_utc(Timestamp{last_ms_})}};
    for (const auto& item : extra.items()) e[item.key()] = item.value();
    return e;
}

json EventFactory::sign_off(const std::string& serial, const std::string& stage,
                            const std::string& stamp) {
    return make("stage_signed_off", serial, station_for(stage), stage, stamp);
}

json EventFactory::accept(const std::string& serial, const std::string& product,
                          const std::string& stage, const std::string& stamp) {
    const ProductType* p = demo_plant().product(product);
    REQUIRE(p != nullptr);
    const int i = route_index(*p, stage);
    REQUIRE(i > 0);
    const std::string& prev = p->route[static_cast<std::size_t>(i - 1)];
    return make("stage_accepted", serial, station_for(stage), stage, stamp,
                {{"checks", all_checks(prev, stage)}});
}

CommandResult server_command(std::vector<std::string> args) {
    args.insert(args.begin(), STAMPLINE_SERVER_BIN);
    return run_command(args);
}

CommandResult admin_command(std::vector<std::string> args) {
    args.insert(args.begin(), STAMPLINE_CLI_BIN);
    return run_command(args);
}

TerminalOutboxes tz_sign_off_outboxes(TestServer& s, int terminals, int units,
                                      const std::string& serial_prefix) {
    s.stamp("777", {"TZ"});
    TerminalOutboxes out;
    out.outboxes.resize(static_cast<std::size_t>(terminals));
    for (int t = 0; t < terminals; ++t) {
        out.tokens.push_back(s.token("terminal", station_for("TZ")));
        for (int u = 0; u < units; ++u) {
            const std::string serial = serial_prefix + std::to_string(t) + "U" + std::to_string(u);
            s.sheet(serial);
            out.outboxes[static_cast<std::size_t>(t)].push_back(
                s.events().sign_off(serial, "TZ", "777"));
        }
    }
    return out;
}

PlantTls plant_tls(const std::string& dir, const std::vector<std::string>& hosts) {
    std::vector<std::string> args{"tls", "init", "--out", dir};
    for (const std::string& h : hosts) args.insert(args.end(), {"--host", h});
    const CommandResult made = admin_command(args);
    REQUIRE_MESSAGE(made.exit_code == 0, made.err);
    return {dir + "/plant-ca.crt", dir + "/plant-ca.key", dir + "/server.crt", dir + "/server.key"};
}

TestServer::TestServer(const PlantTls& tls, std::vector<std::string> extra_args)
    : TestServer(
          [&] {
              std::vector<std::string> args = tls.serve_flags();
              args.insert(args.end(), extra_args.begin(), extra_args.end());
              return args;
          }(),
          tls.ca) {}

TestServer::TestServer(std::vector<std::string> extra_args)
    : TestServer(std::move(extra_args), "") {}

TestServer::TestServer(std::vector<std::string> extra_args, const std::string& ca_file)
    : record_(std::make_unique<TestRecord>(dir_, "stampline.db")),
      db_path_(dir_.file("stampline.db")),
      serve_args_(std::move(extra_args)),
      ca_file_(ca_file) {
    admin_token_ = record_->init();
    server_ = std::make_unique<ServerProcess>(dir_.path(), serve_args());
    api_ = std::make_unique<ApiClient>(server_->port(), ca_file_);
}

TestServer::~TestServer() {
    api_.reset();
    server_.reset();
}

std::vector<std::string> TestServer::serve_args() const {
    std::vector<std::string> args{"--db", record_->locator(), "--plant", demo_plant_dir()};
    args.insert(args.end(), serve_args_.begin(), serve_args_.end());
    return args;
}

int TestServer::stop() {
    api_.reset();
    return server_->stop();
}

void TestServer::restart() {
    const int port = server_->port();
    server_.reset();
    server_ = std::make_unique<ServerProcess>(dir_.path(), serve_args(), port);
    api_ = std::make_unique<ApiClient>(server_->port(), ca_file_);
}

void TestServer::restart_with(std::vector<std::string> extra_args) {
    serve_args_ = std::move(extra_args);
    restart();
}

void TestServer::restart_at(const std::string& utc) {
    const int port = server_->port();
    server_.reset();
    server_ = std::make_unique<ServerProcess>(
        dir_.path(), serve_args(), port,
        // libfaketime preloaded by env, which execs the server: SIGTERM reaches the server
        // itself (the faketime wrapper would be a parent the signal stops instead).
        // Without FAKETIME_SHARED: under a faked clock of the whole suite (.ci/test) the server
        // would otherwise count its "@" start from that faketime's start, minutes earlier.
        std::vector<std::string>{"/usr/bin/env", "-u", "FAKETIME_SHARED", "TZ=UTC",
                                 "LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1",
                                 "FAKETIME=@" + utc});
    api_ = std::make_unique<ApiClient>(server_->port(), ca_file_);
}

json TestServer::new_token(const std::string& role, const std::string& station) {
    json body{{"role", role}, {"label", "test " + role}};
    if (!station.empty()) body["station"] = station;
    Reply r = api().post("/api/v1/tokens", body, admin_token_);
    REQUIRE_MESSAGE(r.status == 201, r.body);
    return r.json;
}

void TestServer::stamp(const std::string& id, const std::vector<std::string>& stages,
                       const std::string& attestation_due, const std::string& holder) {
    json body{{"id", id},
              {"holder", holder.empty() ? "Holder of " + id : holder},
              {"stages", stages},
              {"attestation_due", attestation_due}};
    Reply r = api().post("/api/v1/stamps", body, admin_token_);
    REQUIRE_MESSAGE(r.status == 201, r.body);
}

json TestServer::sheet(const std::string& serial, const std::string& product,
                       const std::string& order) {
    Reply r =
        api().post("/api/v1/sheets",
                   {{"serial", serial}, {"product_type", product}, {"order", order}}, admin_token_);
    REQUIRE_MESSAGE(r.status == 201, r.body);
    return r.json;
}

Reply TestServer::post_events(const std::string& token, const json& events) {
    return api().post("/api/v1/events", {{"v", 1}, {"events", events}}, token);
}

json TestServer::post_one(const std::string& token, const json& event) {
    Reply r = post_events(token, json::array({event}));
    REQUIRE_MESSAGE(r.status == 200, r.body);
    REQUIRE(r.json["results"].size() == 1);
    return r.json["results"][0];
}

void TestServer::ensure_walker_stamp() {
    if (walker_stamp_) return;
    std::vector<std::string> stages;
    for (const Stage& s : demo_plant().stages) stages.push_back(s.code);
    stamp("ALL", stages, "2099-12-31", "Мастер Универсал");
    walker_stamp_ = true;
}

void TestServer::walk(const std::string& serial, const std::string& product,
                      const std::string& until) {
    ensure_walker_stamp();
    const ProductType* p = demo_plant().product(product);
    REQUIRE(p != nullptr);
    json batch = json::array();
    for (std::size_t i = 0; i < p->route.size() && p->route[i] != until; ++i) {
        if (i > 0) batch.push_back(events_.accept(serial, product, p->route[i], "ALL"));
        batch.push_back(events_.sign_off(serial, p->route[i], "ALL"));
    }
    if (batch.empty()) return;
    Reply r = post_events(admin_token_, batch);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    for (const json& result : r.json["results"])
        REQUIRE_MESSAGE(result["status"] == "accepted", result.dump());
}

void TestServer::walk_signed_at(const std::string& serial, const std::string& product,
                                const std::string& stage, const std::string& stamp) {
    walk(serial, product, stage);
    Reply known = api().get("/api/v1/stamps", admin_token_);
    bool issued = false;
    for (const json& st : known.json["stamps"]) issued = issued || st["id"] == stamp;
    if (!issued) this->stamp(stamp, {stage});
    const std::vector<std::string>& route = demo_plant().product(product)->route;
    json batch = json::array();
    for (std::size_t i = route_index(*demo_plant().product(product), stage); i < route.size();
         ++i) {
        const std::string& signer = route[i] == stage ? stamp : "ALL";
        if (i > 0) batch.push_back(events_.accept(serial, product, route[i], signer));
        batch.push_back(events_.sign_off(serial, route[i], signer));
    }
    Reply r = post_events(admin_token_, batch);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    for (const json& result : r.json["results"])
        REQUIRE_MESSAGE(result["status"] == "accepted", result.dump());
    events_.catch_up();
}

void EventFactory::catch_up() {
    while (clock_.now().ms <= last_ms_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

json TestServer::quarantine() {
    Reply r = api().get("/api/v1/quarantine", admin_token_);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    return r.json["entries"];
}

json TestServer::quarantine_entry(const std::string& id) {
    for (const json& e : quarantine())
        if (e["id"] == id) return e;
    return nullptr;
}

json TestServer::health() {
    Reply r = api().get("/healthz");
    REQUIRE_MESSAGE(r.status == 200, r.body);
    return r.json;
}

void sql(const std::string& db_path, const std::string& statement) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

CommandResult TestServer::verify() {
    return record_->verify();
}

}  // namespace stampline::itest
