// The raw PostgreSQL insert baseline of bench_ingest and its database chores (pg_raw_baseline.h),
// on libpq directly.
#include "pg_raw_baseline.h"

#include <libpq-fe.h>

#include <chrono>
#include <set>

namespace stampline::bench {

namespace {

using Clock = std::chrono::steady_clock;

struct ConnCloser {
    void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultCloser {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Conn = std::unique_ptr<PGconn, ConnCloser>;
using PgResult = std::unique_ptr<PGresult, ResultCloser>;

void ignore_notice(void*, const char*) {}  // "database ... does not exist, skipping"

Result<Conn> connect(const std::string& conninfo) {
    Conn c(PQconnectdb(conninfo.c_str()));
    if (!c || PQstatus(c.get()) != CONNECTION_OK) {
        return Status(Code::Unavailable, "cannot connect to '" + conninfo +
                                             "': " + (c ? PQerrorMessage(c.get()) : "no memory"));
    }
    PQsetNoticeProcessor(c.get(), ignore_notice, nullptr);
    return c;
}

Status failed(PGconn* c, const std::string& what) {
    return Status(Code::IOError, what + ": " + PQerrorMessage(c));
}

bool ok(const PgResult& r) {
    const ExecStatusType s = PQresultStatus(r.get());
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

Status exec(PGconn* c, const char* sql) {
    PgResult r(PQexec(c, sql));
    return ok(r) ? Status::ok() : failed(c, sql);
}

std::unique_ptr<std::string> value(const PGresult* r, int row, int col) {
    if (PQgetisnull(r, row, col)) return nullptr;
    return std::make_unique<std::string>(PQgetvalue(r, row, col),
                                         static_cast<std::size_t>(PQgetlength(r, row, col)));
}

std::unique_ptr<std::string> text(std::string s) {
    return std::make_unique<std::string>(std::move(s));
}

// The parameter pointers of values, for PQexecPrepared.
std::vector<const char*> pointers(const PgStoredRows::Values& values) {
    std::vector<const char*> p;
    p.reserve(values.size());
    for (const auto& v : values) p.push_back(v ? v->c_str() : nullptr);
    return p;
}

Status prepare(PGconn* c, const char* name, const char* sql) {
    PgResult r(PQprepare(c, name, sql, 0, nullptr));
    return ok(r) ? Status::ok() : failed(c, std::string("prepare ") + sql);
}

Status run_prepared(PGconn* c, const char* name, const PgStoredRows::Values& values) {
    const std::vector<const char*> p = pointers(values);
    PgResult r(PQexecPrepared(c, name, static_cast<int>(p.size()), p.data(), nullptr, nullptr, 0));
    return ok(r) ? Status::ok() : failed(c, name);
}

// The statements of the baseline: the columns the store's one append statement writes.
constexpr const char* kInsertEvent =
    "INSERT INTO events (plant, seq, id, serial, kind, stage, station, stamp, terminal_time, "
    "received_at, canonical, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
constexpr const char* kInsertUnit =
    "INSERT INTO units (unit, plant, serial, product_type, stages_signed, on_hold) "
    "OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6)";
constexpr const char* kMoveUnit =
    "UPDATE units SET product_type = coalesce($2::text, product_type), "
    "stages_signed = stages_signed + $3::integer, on_hold = coalesce($4::boolean, on_hold) "
    "WHERE unit = $1::bigint";
constexpr const char* kInsertFacts =
    "INSERT INTO facts VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
    "$16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)";

}  // namespace

Status pg_exec(const std::string& conninfo, const std::string& sql) {
    Result<Conn> c = connect(conninfo);
    if (!c) return c.error();
    return exec(c->get(), sql.c_str());
}

Result<std::int64_t> pg_int(const std::string& conninfo, const std::string& sql) {
    Result<Conn> c = connect(conninfo);
    if (!c) return c.error();
    PgResult r(PQexec(c->get(), sql.c_str()));
    if (!ok(r) || PQntuples(r.get()) < 1) return failed(c->get(), sql);
    return std::stoll(PQgetvalue(r.get(), 0, 0));
}

std::string pg_with_dbname(const std::string& conninfo, const std::string& dbname) {
    return conninfo + " dbname=" + dbname;
}

Result<PgStoredRows> PgStoredRows::read(const std::string& conninfo, const std::string& plant_code,
                                        std::int64_t after_seq, std::int64_t template_max_unit) {
    Result<Conn> c = connect(conninfo);
    if (!c) return c.error();
    PGconn* db = c->get();
    const std::string seq = std::to_string(after_seq);
    const char* params[] = {plant_code.c_str(), seq.c_str()};
    PgResult events(
        PQexecParams(db,
                     "SELECT e.plant, e.seq, e.id, e.serial, e.kind, e.stage, e.station, e.stamp, "
                     "e.terminal_time, e.received_at, e.canonical, e.hash FROM stampline.events e "
                     "JOIN stampline.plants p ON p.id = e.plant WHERE p.code = $1 AND e.seq > $2 "
                     "ORDER BY e.seq",
                     2, nullptr, params, nullptr, nullptr, 0));
    if (!ok(events)) return failed(db, "reading the events");
    PgResult facts(PQexecParams(db,
                                "SELECT f.* FROM stampline.facts f JOIN stampline.plants p "
                                "ON p.id = f.plant WHERE p.code = $1 AND f.seq > $2 ORDER BY f.seq",
                                2, nullptr, params, nullptr, nullptr, 0));
    if (!ok(facts)) return failed(db, "reading the facts");
    const int n = PQntuples(events.get());
    if (PQntuples(facts.get()) != n)
        return Status(Code::Corruption, "the facts rows do not match the events rows");

    PgStoredRows out;
    std::set<std::int64_t> made;
    for (int i = 0; i < n; ++i) {
        Row row;
        for (int col = 0; col < PQnfields(events.get()); ++col)
            row.event.push_back(value(events.get(), i, col));
        for (int col = 0; col < PQnfields(facts.get()); ++col)
            row.facts.push_back(value(facts.get(), i, col));
        if (*row.facts[1] != *row.event[1])
            return Status(Code::Corruption, "the facts rows do not match the events rows");
        // facts: unit, seq, plant, kind, ..., product_type (13)
        const std::string unit = *row.facts[0];
        const std::string kind = *row.event[4];
        const std::string plant = *row.event[0];
        const bool sheet = kind == "sheet_issued", signed_off = kind == "stage_signed_off",
                   held = kind == "unit_held", released = kind == "unit_released";
        const std::int64_t unit_no = std::stoll(unit);
        if (unit_no > template_max_unit && made.insert(unit_no).second) {
            row.new_unit = true;
            row.unit.push_back(text(unit));
            row.unit.push_back(text(plant));
            row.unit.push_back(text(*row.event[3]));
            row.unit.push_back(text(sheet && row.facts[13] ? *row.facts[13] : ""));
            row.unit.push_back(text(signed_off ? "1" : "0"));
            row.unit.push_back(text(held ? "true" : "false"));
        } else if (sheet || signed_off || held || released) {
            row.unit.push_back(text(unit));
            row.unit.push_back(sheet && row.facts[13] ? text(*row.facts[13]) : nullptr);
            row.unit.push_back(text(signed_off ? "1" : "0"));
            row.unit.push_back(held ? text("true") : released ? text("false") : nullptr);
        }
        out.events_.push_back(std::move(row));
    }
    return out;
}

Result<PgRawTiming> run_pg_raw(const std::string& conninfo, const PgStoredRows& rows,
                               std::size_t txn_rows, bool with_facts) {
    Result<Conn> c = connect(conninfo);
    if (!c) return c.error();
    PGconn* db = c->get();
    if (Status s = exec(db, "SET synchronous_commit = on; SET search_path = stampline"); !s)
        return s;
    for (const auto& [name, sql] :
         {std::pair{"event", kInsertEvent}, std::pair{"unit", kInsertUnit},
          std::pair{"move", kMoveUnit}, std::pair{"facts", kInsertFacts}})
        if (Status s = prepare(db, name, sql); !s) return s;

    PgRawTiming timing;
    const auto start = Clock::now();
    const auto& all = rows.rows();
    for (std::size_t i = 0; i < all.size(); i += txn_rows) {
        const auto t0 = Clock::now();
        if (Status s = exec(db, "BEGIN"); !s) return s;
        for (std::size_t j = i; j < std::min(i + txn_rows, all.size()); ++j) {
            const PgStoredRows::Row& r = all[j];
            if (Status s = run_prepared(db, "event", r.event); !s) return s;
            if (!with_facts) continue;
            if (!r.unit.empty())
                if (Status s = run_prepared(db, r.new_unit ? "unit" : "move", r.unit); !s) return s;
            if (Status s = run_prepared(db, "facts", r.facts); !s) return s;
        }
        if (Status s = exec(db, "COMMIT"); !s) return s;
        timing.commit_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    timing.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return timing;
}

}  // namespace stampline::bench
