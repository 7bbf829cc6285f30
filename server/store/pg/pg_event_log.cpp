// The PostgreSQL events table (pg_event_log.h): the one-statement append and the chain check.
#include "server/store/pg/pg_event_log.h"

#include "shared/canonical_event.h"
#include "shared/hash_chain.h"

namespace stampline::server::pg {

namespace {

// The event, the unit found or made (its progress set from the event when made, moved when
// found and the event moves it), and its facts; nothing but the event's own row when the id is
// known (ON CONFLICT: the transaction is not aborted, so the caller can say which answer the id
// has). $1 plant, $2 seq, $3 id, $4 serial, $5 kind, $6 stage, $7 station, $8 stamp,
// $9 terminal_time, $10 received_at, $11 canonical, $12 hash; facts: $13 sheet_version, $14 actor,
// $15 corrected, $16 act_time, $17-$29 the body's columns; progress: $30 whether the event moves
// it, $31 the sheet's product type (NULL: unchanged), $32 sign-offs to add, $33 hold (NULL:
// unchanged). Affects one row (the facts') when the event was appended.
constexpr const char* kAppendSql = R"sql(
WITH ev AS (
    INSERT INTO events (plant, seq, id, serial, kind, stage, station, stamp, terminal_time,
                        received_at, canonical, hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
    ON CONFLICT (plant, id) DO NOTHING RETURNING seq),
old AS (SELECT unit FROM units WHERE plant = $1 AND serial = $4),
made AS (
    INSERT INTO units (plant, serial, product_type, stages_signed, on_hold)
    SELECT $1, $4, coalesce($31::text, ''), $32::integer, coalesce($33::boolean, false)
    WHERE EXISTS (SELECT 1 FROM ev) AND NOT EXISTS (SELECT 1 FROM old) RETURNING unit),
moved AS (
    UPDATE units SET product_type = coalesce($31::text, product_type),
                     stages_signed = stages_signed + $32::integer,
                     on_hold = coalesce($33::boolean, on_hold)
    WHERE unit = (SELECT unit FROM old) AND $30::boolean AND EXISTS (SELECT 1 FROM ev)
    RETURNING unit),
u AS (SELECT unit FROM old UNION ALL SELECT unit FROM made)
INSERT INTO facts (unit, seq, plant, kind, id, sheet_version, stage, station, stamp, actor,
                   terminal_time, corrected, act_time, product_type, order_no, new_version,
                   passed, code, severity, origin_stage, quantity, disposition, found,
                   field_stage, nc, reason)
SELECT u.unit, ev.seq, $1, $5, $3, $13::integer, $6, $7, $8, $14::text, $9, $15::boolean,
       $16::bigint, $17::text, $18::text, $19::integer, $20::boolean, $21::text, $22::text,
       $23::text, $24::integer, $25::text, $26::text, $27::text, $28::uuid, $29::text
FROM ev CROSS JOIN u
)sql";

// The facts' columns from the event's body ($17-$29 of kAppendSql), as SQLite's store keeps them.
void bind_body(Params& p, const Event& e) {
    std::string_view product_type, order_no, code, severity, origin_stage, disposition, found,
        field_stage, reason;
    std::int64_t new_version = 0, quantity = 0;
    bool passed = false;
    const Uuid* nc = nullptr;
    if (const auto* b = std::get_if<SheetIssued>(&e.body)) {
        product_type = b->product_type;
        order_no = b->order;
    } else if (const auto* b = std::get_if<SheetReprinted>(&e.body)) {
        new_version = b->new_version;
    } else if (const auto* b = std::get_if<StageAccepted>(&e.body)) {
        passed = b->all_passed();
    } else if (const auto* b = std::get_if<NcRaised>(&e.body)) {
        code = b->code;
        severity = severity_name(b->severity);
        origin_stage = b->origin_stage;
        quantity = b->quantity;
        disposition = b->disposition;
        found = b->found;
        field_stage = b->field_stage;
    } else if (const auto* b = std::get_if<NcCorrected>(&e.body)) {
        nc = &b->nc;
    } else if (const auto* b = std::get_if<NcVerified>(&e.body)) {
        nc = &b->nc;
    } else if (const auto* b = std::get_if<UnitHeld>(&e.body)) {
        reason = b->reason;
    }
    p.text(product_type).text(order_no).int64(new_version).boolean(passed).text(code);
    p.text(severity).text(origin_stage).int64(quantity).text(disposition).text(found);
    p.text(field_stage);
    if (nc != nullptr)
        p.uuid(*nc);
    else
        p.null();
    p.text(reason);
}

// The unit's progress as the event moves it ($30-$33 of kAppendSql).
void bind_progress(Params& p, const Event& e) {
    switch (e.kind()) {
        case EventKind::SheetIssued:
            p.boolean(true).text(std::get<SheetIssued>(e.body).product_type).int64(0).null();
            break;
        case EventKind::StageSignedOff: p.boolean(true).null().int64(1).null(); break;
        case EventKind::UnitHeld: p.boolean(true).null().int64(0).boolean(true); break;
        case EventKind::UnitReleased: p.boolean(true).null().int64(0).boolean(false); break;
        default: p.boolean(false).null().int64(0).null(); break;
    }
}

// $1-$33 of kAppendSql.
Params append_params(const PlantRef& plant, std::int64_t seq, const Event& e,
                     std::string_view canonical, const std::string& hash, Timestamp received_at) {
    Params p;
    p.int64(plant.id).int64(seq).uuid(e.id).text(e.serial).text(event_kind_name(e.kind()));
    p.text(e.stage).text(e.station).text(e.stamp).int64(e.terminal_time.ms);
    p.int64(received_at.ms).text(canonical).text(hash);
    p.int64(e.sheet_version).text(e.actor).boolean(e.corrected_time.has_value());
    p.int64(e.act_time().ms);
    bind_body(p, e);
    bind_progress(p, e);
    return p;
}

}  // namespace

Result<bool> insert_event(Connection& db, const PlantRef& plant, std::int64_t seq, const Event& e,
                          std::string_view canonical, const std::string& hash,
                          Timestamp received_at) {
    Result<Rows> rows =
        db.query(kAppendSql, append_params(plant, seq, e, canonical, hash, received_at));
    if (!rows) return rows.error();
    return rows->affected() == 1;
}

Status send_new_event(Connection& db, const PlantRef& plant, std::int64_t seq, const Event& e,
                      std::string_view canonical, const std::string& hash, Timestamp received_at) {
    return db.send(kAppendSql, append_params(plant, seq, e, canonical, hash, received_at), 1,
                   "event " + to_string(e.id) + " is already recorded");
}

Result<std::optional<ChainBreak>> verify_event_chain(Connection& db, const PlantRef& plant) {
    constexpr std::int64_t kBatch = 10000;
    std::string previous;
    std::int64_t previous_seq = 0;
    for (;;) {
        Result<Rows> rows = db.query(
            "SELECT seq, id, serial, kind, stage, station, stamp, terminal_time, canonical, hash "
            "FROM events WHERE plant = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            Params().int64(plant.id).int64(previous_seq).int64(kBatch));
        if (!rows) return rows.error();
        for (int r = 0; r < rows->size(); ++r) {
            const std::int64_t seq = rows->int64(r, 0);
            if (seq != previous_seq + 1) {
                return corruption(db, plant,
                                  "event seq " + std::to_string(previous_seq + 1) +
                                      " is missing: the log goes from seq " +
                                      std::to_string(previous_seq) + " to seq " +
                                      std::to_string(seq));
            }
            const std::string_view canonical = rows->text(r, 8);
            std::string stored = rows->str(r, 9);
            std::string expected = chain_hash(previous, canonical);
            if (expected.empty() || expected != stored) {
                return std::optional<ChainBreak>(ChainBreak{
                    static_cast<std::size_t>(seq - 1), std::move(expected), std::move(stored)});
            }
            Result<Event> event = decode_event(db, plant, seq, canonical);
            if (!event) return event.error();
            Result<Uuid> id = uuid_column(db, plant, *rows, r, 1, "events");
            if (!id) return id.error();
            const auto disagree = [&](const char* column) {
                return corruption(db, plant,
                                  "event seq " + std::to_string(seq) + ": column " + column +
                                      " disagrees with the event's canonical text");
            };
            if (*id != event->id) return disagree("id");
            if (rows->text(r, 2) != event->serial) return disagree("serial");
            if (rows->text(r, 3) != event_kind_name(event->kind())) return disagree("kind");
            if (rows->text(r, 4) != event->stage) return disagree("stage");
            if (rows->text(r, 5) != event->station) return disagree("station");
            if (rows->text(r, 6) != event->stamp) return disagree("stamp");
            if (rows->int64(r, 7) != event->terminal_time.ms) return disagree("terminal_time");
            previous = std::move(stored);
            previous_seq = seq;
        }
        if (rows->size() < kBatch) return std::optional<ChainBreak>();
    }
}

}  // namespace stampline::server::pg
