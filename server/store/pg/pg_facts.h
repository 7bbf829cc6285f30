// Internal to the PostgreSQL store: the analyses' reads of one plant's facts, kept in columns
// beside the log (written with each event by pg_event_log.h's append), so that no stored event
// is parsed to answer an analytics request.
//
// - facts: one row per accepted event, the event as the analyses read it (UnitFacts in store.h
//   says what is left out) with its act time; facts_by_time (plant, act_time, unit) finds the
//   units acting in a period.
// - units: one row per unit, numbered in the order of its first event, with where it is: its
//   product type, stage sign-offs and hold. The work in progress is counted from
//   units_by_progress.
// Each runs inside the caller's one-snapshot (REPEATABLE READ) transaction where it needs one.
#pragma once

#include <cstdint>
#include <span>

#include "server/store/pg/pg_connection.h"
#include "server/store/pg/pg_rows.h"
#include "server/store/store.h"

namespace stampline::server::pg {

// Store::units_acting, units_changed_since, units_in_work and units_summary of plant over db.
Result<std::int64_t> read_units_acting(Connection& db, const PlantRef& plant, Timestamp from,
                                       Timestamp to, const UnitFactsVisitor& fn);
Result<bool> read_units_changed_since(Connection& db, const PlantRef& plant, std::int64_t after,
                                      Timestamp from, Timestamp to);
Status read_units_in_work(Connection& db, const PlantRef& plant,
                          std::span<const RouteLength> routes, Timestamp since,
                          const UnitFactsVisitor& fn);
Result<UnitsSummary> read_units_summary(Connection& db, const PlantRef& plant);

}  // namespace stampline::server::pg
