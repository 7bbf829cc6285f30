// The trail benchmarks' fixture (bench_trail, bench_analytics): a database of N events in the
// store's real schema, built once and reused by path.
//
// It is built with direct SQLite inserts in 100,000-row transactions with synchronous=OFF and no
// journal (it is a fixture: durability does not matter while it is made), into a file whose
// schema open_sqlite_store created, so the tables, indexes and triggers are exactly the store's
// (server/store/sqlite_schema.cpp); each event's facts (the units' index into the log, which the
// trail reads through) are written beside it by the store's own code (sqlite_facts.h). Its
// shape is production's: units open one after another and
// walk their routes (bench_common.h UnitWalker: control points, nonconformances, sign-offs, all
// valid under the trail rules), about 3,000 units in work at any moment with their events
// interleaved in time, 10% of units stopping early; the hash chain is computed as the store
// computes it, so `stampline-server verify` passes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "bench_common.h"
#include "server/store/store.h"

namespace stampline::bench {

// Unit k's serial in the fixture: ten digits, "24" + k. Serials sort like their units' opening
// order, so max(serial) is the number of units (an index lookup).
std::string trail_serial(std::uint64_t k);

// Builds the fixture at path (as path.partial, renamed when complete; the parent directory is
// created). Prints progress on stderr; exits with a message on failure.
void build_trail_fixture(const std::string& path, std::uint64_t events, std::uint64_t seed,
                         const Plant& plant);

// The number of units in a fixture (its largest serial).
std::uint64_t count_trail_units(const std::string& path);

// open_sqlite_store on path; exits with a message on failure.
std::unique_ptr<server::Store> open_bench_store(const std::string& path, bool create);

// Removes a database and its -wal, -shm and -journal files.
void remove_db(const std::string& path);

// Reads the file through the page cache (the kernel may still evict it later).
void warm_file(const std::string& path);

}  // namespace stampline::bench
