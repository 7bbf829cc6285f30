// A content digest of every table of a database, read through a read-only connection: to prove
// that refused requests changed nothing.
#pragma once

#include <map>
#include <string>

namespace stampline::itest {

struct DbSnapshot {
    std::map<std::string, long> rows;  // per table
    std::string digest;                // SHA-256 over every table's rows in key order
    bool operator==(const DbSnapshot&) const = default;
};

DbSnapshot snapshot_db(const std::string& path);

}  // namespace stampline::itest
