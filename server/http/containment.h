// Containment for the API and the pages (suspects_routes.cpp): the suspect units of a faulty
// unit's stage, and the hold of a complaint's suspects still in work.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "server/analytics/suspect_units.h"
#include "server/http/api_context.h"
#include "server/http/json_errors.h"

namespace stampline::server {

// The filter's members (same_stamp, same_station, same_product, same_order: true or false;
// window_hours: 0..8760) as get() gives them (query parameters as strings, a JSON body's
// members as they are); nullopt with a 400 naming the field when one is bad.
std::optional<analytics::SuspectFilter> read_suspect_filter(
    const std::function<std::optional<nlohmann::json>(const char*)>& get, ApiError* error);

Result<analytics::Suspects> find_suspects(ApiContext& ctx, const std::string& serial,
                                          const std::string& stage,
                                          const analytics::SuspectFilter& filter);

// Puts on hold (office UnitHeld by `actor`, the complaint as reason) every suspect of the
// complaint's first unit at its decided stage of origin that is in work. *answer: {complaint,
// serial, stage, held, already_on_hold, shipped}. An error: 404 unknown complaint, 409 no stage
// of origin decided.
std::optional<ApiError> hold_complaint_suspects(ApiContext& ctx, const std::string& id,
                                                const analytics::SuspectFilter& filter,
                                                const std::string& actor, nlohmann::json* answer);

}  // namespace stampline::server
