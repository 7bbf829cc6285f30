// Upgrades: the database each earlier schema version left (tests/data/schema/, written by
// tests/schema_fixtures/make_schema_fixtures.cpp) migrates to this version, verifies, keeps what
// it held and takes new acts; a database from a newer version is refused and left unchanged.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "integration/test_server.h"
#include "server/store/sqlite_store.h"
#include "shared/sha256.h"

namespace stampline::itest {

namespace {

namespace fs = std::filesystem;

std::string fixture_token() {
    std::string token = read_file(STAMPLINE_TEST_DATA "/schema/admin-token.txt");
    return token.substr(0, token.find('\n'));
}

}  // namespace

TEST_CASE(
    "a database of each earlier schema version migrates, verifies, keeps its record and "
    "takes new acts") {
    for (int version = 1; version < server::kSqliteSchemaVersion; ++version) {
        CAPTURE(version);
        TempDir dir;
        const std::string db = dir.file("plant.db");
        fs::copy_file(STAMPLINE_TEST_DATA "/schema/v" + std::to_string(version) + ".db", db);

        const std::string digest = sha256_hex(read_file(db));
        const CommandResult before = server_command({"verify", "--db", db});
        REQUIRE_MESSAGE(before.exit_code == 0, before.err);
        CHECK(sha256_hex(read_file(db)) == digest);  // verify reads; it never migrates
        const CommandResult migrated = server_command({"migrate", "--db", db});
        REQUIRE_MESSAGE(migrated.exit_code == 0, migrated.err);
        CHECK(migrated.out.find("is at schema version " +
                                std::to_string(server::kSqliteSchemaVersion)) != std::string::npos);
        const CommandResult verified = server_command({"verify", "--db", db});
        CHECK(verified.exit_code == 0);
        CHECK(verified.out == before.out);
        CHECK(verified.out.starts_with("chain intact: 6 events, head 6:"));

        ServerProcess p(dir.path(), {"--db", db, "--plant", demo_plant_dir()});
        {
            ApiClient api(p.port());
            const std::string admin = fixture_token();
            const Reply trail = api.get("/api/v1/units/M1/trail", admin);
            REQUIRE_MESSAGE(trail.status == 200, trail.body);
            CHECK(trail.json["events"].size() == 4);
            CHECK(trail.json["current_stage"] == "INCOMING");
            CHECK(api.get("/api/v1/quarantine", admin).json["entries"].size() == 1);
            // What a version had kept is there; what it had no table for starts empty.
            const Reply actions = api.get("/api/v1/corrective-actions", admin);
            REQUIRE(actions.status == 200);
            CHECK(actions.json["actions"].size() == (version >= 2 ? 1u : 0u));
            const Reply audits = api.get("/api/v1/audits?serial=M1", admin);
            REQUIRE(audits.status == 200);
            CHECK(audits.json["audits"].size() == (version >= 3 ? 1u : 0u));
            const Reply complaints = api.get("/api/v1/complaints", admin);
            REQUIRE(complaints.status == 200);
            CHECK(complaints.json["complaints"].size() == (version >= 5 ? 1u : 0u));

            // The chain goes on from the migrated head.
            const Reply sheet =
                api.post("/api/v1/sheets",
                         {{"serial", "M3"}, {"product_type", "SHU"}, {"order", "Z26003"}}, admin);
            CHECK_MESSAGE(sheet.status == 201, sheet.body);
        }  // the client closes its keep-alive connection: the stop need not wait for it
        CHECK(p.stop() == 0);
        CHECK(server_command({"verify", "--db", db}).out.starts_with("chain intact: 7 events"));
    }
}

TEST_CASE(
    "a backup of an older database stays at its schema version, so the older stampline can "
    "restore it after a failed upgrade, and this one migrates it when it starts") {
    const int version = server::kSqliteSchemaVersion - 1;
    TempDir dir;
    const std::string db = dir.file("plant.db");
    fs::copy_file(STAMPLINE_TEST_DATA "/schema/v" + std::to_string(version) + ".db", db);
    const std::string digest = sha256_hex(read_file(db));

    const CommandResult backup =
        admin_command({"backup", "--db", db, "--out", dir.file("backups")});
    REQUIRE_MESSAGE(backup.exit_code == 0, backup.err);
    CHECK(sha256_hex(read_file(db)) == digest);
    std::string copy;
    for (const auto& e : fs::directory_iterator(dir.file("backups")))
        if (e.path().extension() == ".db") copy = e.path().string();
    REQUIRE(!copy.empty());
    const json manifest =
        json::parse(read_file(fs::path(copy).replace_extension(".manifest.json").string()));
    CHECK(manifest["schema_version"] == version);
    CHECK(manifest["events"] == 6);

    const std::string restored = dir.file("restored.db");
    const CommandResult restore = admin_command({"restore", "--backup", copy, "--db", restored});
    REQUIRE_MESSAGE(restore.exit_code == 0, restore.err);
    CHECK(sha256_hex(read_file(restored)) == sha256_hex(read_file(copy)));
    const CommandResult migrated = server_command({"migrate", "--db", restored});
    CHECK(migrated.out.find("is at schema version " +
                            std::to_string(server::kSqliteSchemaVersion)) != std::string::npos);
    CHECK(server_command({"verify", "--db", restored}).out.starts_with("chain intact: 6 events"));
}

TEST_CASE(
    "a database from a newer schema version is refused with a clear message and left "
    "unchanged") {
    TempDir dir;
    const std::string db = dir.file("plant.db");
    fs::copy_file(STAMPLINE_TEST_DATA "/schema/v1.db", db);
    REQUIRE(server_command({"migrate", "--db", db}).exit_code == 0);
    // As a later Stampline would leave it.
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    const int newer = server::kSqliteSchemaVersion + 1;
    REQUIRE(sqlite3_exec(handle, ("PRAGMA user_version = " + std::to_string(newer)).c_str(),
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(handle);
    const std::string digest = sha256_hex(read_file(db));
    for (const char* command : {"migrate", "verify"}) {
        const CommandResult r = server_command({command, "--db", db});
        CHECK(r.exit_code == 2);
        CHECK_MESSAGE(r.err.find("has schema version " + std::to_string(newer) +
                                 "; this stampline knows up to " +
                                 std::to_string(server::kSqliteSchemaVersion) +
                                 ": upgrade stampline") != std::string::npos,
                      r.err);
    }
    CHECK(sha256_hex(read_file(db)) == digest);
}

}  // namespace stampline::itest
