// Writes tests/data/schema/v1.db .. v7.db: a database as each earlier schema version left it,
// for the migration tests (tests/integration/migration_test.cpp). Not part of the suite; run it
// by hand when a migration is added, and commit what it writes:
//
//   cmake --build build --target make_schema_fixtures && build/tests/make_schema_fixtures
//
// How: the real server records a small plant history through its API (sheets, a walked route,
// a refused act in the quarantine, a stamp, tokens, a corrective action, a procedure audit, an
// id conflict, a complaint). Every migration so far only adds tables and triggers and drops
// indexes (never edit a shipped one, see server/store/sqlite_schema.cpp), so version N's
// database is that file with migrations N+1.. undone (kUndoMigration) and user_version N:
// exactly the tables, indexes and triggers migrations 1..N create, with the rows the server
// wrote into them. Should a migration ever change a table, its earlier fixtures must come from a
// build of that version instead.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "integration/test_server.h"

using namespace stampline::itest;

namespace {

// What undoes each migration (sqlite_schema.cpp): the tables it adds dropped (their indexes and
// triggers go with them), the triggers it adds to earlier tables dropped, the indexes it drops
// made again. Run from the last migration down.
const std::vector<std::string> kUndoMigration = {
    "",  // 1: events, quarantine, stamps, tokens
    "DROP TABLE corrective_action_log",
    "DROP TABLE procedure_audit",
    "DROP TABLE id_conflicts",
    "DROP TABLE complaint_log",
    "DROP TABLE crm_deliveries",
    "DROP TABLE units; DROP TABLE facts",
    "DROP TABLE kept_figures; DROP TRIGGER facts_no_update; DROP TRIGGER facts_no_delete; "
    "CREATE INDEX events_by_serial ON events (serial, seq)",
};

void exec(sqlite3* db, const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    REQUIRE_MESSAGE(rc == SQLITE_OK, sql << ": " << message);
}

}  // namespace

TEST_CASE("write the schema fixtures") {
    const std::string out = STAMPLINE_TEST_DATA "/schema";
    TestServer s;
    s.sheet("M1", "SHU", "Z26001");
    s.walk("M1", "SHU", "INCOMING");
    s.sheet("M2", "KSO298", "Z26002");
    // A refused act: stamp 999 is not in the registry.
    REQUIRE(s.post_one(s.admin(), s.events().sign_off("M2", "TZ", "999"))["status"] == "refused");
    const std::string auditor = s.token("auditor");
    REQUIRE(s.api()
                .post("/api/v1/corrective-actions",
                      {{"title", "Torque check list at assembly"},
                       {"nc_codes", {"DOC-01"}},
                       {"stages", {"MACHINING"}},
                       {"owner_department", "Quality"},
                       {"due", "2099-12-15"},
                       {"review_month", "2026-11"}},
                      auditor)
                .status == 201);
    REQUIRE(s.api()
                .post("/api/v1/audits",
                      {{"serial", "M1"}, {"result", "finding"}, {"text", "TZ stamp smudged"}},
                      auditor)
                .status == 201);
    REQUIRE(s.api()
                .post("/api/v1/complaints",
                      {{"reason", "defect"},
                       {"product_type", "SHU"},
                       {"serials", {"M1"}},
                       {"lifecycle_stage", "operation"},
                       {"customer", {{"organisation", "Customer"}}},
                       {"channel", "letter"},
                       {"description", "Breaker does not close"}},
                      s.token("service"))
                .status == 201);
    json twice = s.events().sign_off("M2", "TZ", "ALL");
    REQUIRE(s.post_one(s.admin(), twice)["status"] == "accepted");
    twice["terminal_time"] = "2026-01-01T00:00:00.000Z";  // same id, other text: a conflict
    s.post_one(s.admin(), twice);
    REQUIRE(s.stop() == 0);

    std::filesystem::create_directories(out);
    std::ofstream(out + "/admin-token.txt") << s.admin() << "\n";
    for (std::size_t version = 1; version < kUndoMigration.size(); ++version) {
        const std::string path = out + "/v" + std::to_string(version) + ".db";
        std::filesystem::remove(path);
        std::filesystem::copy_file(s.db_path(), path);
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        for (std::size_t later = kUndoMigration.size() - 1; later >= version; --later)
            exec(db, kUndoMigration[later]);
        exec(db, "PRAGMA user_version = " + std::to_string(version));
        exec(db, "PRAGMA journal_mode = DELETE");
        exec(db, "VACUUM");
        sqlite3_close(db);
        MESSAGE("wrote " << path);
    }
}
