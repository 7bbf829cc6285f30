// The bodies of the service department's pages: oversight of the stamp holders, corrective
// actions with their forms, and the quarantine of refused events with its resolve form. Pure.
#pragma once

#include <span>
#include <string>

#include "server/analytics/stamp_oversight.h"
#include "server/service/corrective_actions.h"
#include "server/store/store.h"
#include "server/web/analytics_pages.h"
#include "server/web/web_text.h"
#include "shared/plant.h"

namespace stampline::server::web {

// What the last form post did, shown above the page: "" when nothing, else a message.
struct Outcome {
    std::string saved;  // e.g. "CA-2026-004"
    std::string error;
};

// With the form to record a procedure audit of a stamp holder.
std::string stamps_body(std::span<const analytics::StampOversight> rows,
                        std::span<const analytics::AttestationDue> due, WebLang lang,
                        std::string_view csrf, std::string_view csv_href);

// The form that records a procedure audit (POST /ui/audits) of the unit `serial`, or, when
// serial is "", of one of `stamps`.
std::string audit_form(WebLang lang, std::string_view csrf, std::string_view serial,
                       std::span<const std::string> stamps);

// Every action with its status form (and verification form once done), the figures per month,
// and the form for a new action.
std::string actions_body(std::span<const CorrectiveAction> actions,
                         std::span<const CaMonthFigures> months, const Plant& plant, WebLang lang,
                         std::string_view csrf, Date today, const Outcome& outcome);
// One action as a table row (for the review pack too); `forms`: with status/verification forms.
std::string action_table(std::span<const CorrectiveAction* const> actions, WebLang lang,
                         std::string_view csrf, Date as_of, bool forms);

// Which review a new action's form records for. From a review page (`back` its path under /ui/):
// that page's month, fixed, and the browser goes back there after saving. Elsewhere (`back`
// empty): a month field with `month` as its default, and back to the corrective actions page.
struct ActionFormReview {
    YearMonth month;
    std::string back;
};
std::string new_action_form(const Plant& plant, WebLang lang, std::string_view csrf,
                            const ActionFormReview& review);

std::string quarantine_body(std::span<const QuarantineEntry> entries, WebLang lang,
                            std::string_view csrf, bool all, const Outcome& outcome);

std::string outcome_html(WebLang lang, const Outcome& outcome);

}  // namespace stampline::server::web
