// Field escapes: a justified product-fault complaint becomes a nonconformance found in the field
// on each of its units, traced to the production stage it originated at. It then counts where
// every NC counts (the unit's trail, the Pareto, the escape matrix's field columns, the stage
// ranking, the oversight of the stamp that signed the stage of origin) as an escape past every
// control point after that stage.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/store/store.h"
#include "shared/plant.h"
#include "shared/uuid.h"

namespace stampline::server {

struct FieldEscape {
    std::string serial;
    Uuid nc;                   // the NcRaised event's id
    std::string origin_stamp;  // the stamp that signed the stage of origin off on this unit
};

struct FieldFault {
    std::string complaint_id;
    std::vector<std::string> serials;
    std::string nc_code;          // a code of the plant's NC catalog; its default severity
    std::string origin_stage;     // a stage each unit has passed (signed off)
    std::string lifecycle_stage;  // where it showed: transport, installation, ...
};

// Appends, inside the caller's transaction, one office NcRaised per unit (found "field", no
// stage, station or stamp; the actor `by`; the note names the complaint), each checked by the
// trail rules first. InvalidArgument naming the field and the unit when one is refused; then the
// caller's transaction is to be rolled back.
Result<std::vector<FieldEscape>> record_field_escapes(WriteTxn& txn, const Plant& plant,
                                                      UuidV7Generator& ids, Timestamp now,
                                                      const FieldFault& fault, std::string_view by);

}  // namespace stampline::server
