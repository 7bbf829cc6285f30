#include "server/store/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "server/store/sqlite_complaint_log.h"
#include "server/store/sqlite_connection.h"
#include "server/store/sqlite_event_rows.h"
#include "server/store/sqlite_schema.h"

namespace stampline::server::sqlite {

namespace {

constexpr int kReadOnly = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
constexpr int kBusyTimeoutMs = 10'000;
// The schema version whose migration made the complaint log.
constexpr std::int64_t kComplaintLogSince = 5;

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

// The hash of the event at seq; "" when there is none.
Result<std::string> event_hash(Connection& db, std::int64_t seq) {
    Result<Statement> st = db.prepare("SELECT hash FROM events WHERE seq = ?1");
    if (!st) return st.error();
    st->bind(1, seq);
    Result<bool> row = st->step();
    if (!row) return row.error();
    return *row ? st->text(0) : std::string();
}

Result<FileCheck> check_in_transaction(Connection& db, std::int64_t anchor_seq) {
    FileCheck check;
    Result<std::int64_t> version = schema_version_of(db);
    if (!version) return version.error();
    check.schema_version = *version;
    if (*version == 0) return check;  // an empty file: nothing in it yet
    Result<std::optional<ChainBreak>> broken = verify_event_chain(db);
    if (!broken) return broken.error();
    check.broken = *broken;
    Result<Statement> head = db.prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1");
    if (!head) return head.error();
    Result<bool> row = head->step();
    if (!row) return row.error();
    if (*row) {
        check.events = head->int64(0);
        check.head_hash = head->text(1);
    }
    if (anchor_seq > 0) {
        Result<std::string> hash = event_hash(db, anchor_seq);
        if (!hash) return hash.error();
        check.anchor_hash = *hash;
    }
    if (*version >= kComplaintLogSince) {
        Result<std::optional<ChainBreak>> complaints = verify_complaint_log(db);
        if (!complaints) return complaints.error();
        if (*complaints) {
            Result<std::vector<ComplaintEntry>> entries = query_complaint_entries(db, "");
            if (!entries) return entries.error();
            check.complaint_break = entries->at((*complaints)->index);
        }
    }
    return check;
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

Result<FileCheck> check_file(const std::string& path, std::int64_t anchor_seq) {
    Result<std::unique_ptr<Connection>> conn = Connection::open(path, kReadOnly, kBusyTimeoutMs);
    if (!conn) return conn.error();
    Connection& db = **conn;
    if (Status s = db.exec("BEGIN"); !s) return s;
    Result<FileCheck> check = check_in_transaction(db, anchor_seq);
    db.exec("COMMIT");  // ends a read transaction; nothing to lose
    return check;
}

}  // namespace stampline::server::sqlite
