// The bodies of the customer complaint pages (the service department). Pure.
//   register:  filters (reason, product, lifecycle stage, status, customer), every complaint
//              with its deadlines (overdue in red) and the total damage; the registration form
//   complaint: its facts, deadlines, the timeline of its steps and notices, the units (links to
//              their trails), the field NCs, the suspect units with the hold form, the linked
//              corrective actions, and the form of each step allowed now
//   protocol:  the claims commission's protocol, for A4 paper
#pragma once

#include <optional>
#include <span>
#include <string>

#include "server/analytics/suspect_units.h"
#include "server/service/complaints.h"
#include "server/service/corrective_actions.h"
#include "server/web/office_pages.h"
#include "server/web/web_text.h"
#include "shared/plant.h"

namespace stampline::server::web {

// `can_write`: the user may register and record steps (the service department).
std::string complaints_register_body(std::span<const Complaint> complaints,
                                     const ComplaintFilter& filter, const Plant& plant,
                                     WebLang lang, Timestamp now, std::string_view csrf,
                                     bool can_write, const Outcome& outcome);

struct ComplaintView {
    const Complaint& complaint;
    // The units that passed the stage of origin under `filter` (with a decided stage of origin).
    const analytics::Suspects* suspects = nullptr;
    analytics::SuspectFilter filter;
    std::span<const CorrectiveAction> actions;  // every corrective action (linked ones are shown)
};

std::string complaint_body(const ComplaintView& view, const Plant& plant, WebLang lang,
                           Timestamp now, std::string_view csrf, bool can_write,
                           const Outcome& outcome);

std::string protocol_body(const Complaint& complaint, std::span<const CorrectiveAction> actions,
                          const Plant& plant, WebLang lang);

}  // namespace stampline::server::web
