// The JSON views of stored records that the API returns.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "server/service/corrective_actions.h"
#include "server/store/store.h"
#include "shared/plant.h"
#include "shared/stamp.h"

namespace stampline::server {

// {id, holder, stages, status, attestation_due, badge_issue, pin_hash, has_pin}: everything a
// terminal needs to check a badge and PIN offline (the PIN only as its argon2id hash).
nlohmann::json stamp_json(const StampRecord& stamp);

// {id, role, station (null unless terminal), label, created_at, revoked}; never the secret.
nlohmann::json token_json(const TokenRecord& token);

// {id, station, reason, message, received_at, event, resolved, resolution, resolved_by}.
nlohmann::json quarantine_json(const QuarantineEntry& entry);

// {id, title, nc_codes, stages, owner_department, due, status, created_at, created_by,
//  verification: {at, by, effective, note} | null, history: [{from, to, at, by, note}]}.
nlohmann::json corrective_action_json(const CorrectiveAction& action);

// {id, serial, stamp (each null when not given), holder (the stamp holder's name; null when
//  no stamp or unknown), result: "pass" | "finding", text, actor, recorded_at}.
nlohmann::json procedure_audit_json(const ProcedureAudit& audit, std::string_view holder);

// The plant configuration a terminal caches: stages, products with routes, stations,
// checklists, the NC catalog, dispositions and the rule options.
nlohmann::json plant_json(const Plant& plant);

}  // namespace stampline::server
