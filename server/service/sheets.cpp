#include "server/service/sheets.h"

#include "server/service/ingest.h"

namespace stampline::server {

namespace {

Result<IssuedSheet> record(Store& store, const Plant& plant, const Clock& clock, const Event& e,
                           UnitIdentity unit) {
    Result<std::vector<IngestResult>> results = ingest_batch(store, plant, clock, "", {&e, 1});
    if (!results) return results.error();
    const EventAnswer& answer = results->front().answer;
    if (answer.verdict == Verdict::Refused) return conflict(answer.message);
    Result<std::string> payload = encode_sheet_payload(unit);
    if (!payload) return payload.error();
    return IssuedSheet{std::move(unit), std::move(*payload), answer};
}

}  // namespace

Result<IssuedSheet> issue_sheet(Store& store, const Plant& plant, const Clock& clock,
                                UuidV7Generator& ids, const SheetRequest& request) {
    UnitIdentity unit{request.serial, request.product_type, request.order, 1};
    if (Status valid = validate_unit_identity(unit); !valid) return valid;
    if (!plant.product(unit.product_type))
        return invalid("product type '" + unit.product_type +
                       "' is not in the plant configuration");
    Event e;
    e.id = ids.next();
    e.serial = unit.serial;
    e.actor = request.actor;
    e.terminal_time = clock.now();
    e.body = SheetIssued{unit.product_type, unit.order};
    return record(store, plant, clock, e, std::move(unit));
}

Result<IssuedSheet> reprint_sheet(Store& store, const Plant& plant, const Clock& clock,
                                  UuidV7Generator& ids, std::string_view serial,
                                  std::string_view reason, std::string_view actor) {
    Result<std::vector<StoredEvent>> trail = store.trail(serial);
    if (!trail) return trail.error();
    if (trail->empty())
        return not_found("no identification sheet was issued for unit '" + std::string(serial) +
                         "'");
    std::vector<Event> events;
    for (const StoredEvent& s : *trail) events.push_back(s.event);
    const UnitState state = derive_state(plant, events);
    Event e;
    e.id = ids.next();
    e.serial = std::string(serial);
    e.sheet_version = state.sheet_version;
    e.actor = std::string(actor);
    e.terminal_time = clock.now();
    e.body = SheetReprinted{state.sheet_version + 1, std::string(reason)};
    return record(store, plant, clock, e,
                  {state.serial, state.product_type, state.order, state.sheet_version + 1});
}

}  // namespace stampline::server
