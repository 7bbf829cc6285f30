// The PostgreSQL store's facts reads (pg_facts.h).
#include "server/store/pg/pg_facts.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace stampline::server::pg {

namespace {

constexpr int kCommonColumns = 12;  // unit ... act_time in kFactsSql

// The facts of a batch of units ($1: an array of unit numbers), each unit's in seq order.
constexpr const char* kFactsSql =
    "SELECT unit, seq, kind, id, sheet_version, stage, station, stamp, actor, terminal_time, "
    "corrected, act_time, product_type, order_no, new_version, passed, code, severity, "
    "origin_stage, quantity, disposition, found, field_stage, nc, reason "
    "FROM facts WHERE unit = ANY($1::bigint[]) AND plant = $2 ORDER BY unit, seq";

// Sets *e to the event of facts row r (columns as kFactsSql). Assigns into e's strings, so that
// an Event reused row after row allocates next to nothing.
Status fact_event(const Connection& db, const PlantRef& plant, const Rows& rows, int r, Event* e) {
    Result<Uuid> id = uuid_column(db, plant, rows, r, 3, "facts");
    if (!id) return id.error();
    e->id = *id;
    e->sheet_version = static_cast<int>(rows.int64(r, 4));
    e->stage.assign(rows.text(r, 5));
    e->station.assign(rows.text(r, 6));
    e->stamp.assign(rows.text(r, 7));
    e->actor.assign(rows.text(r, 8));
    e->terminal_time = Timestamp{rows.int64(r, 9)};
    e->corrected_time.reset();
    if (rows.boolean(r, 10)) e->corrected_time = Timestamp{rows.int64(r, 11)};
    EventKind kind{};
    if (!parse_event_kind(rows.text(r, 2), &kind))
        return corruption(db, plant,
                          "facts of event seq " + std::to_string(rows.int64(r, 1)) +
                              " have the unknown kind '" + rows.str(r, 2) + "'");
    const int k = kCommonColumns;
    switch (kind) {
        case EventKind::SheetIssued:
            e->body = SheetIssued{rows.str(r, k), rows.str(r, k + 1)};
            break;
        case EventKind::SheetReprinted:
            e->body = SheetReprinted{static_cast<int>(rows.int64(r, k + 2)), ""};
            break;
        case EventKind::StageAccepted: {
            StageAccepted b;
            if (!rows.boolean(r, k + 3)) b.checks.push_back(CheckResult{"", false, ""});
            e->body = std::move(b);
            break;
        }
        case EventKind::StageSignedOff: e->body = StageSignedOff{}; break;
        case EventKind::NcRaised: {
            NcRaised b;
            b.code = rows.str(r, k + 4);
            parse_severity(rows.text(r, k + 5), &b.severity);
            b.origin_stage = rows.str(r, k + 6);
            b.quantity = static_cast<int>(rows.int64(r, k + 7));
            b.disposition = rows.str(r, k + 8);
            b.found = rows.str(r, k + 9);
            b.field_stage = rows.str(r, k + 10);
            e->body = std::move(b);
            break;
        }
        case EventKind::NcCorrected:
        case EventKind::NcVerified: {
            Result<Uuid> nc = uuid_column(db, plant, rows, r, k + 11, "facts");
            if (!nc) return nc.error();
            if (kind == EventKind::NcCorrected)
                e->body = NcCorrected{*nc, ""};
            else
                e->body = NcVerified{*nc, ""};
            break;
        }
        case EventKind::UnitHeld: e->body = UnitHeld{rows.str(r, k + 12)}; break;
        case EventKind::UnitReleased: e->body = UnitReleased{}; break;
    }
    return Status::ok();
}

using UnitList = std::vector<std::pair<std::int64_t, std::string>>;  // unit, serial

// Calls fn with the facts of each unit listed (in ascending unit order), in the order listed;
// the facts are read a batch of units per statement.
Status read_facts(Connection& db, const PlantRef& plant, const UnitList& units,
                  const UnitFactsVisitor& fn) {
    constexpr std::size_t kUnitsPerBatch = 500;
    std::vector<Event> events;  // slots reused from unit to unit; the first n are this unit's
    for (std::size_t begin = 0; begin < units.size(); begin += kUnitsPerBatch) {
        const std::size_t end = std::min(units.size(), begin + kUnitsPerBatch);
        std::string array = "{";
        for (std::size_t i = begin; i < end; ++i) {
            if (i > begin) array += ',';
            array += std::to_string(units[i].first);
        }
        array += '}';
        Result<Rows> rows = db.query(kFactsSql, Params().text(array).int64(plant.id));
        if (!rows) return rows.error();
        int r = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const auto& [unit, serial] = units[i];
            std::size_t n = 0;
            std::int64_t last_seq = 0;
            for (; r < rows->size() && rows->int64(r, 0) == unit; ++r) {
                if (n == events.size()) events.emplace_back();
                Event& e = events[n++];
                if (Status s = fact_event(db, plant, *rows, r, &e); !s) return s;
                e.serial.assign(serial);
                last_seq = rows->int64(r, 1);
            }
            if (Status s = fn(UnitFacts{std::span<const Event>(events.data(), n), last_seq}); !s)
                return s;
        }
    }
    return Status::ok();
}

}  // namespace

