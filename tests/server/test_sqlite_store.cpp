// What only the SQLite store has (the contract of every store is test_store_contract.cpp): WAL
// mode and schema versions, tamper detection through raw SQL on the file, foreign files.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "server/store/sqlite_rows.h"
#include "server/store/sqlite_store.h"
#include "shared/canonical_event.h"
#include "shared/hash_chain.h"
#include "sqlite_fixture.h"
#include "store_test_events.h"

using namespace stampline;
using namespace stampline::server;
using namespace stampline::test;

namespace {

// ---- raw SQLite access, to play the part of someone editing the file behind our back ----

void raw_exec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            nullptr) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, sql << ": " << message);
}

// Runs sql (one statement, no parameters) and returns the first column of every row as text.
std::vector<std::string> raw_query(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    std::vector<std::string> out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(st, 0);
        out.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

// Sets the canonical text of event `seq` and, if rechain, recomputes every hash from seq on, so
// that the chain holds over the altered text (what a careful forger would do).
void raw_set_canonical(const std::string& path, std::int64_t seq, const std::string& canonical,
                       bool rechain) {
    raw_exec(path, "DROP TRIGGER IF EXISTS events_no_update");
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "UPDATE events SET canonical = ?2 WHERE seq = ?1", -1, &st,
                               nullptr) == SQLITE_OK);
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_text(st, 2, canonical.data(), static_cast<int>(canonical.size()),
                      SQLITE_TRANSIENT);
    CHECK(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
    if (rechain) {
        std::vector<std::pair<std::int64_t, std::string>> rows;
        REQUIRE(sqlite3_prepare_v2(db, "SELECT seq, canonical FROM events ORDER BY seq", -1, &st,
                                   nullptr) == SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            rows.emplace_back(sqlite3_column_int64(st, 0),
                              reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
        }
        sqlite3_finalize(st);
        REQUIRE(sqlite3_prepare_v2(db, "UPDATE events SET hash = ?2 WHERE seq = ?1", -1, &st,
                                   nullptr) == SQLITE_OK);
        std::string previous;
        for (const auto& [row_seq, text] : rows) {
            previous = chain_hash(previous, text);
            sqlite3_bind_int64(st, 1, row_seq);
            sqlite3_bind_text(st, 2, previous.c_str(), -1, SQLITE_TRANSIENT);
            CHECK(sqlite3_step(st) == SQLITE_DONE);
            sqlite3_reset(st);
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
}

// A closed database with the five events of append_five_events.
std::vector<Event> make_five_event_db(const std::string& path, Events& events) {
    return append_five_events(*open_store(path), events);
}

}  // namespace

TEST_CASE("sqlite store: the database is in WAL mode at the current schema version") {
    TempDir dir;
    const std::string path = dir.file("stampline.db");
    open_store(path);
    CHECK(raw_query(path, "PRAGMA journal_mode") == std::vector<std::string>{"wal"});
    CHECK(raw_query(path, "PRAGMA user_version") ==
          std::vector<std::string>{std::to_string(kSqliteSchemaVersion)});
    // A trail is the unit found by its serial, its facts' range (already in seq order: no sort,
    // no table scan) and each event by its seq.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, (std::string("EXPLAIN QUERY PLAN ") + sqlite::kTrailSql).c_str(),
                               -1, &st, nullptr) == SQLITE_OK);
    std::string details;
    while (sqlite3_step(st) == SQLITE_ROW) {
        details += reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
        details += "\n";
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    CHECK_MESSAGE(
        details.find("SEARCH u USING COVERING INDEX sqlite_autoindex_units_1 (serial=?)") !=
            std::string::npos,
        details);
    CHECK_MESSAGE(details.find("SEARCH f USING PRIMARY KEY (unit=?)") != std::string::npos,
                  details);
    CHECK_MESSAGE(details.find("SEARCH e USING INTEGER PRIMARY KEY (rowid=?)") != std::string::npos,
                  details);
    CHECK_MESSAGE(details.find("SCAN") == std::string::npos, details);
    CHECK_MESSAGE(details.find("TEMP B-TREE") == std::string::npos, details);
    // The index of the events by serial went with schema 8: the facts find a unit's events.
    CHECK(raw_query(path, "SELECT count(*) FROM sqlite_master WHERE name = 'events_by_serial'") ==
          std::vector<std::string>{"0"});
}

TEST_CASE("sqlite store: the event log and its facts refuse updates and deletes made through SQL") {
    TempDir dir;
    const std::string path = dir.file("stampline.db");
    Events ev;
    make_five_event_db(path, ev);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "UPDATE events SET serial = 'X' WHERE seq = 1", nullptr, nullptr,
                       nullptr) == SQLITE_CONSTRAINT);
    CHECK(sqlite3_exec(db, "DELETE FROM events", nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
    // The facts the analyses read are as guarded as the log they come from.
    CHECK(sqlite3_exec(db, "UPDATE facts SET code = 'X' WHERE seq = 1", nullptr, nullptr,
                       nullptr) == SQLITE_CONSTRAINT);
    CHECK(sqlite3_exec(db, "DELETE FROM facts", nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
    sqlite3_close(db);
    CHECK(open_store(path)->counts()->events == 5);
    CHECK(raw_query(path, "SELECT count(*) FROM facts") == std::vector<std::string>{"5"});
}

TEST_CASE("sqlite store: verify_chain reports the seq of a row whose canonical text was altered") {
    TempDir dir;
    const std::string path = dir.file("stampline.db");
    Events ev;
    make_five_event_db(path, ev);
    const std::string original =
        raw_query(path, "SELECT canonical FROM events WHERE seq = 3").at(0);
    std::string altered = original;
    const auto at = altered.find("MACHINING");
    REQUIRE(at != std::string::npos);
    altered.replace(at, 9, "ASSEMBLY");
    raw_set_canonical(path, 3, altered, /*rechain=*/false);

    auto store = open_store(path);
    Result<std::optional<ChainBreak>> result = store->verify_chain();
    REQUIRE(result);
    REQUIRE(result->has_value());
    const ChainBreak& b = **result;
    CHECK(b.index == 2);  // seq 3
    const std::string hash2 = raw_query(path, "SELECT hash FROM events WHERE seq = 2").at(0);
    CHECK(b.expected == chain_hash(hash2, altered));
    CHECK(b.found == chain_hash(hash2, original));
}

TEST_CASE("sqlite store: verify_chain reports the seq of a row whose hash was altered") {
    TempDir dir;
    const std::string path = dir.file("stampline.db");
    Events ev;
    make_five_event_db(path, ev);
    raw_exec(path, "DROP TRIGGER events_no_update; UPDATE events SET hash = '" +
                       std::string(64, 'a') + "' WHERE seq = 4");

    Result<std::optional<ChainBreak>> result = open_store(path)->verify_chain();
    REQUIRE(result);
    REQUIRE(result->has_value());
    CHECK((*result)->index == 3);  // seq 4
    CHECK((*result)->found == std::string(64, 'a'));
}

TEST_CASE("sqlite store: verify_chain reports a re-chained row whose text no longer parses") {
    TempDir dir;
    const std::string path = dir.file("stampline.db");
    Events ev;
    make_five_event_db(path, ev);
    raw_set_canonical(path, 2, R"({"v":1,"type":"forged"})", /*rechain=*/true);

    Result<std::optional<ChainBreak>> result = open_store(path)->verify_chain();
    REQUIRE_FALSE(result);
    CHECK(result.error().code() == Code::Corruption);
    CHECK(result.error().message().find("event seq 2") != std::string::npos);
    CHECK(result.error().message().find(path) != std::string::npos);
}

TEST_CASE(
    "sqlite store: verify_chain reports a row moved to another trail by its serial "
    "column") {
    TempDir dir;
    const std::string path = dir.file("stampline.db");
    Events ev;
    make_five_event_db(path, ev);
    raw_exec(path,
             "DROP TRIGGER events_no_update; UPDATE events SET serial = 'KSO-2' "
             "WHERE seq = 3");

    Result<std::optional<ChainBreak>> result = open_store(path)->verify_chain();
    REQUIRE_FALSE(result);
    CHECK(result.error().code() == Code::Corruption);
    CHECK(result.error().message().find("event seq 3: column serial") != std::string::npos);
}

TEST_CASE(
    "sqlite store: a database with a newer schema version is refused with an upgrade "
    "message") {
    TempDir dir;
    const std::string path = dir.file("stampline.db");
    open_store(path);
    raw_exec(path, "PRAGMA user_version = 99");

    Result<std::unique_ptr<Store>> store = open_sqlite_store({.path = path});
    REQUIRE_FALSE(store);
    CHECK(store.error().code() == Code::InvalidArgument);
    CHECK(store.error().message() ==
          "database " + path + " has schema version 99; this stampline knows up to " +
              std::to_string(kSqliteSchemaVersion) + ": upgrade stampline");
}

TEST_CASE("sqlite store: a file that is not a SQLite database is refused naming the path") {
    TempDir dir;
    const std::string path = dir.file("plant.toml");
    {
        std::ofstream out(path);
        for (int i = 0; i < 100; ++i) out << "[stations.ST-ASM-" << i << "]\nname = \"x\"\n";
    }
    Result<std::unique_ptr<Store>> store = open_sqlite_store({.path = path});
    REQUIRE_FALSE(store);
    CHECK(store.error().code() == Code::Corruption);
    CHECK(store.error().message().find(path) != std::string::npos);
    CHECK(store.error().message().find("not a SQLite database") != std::string::npos);
}

TEST_CASE("sqlite store: another application's SQLite database is refused, not altered") {
    TempDir dir;
    const std::string path = dir.file("other.db");
    raw_exec(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");

    Result<std::unique_ptr<Store>> store = open_sqlite_store({.path = path});
    REQUIRE_FALSE(store);
    CHECK(store.error().code() == Code::Corruption);
    CHECK(store.error().message().find(path) != std::string::npos);
    CHECK(store.error().message().find("not a stampline database") != std::string::npos);
    CHECK(raw_query(path, "SELECT name FROM sqlite_schema") ==
          std::vector<std::string>{"customers"});
}

TEST_CASE("sqlite store: a missing file is NotFound when it may not be created") {
    TempDir dir;
    const std::string path = dir.file("missing.db");
    Result<std::unique_ptr<Store>> store =
        open_sqlite_store({.path = path, .create_if_missing = false});
    REQUIRE_FALSE(store);
    CHECK(store.error().code() == Code::NotFound);
    CHECK(store.error().message().find(path) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(path));
}
