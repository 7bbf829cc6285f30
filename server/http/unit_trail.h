// A unit's trail as the API answers it (GET /api/v1/units/{serial}/trail), for the API and the
// web pages: the accepted events with the signers' names, the route's stages (done with who
// and when, current, pending), the nonconformances with their status, and the hold.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "server/http/api_context.h"
#include "server/http/json_errors.h"

namespace stampline::server {

// nullopt with *error filled: 400 for a serial that cannot be one, 404 for a serial never
// registered, 503 when the store fails.
std::optional<nlohmann::json> unit_trail_json(ApiContext& ctx, std::string_view serial,
                                              ApiError* error);

}  // namespace stampline::server
