// PgTestDatabase over libpq: CREATE DATABASE and DROP DATABASE ... WITH (FORCE) on a connection
// to the cluster's `postgres` database, opened for each and closed after.
#include "pg/pg_test_database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <utility>

namespace stampline::pgtest {

namespace {

struct PgConnCloser {
    void operator()(PGconn* conn) const { PQfinish(conn); }
};
using PgConnection = std::unique_ptr<PGconn, PgConnCloser>;

struct PgResultClearer {
    void operator()(PGresult* result) const { PQclear(result); }
};
using PgResultPtr = std::unique_ptr<PGresult, PgResultClearer>;

// The databases this process made so far: the n of stl_<pid>_<n>.
std::atomic<unsigned> databases_made{0};

Status unavailable(std::string message) {
    return {Code::Unavailable, std::move(message)};
}

std::string without_trailing_newlines(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

// Notices ("database ... does not exist, skipping") are not for the test's output.
void ignore_notice(void*, const char*) {}

Result<PgConnection> connect(const std::string& conninfo) {
    PgConnection conn(PQconnectdb(conninfo.c_str()));
    if (!conn) return unavailable("libpq could not allocate a connection to " + conninfo);
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        return unavailable("could not connect to the PostgreSQL test cluster (" + conninfo +
                           "): " + without_trailing_newlines(PQerrorMessage(conn.get())) +
                           "; is it running? (pg_test_cluster start)");
    }
    PQsetNoticeProcessor(conn.get(), ignore_notice, nullptr);
    return conn;
}

Status execute(PGconn* conn, const std::string& sql) {
    const PgResultPtr result(PQexec(conn, sql.c_str()));
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Status::ok();
    return unavailable(sql + ": " + without_trailing_newlines(PQerrorMessage(conn)));
}

// A conninfo value as libpq reads it: quoted when empty or holding a space, quote or backslash.
std::string conninfo_value(const std::string& value) {
    if (!value.empty() && value.find_first_of(" \t\n'\\") == std::string::npos) return value;
    std::string quoted = "'";
    for (const char c : value) {
        if (c == '\'' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "'";
}

// conninfo with dbname set to dbname (and the other settings kept).
Result<std::string> with_dbname(const std::string& conninfo, const std::string& dbname,
                                const std::string& source) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (!options) {
        const std::string reason = error ? without_trailing_newlines(error) : "out of memory";
        PQfreemem(error);
        return invalid(source + " holds no libpq conninfo (" + reason + "): " + conninfo);
    }
    std::string result;
    for (const PQconninfoOption* option = options; option->keyword; ++option) {
        if (!option->val || std::string(option->keyword) == "dbname") continue;
        result += std::string(option->keyword) + "=" + conninfo_value(option->val) + " ";
    }
    PQconninfoFree(options);
    return result + "dbname=" + conninfo_value(dbname);
}

// The first line of the conninfo file.
Result<std::string> read_cluster_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        return not_found("no PostgreSQL test cluster: " + path +
                         " does not exist (`pg_test_cluster start DIR` writes DIR/conninfo; "
                         "`ctest -L postgresql` runs it)");
    }
    std::string line;
    std::getline(in, line);
    line = without_trailing_newlines(line);
    if (line.empty()) return not_found("no PostgreSQL test cluster: " + path + " is empty");
    return line;
}

}  // namespace

bool pg_test_cluster_configured() {
    const char* file = std::getenv(kClusterFileVariable);
    std::error_code ec;
    return file && *file && std::filesystem::is_regular_file(file, ec);
}

bool skip_without_pg_test_cluster() {
    if (pg_test_cluster_configured()) return false;
    const char* required = std::getenv("STAMPLINE_REQUIRE_POSTGRESQL");
    if (required && std::string(required) == "1") return false;
    std::cout << kSkipLine << std::endl;
    return true;
}

Result<PgTestDatabase> PgTestDatabase::create() {
    const char* file = std::getenv(kClusterFileVariable);
    if (!file || !*file) {
        return not_found(std::string(kClusterFileVariable) +
                         " is not set: it names the conninfo file of a PostgreSQL test cluster "
                         "(`pg_test_cluster start DIR` writes DIR/conninfo; CTest sets it for "
                         "the postgresql tests)");
    }
    return create_in(file);
}

Result<PgTestDatabase> PgTestDatabase::create_in(const std::string& cluster_file) {
    const Result<std::string> cluster_conninfo = read_cluster_file(cluster_file);
    if (!cluster_conninfo) return cluster_conninfo.error();
    const std::string name =
        "stl_" + std::to_string(getpid()) + "_" + std::to_string(++databases_made);
    const Result<std::string> conninfo = with_dbname(*cluster_conninfo, name, cluster_file);
    if (!conninfo) return conninfo.error();

    const Result<PgConnection> conn = connect(*cluster_conninfo);
    if (!conn) return conn.error();
    // A database of this name can only be left by an earlier process with the same pid that died.
    Status made = execute(conn->get(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    if (made) made = execute(conn->get(), "CREATE DATABASE " + name);
    if (!made) return made;
    return PgTestDatabase(*cluster_conninfo, name, *conninfo);
}

PgTestDatabase::PgTestDatabase(std::string cluster_conninfo, std::string name, std::string conninfo)
    : cluster_conninfo_(std::move(cluster_conninfo)),
      name_(std::move(name)),
      conninfo_(std::move(conninfo)) {}

PgTestDatabase::~PgTestDatabase() {
    const Status dropped = drop();
    if (!dropped) std::cerr << "PgTestDatabase: " << dropped.message() << "\n";
}

PgTestDatabase::PgTestDatabase(PgTestDatabase&& other) noexcept
    : cluster_conninfo_(std::move(other.cluster_conninfo_)),
      name_(std::exchange(other.name_, {})),
      conninfo_(std::exchange(other.conninfo_, {})) {}

PgTestDatabase& PgTestDatabase::operator=(PgTestDatabase&& other) noexcept {
    if (this == &other) return *this;
    const Status dropped = drop();
    if (!dropped) std::cerr << "PgTestDatabase: " << dropped.message() << "\n";
    cluster_conninfo_ = std::move(other.cluster_conninfo_);
    name_ = std::exchange(other.name_, {});
    conninfo_ = std::exchange(other.conninfo_, {});
    return *this;
}

Status PgTestDatabase::drop() {
    if (name_.empty()) return Status::ok();
    const Result<PgConnection> conn = connect(cluster_conninfo_);
    if (!conn) return conn.error();
    const Status dropped = execute(conn->get(), "DROP DATABASE " + name_ + " WITH (FORCE)");
    if (!dropped) return dropped;
    name_.clear();
    conninfo_.clear();
    return Status::ok();
}

}  // namespace stampline::pgtest
