#include "server/store/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "server/store/sqlite_connection.h"

namespace stampline::server::sqlite {

namespace {

constexpr int kReadOnly = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
constexpr int kBusyTimeoutMs = 10'000;

Status fsync_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return io_error("cannot open " + path + " to sync it");
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok ? Status::ok() : io_error("cannot sync " + path + " to disk");
}

// The first column of the first row of a fixed query on a read-only connection ("" when none).
Result<std::string> first_value(const std::string& path, const char* sql) {
    Result<std::unique_ptr<Connection>> db = Connection::open(path, kReadOnly, kBusyTimeoutMs);
    if (!db) return db.error();
    Result<Statement> st = (*db)->prepare(sql);
    if (!st) return st.error();
    Result<bool> row = st->step();
    if (!row) return row.error();
    return *row ? st->text(0) : std::string();
}

}  // namespace

Status copy_database(const std::string& source, const std::string& dest) {
    Result<std::unique_ptr<Connection>> db = Connection::open(source, kReadOnly, kBusyTimeoutMs);
    if (!db) return db.error();
    Result<Statement> st = (*db)->prepare("VACUUM INTO ?1");
    if (!st) return st.error();
    if (Status s = st->bind(1, dest).run(); !s)
        return Status(s.code(), "cannot copy " + source + " to " + dest + ": " + s.message());
    return fsync_file(dest);
}

Result<std::string> integrity_check(const std::string& path) {
    Result<std::string> first = first_value(path, "PRAGMA integrity_check(1)");
    if (!first) return first.error();
    return first->empty() ? std::string("integrity_check returned nothing") : *first;
}

Result<std::int64_t> schema_version(const std::string& path) {
    Result<std::string> version = first_value(path, "PRAGMA user_version");
    if (!version) return version.error();
    return version->empty() ? 0 : std::stoll(*version);
}

}  // namespace stampline::server::sqlite
