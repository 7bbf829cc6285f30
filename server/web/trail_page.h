// The unit's trail page: what QC auditors read to see everything that happened to one unit.
// Rendered from the API's trail JSON (server/http/unit_trail.h), so the page and the API say
// the same thing. Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "server/web/web_text.h"
#include "shared/plant.h"

namespace stampline::server::web {

// The body of the page: the unit, its route as a row of stages, its nonconformances, the
// events in log order with signers and hashes, and the procedure audits with the form to record
// one (csrf: the session's form token).
std::string trail_page_body(const nlohmann::json& trail, const Plant& plant, WebLang lang,
                            std::string_view csrf);

// The events table as CSV.
std::string trail_csv(const nlohmann::json& trail);

// The plant's name of a stage or NC code in lang; the code itself when the plant has none.
std::string stage_name(const Plant& plant, std::string_view code, WebLang lang);
std::string nc_text(const Plant& plant, std::string_view code, WebLang lang);
// The plant's name of a lifecycle stage (transport, operation, ...) in lang.
std::string lifecycle_name(const Plant& plant, std::string_view code, WebLang lang);

}  // namespace stampline::server::web
