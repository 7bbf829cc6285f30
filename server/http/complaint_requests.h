// The bodies of the complaint steps, read from JSON: the API's request bodies and the web pages'
// forms (converted to the same JSON) go through the same checks. Each returns nullopt with the
// error (400, naming the field) when the body is refused.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "server/http/json_errors.h"
#include "server/service/complaints.h"

namespace stampline::server {

// {reason, product_type, serials, lifecycle_stage, damage_cents, customer {organisation, site,
// contact}, channel, description}
std::optional<NewComplaint> read_new_complaint(const nlohmann::json& body, ApiError* error);
// {justified, findings, conclusions [{department, text}], origin_stage, nc_code}
std::optional<ComplaintDecision> read_decision(const nlohmann::json& body, ApiError* error);
// {chair, members, measures, corrective_actions}
std::optional<CommissionProtocol> read_protocol(const nlohmann::json& body, ApiError* error);

}  // namespace stampline::server
