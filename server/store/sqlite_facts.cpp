#include "server/store/sqlite_facts.h"

#include <algorithm>
#include <string>
#include <vector>

#include "server/store/sqlite_event_rows.h"
#include "server/store/sqlite_rows.h"

namespace stampline::server::sqlite {

namespace {

// The columns of the facts table after the common ones, bound from the event's body.
struct BodyColumns {
    std::string_view product_type, order_no;
    std::int64_t new_version = 0;
    std::int64_t passed = 0;
    std::string_view code, severity, origin_stage;
    std::int64_t quantity = 0;
    std::string_view disposition, found, field_stage;
    const Uuid* nc = nullptr;
    std::string_view reason;
};

BodyColumns body_columns(const Event& e) {
    BodyColumns c;
    if (const auto* b = std::get_if<SheetIssued>(&e.body)) {
        c.product_type = b->product_type;
        c.order_no = b->order;
    } else if (const auto* b = std::get_if<SheetReprinted>(&e.body)) {
        c.new_version = b->new_version;
    } else if (const auto* b = std::get_if<StageAccepted>(&e.body)) {
        c.passed = b->all_passed() ? 1 : 0;
    } else if (const auto* b = std::get_if<NcRaised>(&e.body)) {
        c.code = b->code;
        c.severity = severity_name(b->severity);
        c.origin_stage = b->origin_stage;
        c.quantity = b->quantity;
        c.disposition = b->disposition;
        c.found = b->found;
        c.field_stage = b->field_stage;
    } else if (const auto* b = std::get_if<NcCorrected>(&e.body)) {
        c.nc = &b->nc;
    } else if (const auto* b = std::get_if<NcVerified>(&e.body)) {
        c.nc = &b->nc;
    } else if (const auto* b = std::get_if<UnitHeld>(&e.body)) {
        c.reason = b->reason;
    }
    return c;
}

// The unit's id, its row made at its first event.
Result<std::int64_t> unit_id(Connection& db, const std::string& serial) {
    {
        Result<Statement> st = db.prepare("SELECT unit FROM units WHERE serial = ?1");
        if (!st) return st.error();
        st->bind(1, serial);
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (*row) return st->int64(0);
    }
    Result<Statement> st = db.prepare(
        "INSERT INTO units (serial, product_type, stages_signed, on_hold) VALUES (?1, '', 0, 0) "
        "RETURNING unit");
    if (!st) return st.error();
    st->bind(1, serial);
    Result<bool> row = st->step();
    if (!row) return row.error();
    if (!*row) return db.error(SQLITE_ERROR, "recording unit " + serial + " returned no row");
    return st->int64(0);
}

// Moves the unit's progress: only the events that change it write its row.
Status record_progress(Connection& db, std::int64_t unit, const Event& e) {
    const char* sql = nullptr;
    std::string_view product;
    switch (e.kind()) {
        case EventKind::SheetIssued:
            sql = "UPDATE units SET product_type = ?2 WHERE unit = ?1";
            product = std::get<SheetIssued>(e.body).product_type;
            break;
        case EventKind::StageSignedOff:
            sql = "UPDATE units SET stages_signed = stages_signed + 1 WHERE unit = ?1";
            break;
        case EventKind::UnitHeld: sql = "UPDATE units SET on_hold = 1 WHERE unit = ?1"; break;
        case EventKind::UnitReleased: sql = "UPDATE units SET on_hold = 0 WHERE unit = ?1"; break;
        default: return Status::ok();
    }
    Result<Statement> st = db.prepare(sql);
    if (!st) return st.error();
    st->bind(1, unit);
    if (e.kind() == EventKind::SheetIssued) st->bind(2, product);
    return st->run();
}

}  // namespace

Status record_facts(Connection& db, std::int64_t seq, const Event& e) {
    Result<std::int64_t> unit = unit_id(db, e.serial);
    if (!unit) return unit.error();
    if (Status s = record_progress(db, *unit, e); !s) return s;
    const BodyColumns c = body_columns(e);
    Result<Statement> st = db.prepare(
        "INSERT INTO facts (unit, seq, kind, id, sheet_version, stage, station, stamp, actor, "
        "terminal_time, corrected, act_time, product_type, order_no, new_version, passed, code, "
        "severity, origin_stage, quantity, disposition, found, field_stage, nc, reason) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
        "?20, ?21, ?22, ?23, ?24, ?25)");
    if (!st) return st.error();
    st->bind(1, *unit)
        .bind(2, seq)
        .bind(3, event_kind_name(e.kind()))
        .bind_blob(4, id_bytes(e.id))
        .bind(5, std::int64_t{e.sheet_version})
        .bind(6, e.stage)
        .bind(7, e.station)
        .bind(8, e.stamp)
        .bind(9, e.actor)
        .bind(10, e.terminal_time.ms)
        .bind(11, std::int64_t{e.corrected_time ? 1 : 0})
        .bind(12, e.act_time().ms)
        .bind(13, c.product_type)
        .bind(14, c.order_no)
        .bind(15, c.new_version)
        .bind(16, c.passed)
        .bind(17, c.code)
        .bind(18, c.severity)
        .bind(19, c.origin_stage)
        .bind(20, c.quantity)
        .bind(21, c.disposition)
        .bind(22, c.found)
        .bind(23, c.field_stage)
        .bind_blob(24, c.nc ? id_bytes(*c.nc) : std::span<const std::uint8_t>())
        .bind(25, c.reason);
    return st->run();
}

Status backfill_facts(Connection& db) {
    Result<Statement> st = db.prepare("SELECT seq, canonical FROM events ORDER BY seq");
    if (!st) return st.error();
    for (;;) {
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (!*row) return Status::ok();
        const std::int64_t seq = st->int64(0);
        Result<Event> event = decode_event(db, seq, st->text(1));
        if (!event) return event.error();
        if (Status s = record_facts(db, seq, *event); !s) return s;
    }
}

namespace {

constexpr int kCommonColumns = 12;  // unit ... act_time in kFactsSql

// Sets *e to the event a facts row holds (columns as read_facts' query). Assigns into e's
// strings, so that an Event reused row after row allocates next to nothing.
Status fact_event(const Connection& db, const Statement& st, Event* e) {
    Result<Uuid> id = uuid_column(db, st, 3, "facts");
    if (!id) return id.error();
    e->id = *id;
    e->sheet_version = static_cast<int>(st.int64(4));
    e->stage.assign(st.text_view(5));
    e->station.assign(st.text_view(6));
    e->stamp.assign(st.text_view(7));
    e->actor.assign(st.text_view(8));
    e->terminal_time = Timestamp{st.int64(9)};
    e->corrected_time.reset();
    if (st.int64(10) != 0) e->corrected_time = Timestamp{st.int64(11)};
    EventKind kind{};
    if (!parse_event_kind(st.text_view(2), &kind))
        return corruption(db, "facts of event seq " + std::to_string(st.int64(1)) +
                                  " have the unknown kind '" + st.text(2) + "'");
    const int k = kCommonColumns;
    switch (kind) {
        case EventKind::SheetIssued: e->body = SheetIssued{st.text(k), st.text(k + 1)}; break;
        case EventKind::SheetReprinted:
            e->body = SheetReprinted{static_cast<int>(st.int64(k + 2)), ""};
            break;
        case EventKind::StageAccepted: {
            StageAccepted b;
            if (st.int64(k + 3) == 0) b.checks.push_back(CheckResult{"", false, ""});
            e->body = std::move(b);
            break;
        }
        case EventKind::StageSignedOff: e->body = StageSignedOff{}; break;
        case EventKind::NcRaised: {
            NcRaised b;
            b.code = st.text(k + 4);
            parse_severity(st.text_view(k + 5), &b.severity);
            b.origin_stage = st.text(k + 6);
            b.quantity = static_cast<int>(st.int64(k + 7));
            b.disposition = st.text(k + 8);
            b.found = st.text(k + 9);
            b.field_stage = st.text(k + 10);
            e->body = std::move(b);
            break;
        }
        case EventKind::NcCorrected:
        case EventKind::NcVerified: {
            Result<Uuid> nc = uuid_column(db, st, k + 11, "facts");
            if (!nc) return nc.error();
            if (kind == EventKind::NcCorrected)
                e->body = NcCorrected{*nc, ""};
            else
                e->body = NcVerified{*nc, ""};
            break;
        }
        case EventKind::UnitHeld: e->body = UnitHeld{st.text(k + 12)}; break;
        case EventKind::UnitReleased: e->body = UnitReleased{}; break;
    }
    return Status::ok();
}

}  // namespace

namespace {

using UnitList = std::vector<std::pair<std::int64_t, std::string>>;  // unit, serial

// Appends the (unit, serial) rows of a prepared statement.
Status collect_units(Statement& st, UnitList& out) {
    for (;;) {
        Result<bool> row = st.step();
        if (!row) return row.error();
        if (!*row) return Status::ok();
        out.emplace_back(st.int64(0), st.text(1));
    }
}

// Calls fn with the facts of each unit listed, in the order listed.
Status read_facts(Connection& db, const UnitList& units, const UnitFactsVisitor& fn) {
    Result<Statement> st = db.prepare(
        "SELECT unit, seq, kind, id, sheet_version, stage, station, stamp, actor, terminal_time, "
        "corrected, act_time, product_type, order_no, new_version, passed, code, severity, "
        "origin_stage, quantity, disposition, found, field_stage, nc, reason "
        "FROM facts WHERE unit = ?1 ORDER BY seq");
    if (!st) return st.error();
    std::vector<Event> events;  // slots reused from unit to unit; the first n are this unit's
    for (const auto& [unit, serial] : units) {
        st->reset();
        st->bind(1, unit);
        std::size_t n = 0;
        std::int64_t last_seq = 0;
        for (;;) {
            Result<bool> row = st->step();
            if (!row) return row.error();
            if (!*row) break;
            if (n == events.size()) events.emplace_back();
            Event& e = events[n++];
            if (Status s = fact_event(db, *st, &e); !s) return s;
            e.serial.assign(serial);
            last_seq = st->int64(1);
        }
        if (Status s = fn(UnitFacts{std::span<const Event>(events.data(), n), last_seq}); !s)
            return s;
    }
    return Status::ok();
}

}  // namespace

Result<std::int64_t> read_units_acting(Connection& db, Timestamp from, Timestamp to,
                                       const UnitFactsVisitor& fn) {
    std::int64_t position = 0;
    {
        Result<Statement> st = db.prepare("SELECT coalesce(max(seq), 0) FROM events");
        if (!st) return st.error();
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (*row) position = st->int64(0);
    }
    UnitList units;
    {
        Result<Statement> st = db.prepare(
            "SELECT unit, serial FROM units WHERE unit IN "
            "(SELECT unit FROM facts WHERE act_time >= ?1 AND act_time < ?2) ORDER BY unit");
        if (!st) return st.error();
        st->bind(1, from.ms).bind(2, to.ms);
        if (Status s = collect_units(*st, units); !s) return s;
    }
    if (Status s = read_facts(db, units, fn); !s) return s;
    return position;
}

Result<bool> read_units_changed_since(Connection& db, std::int64_t after, Timestamp from,
                                      Timestamp to) {
    Result<Statement> st = db.prepare(
        "SELECT 1 FROM events e JOIN units u ON u.serial = e.serial WHERE e.seq > ?1 AND EXISTS "
        "(SELECT 1 FROM facts f WHERE f.unit = u.unit AND f.act_time >= ?2 AND f.act_time < ?3) "
        "LIMIT 1");
    if (!st) return st.error();
    st->bind(1, after).bind(2, from.ms).bind(3, to.ms);
    return st->step();
}

Status read_units_in_work(Connection& db, std::span<const RouteLength> routes, Timestamp since,
                          const UnitFactsVisitor& fn) {
    // The units acting since, then those of them in work (both from indexes).
    Result<Statement> st = db.prepare(
        "SELECT unit, serial, product_type, stages_signed FROM units "
        "WHERE unit IN (SELECT unit FROM facts WHERE act_time >= ?1) ORDER BY unit");
    if (!st) return st.error();
    st->bind(1, since.ms);
    UnitList units;
    for (;;) {
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        const std::string_view product = st->text_view(2);
        const std::int64_t signed_off = st->int64(3);
        if (std::any_of(routes.begin(), routes.end(), [&](const RouteLength& r) {
                return r.product_type == product && signed_off < r.stages;
            }))
            units.emplace_back(st->int64(0), st->text(1));
    }
    return read_facts(db, units, fn);
}

Result<UnitsSummary> read_units_summary(Connection& db) {
    UnitsSummary out;
    {
        // Each an end of facts_by_time.
        Result<Statement> st = db.prepare(
            "SELECT (SELECT act_time FROM facts ORDER BY act_time LIMIT 1), "
            "(SELECT act_time FROM facts ORDER BY act_time DESC LIMIT 1), "
            "EXISTS (SELECT 1 FROM facts)");
        if (!st) return st.error();
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (*row && st->int64(2) != 0) {
            out.first_act = Timestamp{st->int64(0)};
            out.last_act = Timestamp{st->int64(1)};
        }
    }
    Result<Statement> st = db.prepare(
        "SELECT product_type, stages_signed, on_hold, count(*) FROM units "
        "WHERE product_type != '' GROUP BY product_type, stages_signed, on_hold "
        "ORDER BY product_type, stages_signed, on_hold");
    if (!st) return st.error();
    for (;;) {
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (!*row) return out;
        out.progress.push_back({st->text(0), static_cast<int>(st->int64(1)), st->int64(2) != 0,
                                static_cast<int>(st->int64(3))});
    }
}

}  // namespace stampline::server::sqlite
