// The stamp registry (head of the service department): issue, suspend, revoke, reinstate,
// stages, attestation date, PIN. Every function validates against the plant and returns the
// record as stored. NotFound for an unknown stamp id; InvalidArgument for bad fields.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/store/store.h"
#include "shared/pin_hash.h"
#include "shared/plant.h"

namespace stampline::server {

struct NewStamp {
    std::string id;  // stamp number: 1..12 of A-Z 0-9 (it is printed in the badge barcode)
    std::string holder;
    std::vector<std::string> stages;
    Date attestation_due;
    std::string pin;  // optional; "" leaves the stamp without a PIN until set
};

// Conflict when the id exists.
Result<StampRecord> issue_stamp(Store& store, const Plant& plant, const NewStamp& stamp,
                                const PinHashParams& pin_params);
Result<StampRecord> set_stamp_status(Store& store, std::string_view id, StampStatus status);
Result<StampRecord> set_stamp_stages(Store& store, const Plant& plant, std::string_view id,
                                     const std::vector<std::string>& stages);
Result<StampRecord> set_stamp_attestation(Store& store, std::string_view id, Date due);
Result<StampRecord> set_stamp_pin(Store& store, std::string_view id, std::string_view pin,
                                  const PinHashParams& pin_params);
// A new badge (e.g. the old one was lost): bumps badge_issue so the old badge is refused.
Result<StampRecord> reissue_badge(Store& store, std::string_view id);

}  // namespace stampline::server
