#include "server/store/sqlite_event_rows.h"

#include <algorithm>

#include "shared/canonical_event.h"
#include "shared/hash_chain.h"

namespace stampline::server::sqlite {

Status corruption(const Connection& db, const std::string& what) {
    return Status(Code::Corruption, "database " + db.path() + ": " + what);
}

Result<Uuid> uuid_column(const Connection& db, const Statement& st, int column,
                         std::string_view table) {
    const auto bytes = st.blob(column);
    Uuid id;
    if (bytes.size() != id.bytes.size()) {
        return corruption(db, "a row of " + std::string(table) + " has an id of " +
                                  std::to_string(bytes.size()) + " bytes, not 16");
    }
    std::copy(bytes.begin(), bytes.end(), id.bytes.begin());
    return id;
}

Result<Event> decode_event(const Connection& db, std::int64_t seq, std::string_view canonical) {
    Result<Event> event = parse_stored_event(canonical);
    if (!event) {
        return corruption(
            db, "event seq " + std::to_string(seq) +
                    ": the stored canonical text does not parse: " + event.error().message());
    }
    return event;
}

Result<std::optional<ChainBreak>> verify_event_chain(Connection& db) {
    Result<Statement> st = db.prepare(
        "SELECT seq, id, serial, kind, stage, station, stamp, terminal_time, canonical, hash "
        "FROM events ORDER BY seq");
    if (!st) return st.error();
    std::string previous;
    for (;;) {
        Result<bool> row = st->step();
        if (!row) return row.error();
        if (!*row) return std::optional<ChainBreak>();
        const std::int64_t seq = st->int64(0);
        if (seq < 1) return corruption(db, "an event has seq " + std::to_string(seq));
        const std::string canonical = st->text(8);
        std::string stored = st->text(9);
        std::string expected = chain_hash(previous, canonical);
        if (expected.empty() || expected != stored) {
            return std::optional<ChainBreak>(ChainBreak{static_cast<std::size_t>(seq - 1),
                                                        std::move(expected), std::move(stored)});
        }
        Result<Event> event = decode_event(db, seq, canonical);
        if (!event) return event.error();
        Result<Uuid> id = uuid_column(db, *st, 1, "events");
        if (!id) return id.error();
        const auto disagree = [&](const char* column) {
            return corruption(db, "event seq " + std::to_string(seq) + ": column " + column +
                                      " disagrees with the event's canonical text");
        };
        if (*id != event->id) return disagree("id");
        if (st->text(2) != event->serial) return disagree("serial");
        if (st->text(3) != event_kind_name(event->kind())) return disagree("kind");
        if (st->text(4) != event->stage) return disagree("stage");
        if (st->text(5) != event->station) return disagree("station");
        if (st->text(6) != event->stamp) return disagree("stamp");
        if (st->int64(7) != event->terminal_time.ms) return disagree("terminal_time");
        previous = std::move(stored);
    }
}

}  // namespace stampline::server::sqlite
