// A PostgreSQL database of its own for one test, in the cluster that the CTest run started
// (pg_test_cluster, fixture `postgresql`; tests/pg/CMakeLists.txt registers cases against it).
// Test binaries link stampline_pg_testing; libpq stays inside the .cpp.
#pragma once

#include <string>

#include "shared/status.h"

namespace stampline::pgtest {

// The environment variable that names the cluster's conninfo file (pg_test_cluster's
// STATE_DIR/conninfo). CTest sets it for the postgresql tests.
inline constexpr const char* kClusterFileVariable = "STAMPLINE_PG_TEST_CLUSTER";

// The line a case prints when it skips for want of a cluster; CTest reports such a case as
// skipped (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt and tests/pg/CMakeLists.txt).
inline constexpr const char* kSkipLine = "postgresql: no test cluster here, skipped";

// Whether STAMPLINE_PG_TEST_CLUSTER is set and names an existing file.
bool pg_test_cluster_configured();

// True when a PostgreSQL case cannot run here and should return at once: no cluster is
// configured (PostgreSQL is not installed) and STAMPLINE_REQUIRE_POSTGRESQL is not 1. Prints
// kSkipLine to stdout when true. With STAMPLINE_REQUIRE_POSTGRESQL=1 it is false, so the case
// goes on and fails on PgTestDatabase::create()'s error.
bool skip_without_pg_test_cluster();

// A database `stl_<pid>_<n>`, unique among the processes of one run, dropped on destruction.
// Not thread-safe; movable, not copyable.
class PgTestDatabase {
public:
    // Creates the database in the cluster whose conninfo file STAMPLINE_PG_TEST_CLUSTER names.
    // NotFound when the variable is unset or the file is missing or empty (the message says how
    // a cluster is started), InvalidArgument when the file holds no conninfo, Unavailable when
    // the cluster cannot be reached or refuses the database (with libpq's message).
    static Result<PgTestDatabase> create();
    // The same in the cluster of the given conninfo file.
    static Result<PgTestDatabase> create_in(const std::string& cluster_file);

    // drop(); a failure is written to stderr.
    ~PgTestDatabase();
    PgTestDatabase(PgTestDatabase&& other) noexcept;
    PgTestDatabase& operator=(PgTestDatabase&& other) noexcept;
    PgTestDatabase(const PgTestDatabase&) = delete;
    PgTestDatabase& operator=(const PgTestDatabase&) = delete;

    // The database's name; "" once dropped or moved from.
    const std::string& name() const { return name_; }
    // The cluster's conninfo with dbname=name(), for the code under test.
    const std::string& conninfo() const { return conninfo_; }

    // DROP DATABASE ... WITH (FORCE): connections still open to it are ended. Afterwards name()
    // is "" and the destructor does nothing. Unavailable with libpq's message on failure.
    Status drop();

private:
    PgTestDatabase(std::string cluster_conninfo, std::string name, std::string conninfo);

    std::string cluster_conninfo_;  // the file's, database `postgres`: where CREATE and DROP run
    std::string name_;
    std::string conninfo_;
};

}  // namespace stampline::pgtest
