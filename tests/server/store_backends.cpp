#include "store_backends.h"

#include <stdlib.h>

#include <iostream>
#include <optional>
#include <string_view>

#include "pg/pg_test_database.h"
#include "server/store/memory_store.h"
#include "server/store/pg/pg_store.h"
#include "sqlite_fixture.h"

namespace stampline::test {

struct TestStore::Home {
    std::optional<TempDir> dir;                      // SQLite: the database file's directory
    std::optional<pgtest::PgTestDatabase> database;  // PostgreSQL: a database of its own
};

const char* backend_name(Backend backend) {
    switch (backend) {
        case Backend::Memory: return "memory store";
        case Backend::Sqlite: return "sqlite store";
        case Backend::Postgresql: return "postgresql store";
    }
    return "?";
}

std::vector<Backend> backends_under_test() {
    const char* chosen = getenv("STAMPLINE_TEST_STORE");
    if (chosen != nullptr && std::string_view(chosen) == "postgresql") {
        if (pgtest::skip_without_pg_test_cluster()) return {};  // reported as skipped
        return {Backend::Postgresql};
    }
    return {Backend::Memory, Backend::Sqlite};
}

bool on_postgresql() {
    const std::vector<Backend> backends = backends_under_test();
    if (backends.size() == 1 && backends[0] == Backend::Postgresql) return true;
    if (backends.empty()) return false;  // the skip line is printed already
    std::cout << pgtest::kSkipLine << std::endl;
    return false;
}

pgtest::PgTestDatabase fresh_database() {
    Result<pgtest::PgTestDatabase> db = pgtest::PgTestDatabase::create();
    REQUIRE_MESSAGE(db.has_value(), db.status().to_string());
    return std::move(db).value();
}

TestStore::TestStore(Backend backend) : backend_(backend), home_(std::make_unique<Home>()) {
    if (backend == Backend::Sqlite) home_->dir.emplace();
    if (backend == Backend::Postgresql) {
        Result<pgtest::PgTestDatabase> database = pgtest::PgTestDatabase::create();
        REQUIRE_MESSAGE(database.has_value(), database.status().to_string());
        home_->database.emplace(std::move(database).value());
    }
    store_ = open();
}

TestStore::~TestStore() {
    store_.reset();  // every handle closes before its data goes
}

void TestStore::reopen() {
    REQUIRE_MESSAGE(durable(), "the memory store cannot be opened again");
    store_.reset();
    store_ = open();
}

std::unique_ptr<server::Store> TestStore::another_handle() {
    REQUIRE_MESSAGE(durable(), "the memory store has one handle only");
    return open();
}

std::unique_ptr<server::Store> TestStore::open() const {
    switch (backend_) {
        case Backend::Memory: return server::make_memory_store();
        case Backend::Sqlite: return open_store(home_->dir->file("stampline.db"));
        case Backend::Postgresql: {
            Result<std::unique_ptr<server::Store>> store =
                server::open_pg_store({.conninfo = home_->database->conninfo(),
                                       .password = "",
                                       .plant = "TEST",
                                       .create_if_missing = true});
            REQUIRE_MESSAGE(store.has_value(), store.status().to_string());
            return std::move(store).value();
        }
    }
    FAIL("no such backend");
    return nullptr;
}

}  // namespace stampline::test
