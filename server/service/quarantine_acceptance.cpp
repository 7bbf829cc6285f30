#include "server/service/quarantine_acceptance.h"

#include <string>
#include <vector>

#include "shared/canonical_event.h"
#include "shared/trail_rules.h"
#include "shared/unit_state.h"

namespace stampline::server {

bool is_clock_refusal(std::string_view reason) {
    for (Refusal r : {Refusal::ClockAhead, Refusal::ClockBehindUnit, Refusal::OfflineTooLong})
        if (reason == refusal_code(r)) return true;
    return false;
}

Result<EventAnswer> accept_quarantined_act(Store& store, const Plant& plant, const Clock& clock,
                                           const Uuid& id, std::string_view reason,
                                           std::string_view by) {
    const std::string name = "quarantined event " + to_string(id);
    EventAnswer accepted;
    Status s = store.write([&](WriteTxn& txn) -> Status {
        Result<std::optional<EventAnswer>> first = txn.find_answer(id);
        if (!first) return first.error();
        if (!first->has_value()) return not_found("no " + name);
        const EventAnswer& answer = **first;
        if (answer.verdict == Verdict::Accepted)
            return conflict(name + " is already in the log as seq " + std::to_string(answer.seq));
        if (!is_clock_refusal(answer.reason))
            return conflict(name + " was refused for " + answer.reason +
                            ", not for its clock: only clock refusals can be accepted into the "
                            "trail; resolve it with a note instead");
        Result<std::optional<std::string>> text = txn.known_text(id);
        if (!text) return text.error();
        if (!text->has_value()) return not_found("no " + name);
        Result<Event> event = parse_stored_event(**text);
        if (!event)
            return Status(Code::Corruption, name + " cannot be read: " + event.error().message());

        Result<std::vector<Event>> trail = txn.unit_events(event->serial);
        if (!trail) return trail.error();
        Result<std::optional<StampRecord>> stamp = txn.find_stamp(event->stamp);
        if (!stamp) return stamp.error();
        // An act still dated later than now cannot join the trail with that date: it would stand
        // after every act still to come, and the unit's next acts on right clocks would be
        // refused clock_behind_unit until the date came.
        const Timestamp now = clock.now();
        if (event->act_time().ms > now.ms + plant.rules.clock_ahead_tolerance_s * 1000LL)
            return conflict(name + " is dated " + format_utc(event->act_time()) +
                            ", still later than now (" + format_utc(now) +
                            "): it cannot join the trail with that date; resolve it with a note");
        const UnitState unit = derive_state(plant, *trail);
        const Decision d =
            check_event(plant, unit, stamp->has_value() ? &**stamp : nullptr, *event);
        if (!d.allowed())
            return conflict(name + " cannot join the trail now (" + refusal_code(d.refusal) +
                            "): " + d.message);
        Result<EventAnswer> appended = txn.accept_quarantined(
            *event, canonical_event(*event), now, "accepted: " + std::string(reason), by);
        if (!appended) return appended.error();
        accepted = *appended;
        return Status::ok();
    });
    if (!s) return s;
    return accepted;
}

}  // namespace stampline::server
