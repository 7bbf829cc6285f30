#include "server/service/field_escapes.h"

#include "shared/printable.h"
#include "shared/trail_rules.h"
#include "shared/unit_state.h"

namespace stampline::server {

Result<std::vector<FieldEscape>> record_field_escapes(WriteTxn& txn, const Plant& plant,
                                                      UuidV7Generator& ids, Timestamp now,
                                                      const FieldFault& fault,
                                                      std::string_view by) {
    const NcCode* code = plant.nc_code(fault.nc_code);
    if (!code)
        return invalid("nc_code: '" + printable_clipped(fault.nc_code) +
                       "' is not in the plant's NC catalog");
    std::vector<FieldEscape> out;
    for (const std::string& serial : fault.serials) {
        Result<std::vector<Event>> events = txn.unit_events(serial);
        if (!events) return events.error();
        const UnitState unit = derive_state(plant, *events);
        NcRaised nc;
        nc.code = code->code;
        nc.severity = code->default_severity;
        nc.origin_stage = fault.origin_stage;
        nc.note = "complaint " + fault.complaint_id;
        nc.found = "field";
        nc.field_stage = fault.lifecycle_stage;
        Event e;
        e.id = ids.next();
        e.serial = serial;
        e.sheet_version = unit.sheet_version;
        e.actor = std::string(by);
        e.terminal_time = now;
        e.body = std::move(nc);
        const Decision d = check_event(plant, unit, nullptr, e);
        if (!d.allowed()) return invalid("origin_stage: unit " + serial + ": " + d.message);
        if (Result<EventAnswer> a = txn.append(e, now); !a) return a.error();
        const StageProgress* origin = unit.progress(fault.origin_stage);
        out.push_back({serial, e.id, origin ? origin->sign_off.stamp : ""});
    }
    return out;
}

}  // namespace stampline::server
