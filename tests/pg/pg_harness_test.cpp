// The harness against the cluster that CTest's fixture started: databases of their own that hold
// data, do not see each other and are gone afterwards; a clear error without a cluster; the
// cluster's settings. The checks talk to PostgreSQL through libpq directly, not the harness.
#include <doctest/doctest.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "pg/pg_test_database.h"

using stampline::Code;
using stampline::Result;
using stampline::pgtest::PgTestDatabase;

namespace {

struct PgConnCloser {
    void operator()(PGconn* conn) const { PQfinish(conn); }
};

// A libpq connection for the checks; every call fails the test on an error.
class Connection {
public:
    explicit Connection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
        REQUIRE_MESSAGE(PQstatus(conn_.get()) == CONNECTION_OK,
                        conninfo << ": " << PQerrorMessage(conn_.get()));
    }

    // The first column of the first row of sql's answer.
    std::string value(const std::string& sql) {
        PGresult* result = PQexec(conn_.get(), sql.c_str());
        const bool rows = PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0;
        const std::string text = rows ? PQgetvalue(result, 0, 0) : "";
        PQclear(result);
        REQUIRE_MESSAGE(rows, sql << ": " << PQerrorMessage(conn_.get()));
        return text;
    }

    // Whether sql runs without an error.
    bool run(const std::string& sql) {
        PGresult* result = PQexec(conn_.get(), sql.c_str());
        const ExecStatusType status = PQresultStatus(result);
        PQclear(result);
        return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    }

    void execute(const std::string& sql) {
        REQUIRE_MESSAGE(run(sql), sql << ": " << PQerrorMessage(conn_.get()));
    }

private:
    std::unique_ptr<PGconn, PgConnCloser> conn_;
};

// The conninfo of the cluster's database `postgres`, from the file the fixture wrote.
std::string cluster_conninfo() {
    std::ifstream in(std::getenv(stampline::pgtest::kClusterFileVariable));
    std::string line;
    std::getline(in, line);
    REQUIRE(!line.empty());
    return line;
}

std::string databases_named(const std::string& name) {
    return Connection(cluster_conninfo())
        .value("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'");
}

PgTestDatabase make_database() {
    Result<PgTestDatabase> made = PgTestDatabase::create();
    REQUIRE_MESSAGE(made, made.error().to_string());
    return std::move(made).value();
}

// Sets (or with nullptr unsets) an environment variable until the end of the scope.
class EnvironmentOverride {
public:
    EnvironmentOverride(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) {
            setenv(name, value, 1);
        } else {
            unsetenv(name);
        }
    }
    ~EnvironmentOverride() {
        if (old_) {
            setenv(name_.c_str(), old_->c_str(), 1);
        } else {
            unsetenv(name_.c_str());
        }
    }
    EnvironmentOverride(const EnvironmentOverride&) = delete;
    EnvironmentOverride& operator=(const EnvironmentOverride&) = delete;

private:
    std::string name_;
    std::optional<std::string> old_;
};

}  // namespace

TEST_CASE(
    "postgresql harness: a test database accepts a table and rows and is dropped at the end even "
    "with a connection open") {
    if (stampline::pgtest::skip_without_pg_test_cluster()) return;
    std::optional<Connection> left_open;
    std::string name;
    {
        PgTestDatabase made = make_database();
        name = made.name();
        CHECK(name.rfind("stl_" + std::to_string(getpid()) + "_", 0) == 0);
        CHECK(databases_named(name) == "1");

        left_open.emplace(made.conninfo());
        CHECK(left_open->value("SELECT current_database()") == name);
        left_open->execute("CREATE TABLE marks (id integer PRIMARY KEY, stamp text NOT NULL)");
        left_open->execute("INSERT INTO marks VALUES (1, 'K017'), (2, 'K018'), (3, 'K019')");
        CHECK(left_open->value("SELECT string_agg(stamp, ',' ORDER BY id) FROM marks") ==
              "K017,K018,K019");

        // Only the last owner drops it.
        PgTestDatabase owner = std::move(made);
        CHECK(made.name().empty());
        CHECK(owner.name() == name);
        CHECK(databases_named(name) == "1");
    }
    CHECK(databases_named(name) == "0");
    CHECK_FALSE(left_open->run("SELECT count(*) FROM marks"));
}

