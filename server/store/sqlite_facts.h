// Internal to the SQLite store: the analyses' facts kept in columns beside the event log (schema
// migration 7), so that no stored event is parsed to answer an analytics request.
//
// - facts: one row per accepted event, kept together by unit (a unit's facts are one range of
//   the table: a period's units read fast): the event as the analyses read it (UnitFacts in
//   store.h says what is left out), with its act time. facts_by_time finds the units acting in
//   a period; it grows at its end, as the log does.
// - units: one row per unit, in the order of its first event in the log, with where it is: its
//   product type, stage sign-offs and hold (written only by the events that change them). The
//   work in progress is counted from units_by_progress.
// Both are written in the transaction that appends the event.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "server/store/sqlite_connection.h"
#include "server/store/store.h"

namespace stampline::server::sqlite {

// Records the facts of the event appended at seq (inside the appending transaction).
Status record_facts(Connection& db, std::int64_t seq, const Event& event);

// Fills the facts from the stored log (migration 7 of an existing database; parses every event
// once).
Status backfill_facts(Connection& db);

// Store::units_acting, units_changed_since, units_in_work and units_summary over db.
Result<std::int64_t> read_units_acting(Connection& db, Timestamp from, Timestamp to,
                                       const UnitFactsVisitor& fn);
Result<bool> read_units_changed_since(Connection& db, std::int64_t after, Timestamp from,
                                      Timestamp to);
Status read_units_in_work(Connection& db, std::span<const RouteLength> routes, Timestamp since,
                          const UnitFactsVisitor& fn);
Result<UnitsSummary> read_units_summary(Connection& db);

}  // namespace stampline::server::sqlite
