// The stores the store contract runs on (the "store: ..." cases): the in-memory fake and SQLite
// by default; PostgreSQL alone when the environment says STAMPLINE_TEST_STORE=postgresql. CTest
// registers the "store: ..." cases a second time that way ("postgresql: store: ..."), each case
// on a fresh database of the test cluster (tests/pg/).
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "pg/pg_test_database.h"
#include "server/store/store.h"

namespace stampline::test {

enum class Backend { Memory, Sqlite, Postgresql };
const char* backend_name(Backend backend);  // "memory store" | "sqlite store" | ...

// The backends of this run: {Memory, Sqlite}, or {Postgresql}.
std::vector<Backend> backends_under_test();

// A fresh, empty store and the place its data lives in (a temp dir, a test database), which
// outlives every handle opened on it.
class TestStore {
public:
    explicit TestStore(Backend backend);
    ~TestStore();
    TestStore(const TestStore&) = delete;
    TestStore& operator=(const TestStore&) = delete;

    Backend backend() const { return backend_; }
    // Whether the data outlives its handles (every backend but the memory store).
    bool durable() const { return backend_ != Backend::Memory; }
    server::Store& store() { return *store_; }
    // Closes the handle and opens the data again: a restart.
    void reopen();
    // Another handle on the same data while the first stays open: a second server process, or
    // the admin CLI while the server runs.
    std::unique_ptr<server::Store> another_handle();

private:
    struct Home;
    std::unique_ptr<server::Store> open() const;

    Backend backend_;
    std::unique_ptr<Home> home_;
    std::unique_ptr<server::Store> store_;
};

// For a case only PostgreSQL can run ("postgresql store: ..."): true when this run is on
// PostgreSQL; otherwise it prints the line CTest reports as skipped and the case stops.
bool on_postgresql();

// A database of its own on the run's test cluster (tests/pg/).
pgtest::PgTestDatabase fresh_database();

// Runs body(Store&) on a fresh store of each backend under test, one subcase each.
template <typename Body>
void on_each_store(Body body) {
    for (Backend backend : backends_under_test()) {
        SUBCASE(backend_name(backend)) {
            TestStore test_store(backend);
            body(test_store.store());
        }
    }
}

// Runs body(TestStore&) on a fresh store of each durable backend under test.
template <typename Body>
void on_each_durable_store(Body body) {
    for (Backend backend : backends_under_test()) {
        if (backend == Backend::Memory) continue;
        SUBCASE(backend_name(backend)) {
            TestStore test_store(backend);
            body(test_store);
        }
    }
}

}  // namespace stampline::test