TEST_CASE("postgresql harness: two test databases are independent") {
    if (stampline::pgtest::skip_without_pg_test_cluster()) return;
    PgTestDatabase first = make_database();
    PgTestDatabase second = make_database();
    CHECK(first.name() != second.name());
    CHECK(first.conninfo() != second.conninfo());

    Connection to_first(first.conninfo());
    Connection to_second(second.conninfo());
    to_first.execute("CREATE TABLE units (serial text PRIMARY KEY)");
    to_first.execute("INSERT INTO units VALUES ('W1'), ('W2')");
    CHECK(to_second.value("SELECT to_regclass('units') IS NULL") == "t");
    to_second.execute("CREATE TABLE units (serial text PRIMARY KEY)");
    to_second.execute("INSERT INTO units VALUES ('W1')");
    CHECK(to_first.value("SELECT count(*) FROM units") == "2");
    CHECK(to_second.value("SELECT count(*) FROM units") == "1");
}

TEST_CASE("postgresql harness: a missing cluster file is a clear error") {
    const std::string missing = "/nonexistent/stampline-pg-test/conninfo";
    const Result<PgTestDatabase> from_missing_file = PgTestDatabase::create_in(missing);
    REQUIRE_FALSE(from_missing_file);
    CHECK(from_missing_file.error().code() == Code::NotFound);
    CHECK(from_missing_file.error().message().find(missing) != std::string::npos);
    CHECK(from_missing_file.error().message().find("pg_test_cluster start") != std::string::npos);

    const EnvironmentOverride pointing_nowhere(stampline::pgtest::kClusterFileVariable,
                                               missing.c_str());
    CHECK_FALSE(stampline::pgtest::pg_test_cluster_configured());
    const Result<PgTestDatabase> from_environment = PgTestDatabase::create();
    REQUIRE_FALSE(from_environment);
    CHECK(from_environment.error().message().find(missing) != std::string::npos);

    const EnvironmentOverride unset(stampline::pgtest::kClusterFileVariable, nullptr);
    const Result<PgTestDatabase> unconfigured = PgTestDatabase::create();
    REQUIRE_FALSE(unconfigured);
    CHECK(unconfigured.error().code() == Code::NotFound);
    CHECK(unconfigured.error().message().find("STAMPLINE_PG_TEST_CLUSTER is not set") !=
          std::string::npos);
}

TEST_CASE(
    "postgresql harness: the cluster serves only a private socket under /tmp with fsync on and "
    "never as root") {
    if (stampline::pgtest::skip_without_pg_test_cluster()) return;
    Connection cluster(cluster_conninfo());
    const std::string socket_dir = cluster.value("SHOW unix_socket_directories");
    CHECK(socket_dir.rfind("/tmp/stampline-pg-", 0) == 0);
    CHECK(cluster.value("SHOW listen_addresses") == "");
    CHECK(cluster.value("SHOW fsync") == "on");
    CHECK(cluster.value("SHOW max_connections") == "200");
    CHECK(cluster.value("SHOW shared_buffers") == "64MB");

    struct stat data_dir {};
    REQUIRE(stat(cluster.value("SHOW data_directory").c_str(), &data_dir) == 0);
    CHECK((data_dir.st_mode & 0777) == 0700);
    if (geteuid() == 0) {
        const passwd* cluster_user = getpwnam("stampline-test");
        REQUIRE(cluster_user != nullptr);
        CHECK(data_dir.st_uid == cluster_user->pw_uid);
    } else {
        CHECK(data_dir.st_uid == geteuid());
    }
}
