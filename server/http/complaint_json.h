// A complaint as the API, the pages' forms and the CRM webhook see it.
#pragma once

#include <nlohmann/json.hpp>

#include "server/analytics/complaint_analysis.h"
#include "server/service/complaints.h"

namespace stampline::server {

// {id, status, reason, product_type, serials, lifecycle_stage, damage_cents, customer
//  {organisation, site, contact}, channel, description, registered_at, registered_by,
//  deadlines {first_answer_due, resolution_due, first_answer_at, resolved_at,
//  first_answer_overdue, resolution_overdue}, engineer, decision, commission, withdrawal_note,
//  notices [{at, by, channel, text}], attachments [{at, by, name, sha256, note}], history
//  [{status, at, by}]}; overdue at `now`.
nlohmann::json complaint_json(const Complaint& c, Timestamp now);

// The review pack's complaints section: {registered, open, overdue, field_escapes,
// damage_cents, slices [{reason, product_type, lifecycle_stage, origin_stage, complaints,
// justified, damage_cents}], months [{month, registered, resolved, damage_cents}]}.
nlohmann::json complaint_figures_json(const analytics::ComplaintFigures& f);

}  // namespace stampline::server
