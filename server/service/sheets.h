// Issuing and reprinting identification sheets (the planner's office acts).
#pragma once

#include <string>

#include "server/store/store.h"
#include "shared/plant.h"
#include "shared/sheet_payload.h"
#include "shared/uuid.h"

namespace stampline::server {

struct SheetRequest {
    std::string serial;
    std::string product_type;
    std::string order;
    std::string actor;  // who issues it, e.g. "admin:t-3f9a2c"
};

struct IssuedSheet {
    UnitIdentity unit;
    std::string payload;  // the native barcode payload (sheet_payload.h)
    EventAnswer answer;
};

// Registers the unit (a SheetIssued event through ingest_batch) and returns its barcode payload.
// InvalidArgument for fields a payload cannot carry; Conflict when the trail rules refuse (e.g.
// the serial exists: the refusal is then also in the quarantine).
Result<IssuedSheet> issue_sheet(Store& store, const Plant& plant, const Clock& clock,
                                UuidV7Generator& ids, const SheetRequest& request);

// Records a reprint (SheetReprinted, next version) and returns the new payload; the old copy is
// refused from now on. NotFound for an unknown serial.
Result<IssuedSheet> reprint_sheet(Store& store, const Plant& plant, const Clock& clock,
                                  UuidV7Generator& ids, std::string_view serial,
                                  std::string_view reason, std::string_view actor);

}  // namespace stampline::server
