#include "integration/db_digest.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <vector>

#include "shared/sha256.h"

namespace stampline::itest {

namespace {

std::vector<std::string> table_names(sqlite3* db) {
    std::vector<std::string> names;
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db,
                               "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT "
                               "LIKE 'sqlite_%' ORDER BY name",
                               -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
        names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    return names;
}

}  // namespace

DbSnapshot snapshot_db(const std::string& path) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    DbSnapshot snap;
    std::string all;
    for (const std::string& table : table_names(db)) {
        sqlite3_stmt* st = nullptr;
        const std::string sql = "SELECT * FROM \"" + table + "\" ORDER BY 1";
        REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
        long rows = 0;
        all += "table " + table + "\n";
        while (sqlite3_step(st) == SQLITE_ROW) {
            ++rows;
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                const int type = sqlite3_column_type(st, c);
                const auto* bytes = static_cast<const char*>(sqlite3_column_blob(st, c));
                const int n = sqlite3_column_bytes(st, c);
                all += std::to_string(type) + ":" + std::to_string(n) + ":";
                if (bytes) all.append(bytes, static_cast<std::size_t>(n));
                all += '\x1f';
            }
            all += '\n';
        }
        sqlite3_finalize(st);
        snap.rows[table] = rows;
    }
    sqlite3_close(db);
    snap.digest = sha256_hex(all);
    return snap;
}

}  // namespace stampline::itest