Result<std::int64_t> read_units_acting(Connection& db, const PlantRef& plant, Timestamp from,
                                       Timestamp to, const UnitFactsVisitor& fn) {
    Result<std::int64_t> position =
        query_int(db, plant, "SELECT coalesce(max(seq), 0) FROM events WHERE plant = $1");
    if (!position) return position.error();
    Result<Rows> rows = db.query(
        "SELECT unit, serial FROM units WHERE plant = $1 AND unit IN (SELECT unit FROM facts "
        "WHERE plant = $1 AND act_time >= $2 AND act_time < $3) ORDER BY unit",
        Params().int64(plant.id).int64(from.ms).int64(to.ms));
    if (!rows) return rows.error();
    UnitList units;
    units.reserve(static_cast<std::size_t>(rows->size()));
    for (int r = 0; r < rows->size(); ++r) units.emplace_back(rows->int64(r, 0), rows->str(r, 1));
    if (Status s = read_facts(db, plant, units, fn); !s) return s;
    return *position;
}

Result<bool> read_units_changed_since(Connection& db, const PlantRef& plant, std::int64_t after,
                                      Timestamp from, Timestamp to) {
    Result<Rows> rows = db.query(
        "SELECT EXISTS (SELECT 1 FROM events e JOIN units u ON u.plant = e.plant AND "
        "u.serial = e.serial WHERE e.plant = $1 AND e.seq > $2 AND EXISTS (SELECT 1 FROM facts f "
        "WHERE f.unit = u.unit AND f.act_time >= $3 AND f.act_time < $4))",
        Params().int64(plant.id).int64(after).int64(from.ms).int64(to.ms));
    if (!rows) return rows.error();
    return rows->boolean(0, 0);
}

Status read_units_in_work(Connection& db, const PlantRef& plant,
                          std::span<const RouteLength> routes, Timestamp since,
                          const UnitFactsVisitor& fn) {
    // The units acting since, then those of them in work (both from indexes).
    Result<Rows> rows = db.query(
        "SELECT unit, serial, product_type, stages_signed FROM units WHERE plant = $1 AND unit IN "
        "(SELECT unit FROM facts WHERE plant = $1 AND act_time >= $2) ORDER BY unit",
        Params().int64(plant.id).int64(since.ms));
    if (!rows) return rows.error();
    UnitList units;
    for (int r = 0; r < rows->size(); ++r) {
        const std::string_view product = rows->text(r, 2);
        const std::int64_t signed_off = rows->int64(r, 3);
        if (std::any_of(routes.begin(), routes.end(), [&](const RouteLength& route) {
                return route.product_type == product && signed_off < route.stages;
            }))
            units.emplace_back(rows->int64(r, 0), rows->str(r, 1));
    }
    return read_facts(db, plant, units, fn);
}

Result<UnitsSummary> read_units_summary(Connection& db, const PlantRef& plant) {
    UnitsSummary out;
    {
        // Each an end of facts_by_time.
        Result<Rows> rows = db.query(
            "SELECT (SELECT act_time FROM facts WHERE plant = $1 ORDER BY act_time LIMIT 1), "
            "(SELECT act_time FROM facts WHERE plant = $1 ORDER BY act_time DESC LIMIT 1)",
            Params().int64(plant.id));
        if (!rows) return rows.error();
        if (!rows->is_null(0, 0)) {
            out.first_act = Timestamp{rows->int64(0, 0)};
            out.last_act = Timestamp{rows->int64(0, 1)};
        }
    }
    Result<Rows> rows = db.query(
        "SELECT product_type, stages_signed, on_hold, count(*) FROM units "
        "WHERE plant = $1 AND product_type <> '' GROUP BY product_type, stages_signed, on_hold "
        "ORDER BY product_type, stages_signed, on_hold",
        Params().int64(plant.id));
    if (!rows) return rows.error();
    for (int r = 0; r < rows->size(); ++r) {
        out.progress.push_back({rows->str(r, 0), static_cast<int>(rows->int64(r, 1)),
                                rows->boolean(r, 2), static_cast<int>(rows->int64(r, 3))});
    }
    return out;
}

}  // namespace stampline::server::pg
