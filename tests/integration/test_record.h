// The record a test's server keeps: a SQLite file in the test's temp dir, or, when this binary
// runs a case as "postgresql: ..." (STAMPLINE_TEST_STORE=postgresql, tests/pg/), a PostgreSQL
// database of its own on the run's test cluster. Tests name it to the server with --db.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "integration/server_process.h"

namespace stampline::pgtest {
class PgTestDatabase;
}

namespace stampline::itest {

// Whether this run keeps records in PostgreSQL (STAMPLINE_TEST_STORE=postgresql).
bool testing_postgresql();
// For a case only PostgreSQL can run: true, after printing the line CTest reports as skipped
// (pgtest::kSkipLine), when this run keeps its records elsewhere; the case then stops.
bool skip_unless_postgresql();

class TestRecord {
public:
    // file: the SQLite file's name in dir (unused with PostgreSQL).
    TestRecord(const TempDir& dir, const std::string& file);
    ~TestRecord();
    TestRecord(const TestRecord&) = delete;
    TestRecord& operator=(const TestRecord&) = delete;

    bool postgresql() const { return database_ != nullptr; }
    // What --db takes: the file's path, or postgresql:CONNINFO.
    const std::string& locator() const { return locator_; }
    // `stampline-server init --db locator() --plant <demo>`; returns the first admin token.
    std::string init() const;
    // `stampline-server verify --db locator()` (and the demo plant's code with PostgreSQL).
    CommandResult verify() const;

private:
    std::unique_ptr<pgtest::PgTestDatabase> database_;
    std::string locator_;
};

}  // namespace stampline::itest
