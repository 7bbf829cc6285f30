// A throw-away PostgreSQL 15 cluster for the tests: data, log and Unix socket in a private
// directory under /tmp, no TCP, user `stampline` trusted.
//
// initdb, pg_ctl and postgres refuse root: when this process is root the directory is handed to
// the user stampline-test (.ci/setup creates it) and the tools run as that user through
// `setpriv ... --reset-env`; otherwise they run as this user. Either way they get a clean
// environment (no LD_PRELOAD, FAKETIME or sanitizer settings) and "/" as working directory, so the
// caller's checkout may be where stampline-test cannot go.
#pragma once

#include <string>

#include "shared/status.h"

namespace stampline::pgtest {

// Every cluster directory is named like this; stop_cluster() removes nothing else.
inline constexpr const char* kClusterDirPrefix = "/tmp/stampline-pg-";

// The directory holding initdb, pg_ctl and postgres: /usr/lib/postgresql/15/bin, else
// `pg_config --bindir`. NotFound, saying so, when PostgreSQL is not installed.
Result<std::string> find_postgresql_bindir();

// A fresh empty kClusterDirPrefix + "XXXXXX" (mode 0700), owned by stampline-test when root.
// The caller records it before start_cluster() so that a run killed midway can be cleaned up.
Result<std::string> make_cluster_dir();

// Runs initdb in dir/data (superuser `stampline`, trust, UTF8, C locale), writes the test
// settings into its postgresql.conf (socket in dir, listen_addresses='', fsync=on,
// max_connections=200, shared_buffers=64MB; a plain `pg_ctl start` restarts it the same way) and
// starts the server, logging to dir/postgres.log. Returns the conninfo of database `postgres`:
// "host=DIR port=5432 user=stampline dbname=postgres". On error the server is not left running;
// the directory and its logs stay for reading, and the message names the log and quotes its end.
Result<std::string> start_cluster(const std::string& bindir, const std::string& dir);

// Stops the server of dir if it runs (`pg_ctl -m fast`, then `-m immediate`) and removes dir.
// A dir already gone is fine. InvalidArgument for a path not under kClusterDirPrefix.
Status stop_cluster(const std::string& bindir, const std::string& dir);

}  // namespace stampline::pgtest
