// bench_ingest --store postgresql: the bench's own PostgreSQL calls (libpq stays in the .cpp):
// databases made from a template, a few numbers read from the server, and the raw insert
// baseline (BENCHMARKS.md, "Ingest on PostgreSQL"): the rows the store wrote for the measured
// events, read back, and inserted again into a fresh copy of the template by one connection
// with prepared single-row statements (synchronous_commit=on), in transactions of a given size.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "shared/status.h"

namespace stampline::bench {

// Runs sql (no parameters; several statements allowed) on a new connection to conninfo.
Status pg_exec(const std::string& conninfo, const std::string& sql);

// The first column of the first row of sql (no parameters) as an integer.
Result<std::int64_t> pg_int(const std::string& conninfo, const std::string& sql);

// conninfo with dbname replaced (libpq takes the last of a keyword given twice).
std::string pg_with_dbname(const std::string& conninfo, const std::string& dbname);

// The rows the store wrote for the events after a seq: events, facts, and the units rows made or
// moved (as the store's append statement does, pg_event_log.cpp). Values as text.
class PgStoredRows {
public:
    // Reads them from the database of conninfo for the plant `plant_code`; units whose number is
    // above template_max_unit were made by the measured events (the others already existed).
    static Result<PgStoredRows> read(const std::string& conninfo, const std::string& plant_code,
                                     std::int64_t after_seq, std::int64_t template_max_unit);
    std::size_t size() const { return events_.size(); }

    using Values = std::vector<std::unique_ptr<std::string>>;  // nullptr: NULL
    struct Row {
        Values event;  // the events row, 12 columns
        Values facts;  // the facts row, 26 columns
        Values unit;   // INSERT into units (6 columns) or UPDATE of its progress (4); may be empty
        bool new_unit = false;
    };
    const std::vector<Row>& rows() const { return events_; }

private:
    std::vector<Row> events_;
};

struct PgRawTiming {
    double seconds = 0;
    std::vector<double> commit_ms;  // per transaction
};

// Inserts rows into the database of conninfo (a fresh copy of the template) on one connection,
// txn_rows rows per BEGIN ... COMMIT; with_facts: the facts and units rows too, else the events
// rows alone.
Result<PgRawTiming> run_pg_raw(const std::string& conninfo, const PgStoredRows& rows,
                               std::size_t txn_rows, bool with_facts);

}  // namespace stampline::bench
