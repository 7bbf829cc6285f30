// Corrective actions decided at the monthly review meeting, and checked at a later one: create
// (title, linked NC codes and stages, owner department, due date), change status, record the
// verification of their effect; due, done and overdue per month.
//
// Kept as an append-only log in the store (CorrectiveActionEntry): an action is its "created"
// entry folded with its later "status" and "verification" entries; nothing is changed or removed.
//
// Status transitions allowed:
//   open        -> in_progress | done | cancelled
//   in_progress -> open | done | cancelled
//   done, cancelled: final
// Verification: only for a done action, once. Errors: InvalidArgument naming the field first
// ("title: ..."), NotFound for an unknown id, Conflict for a transition or verification not
// allowed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/store.h"
#include "shared/plant.h"
#include "shared/time.h"

namespace stampline::server {

enum class CaStatus { Open, InProgress, Done, Cancelled };
const char* ca_status_name(CaStatus s);  // "open" | "in_progress" | "done" | "cancelled"
bool parse_ca_status(std::string_view text, CaStatus* out);
bool ca_transition_allowed(CaStatus from, CaStatus to);

struct CaStatusChange {
    CaStatus from = CaStatus::Open;
    CaStatus to = CaStatus::Open;
    Timestamp at;
    std::string by;
    std::string note;
};

struct CaVerification {
    Timestamp at;
    std::string by;
    bool effective = false;
    std::string note;
};

struct CorrectiveAction {
    std::string id;  // "CA-YYYY-NNN": the year of creation and its number in that year
    std::string title;
    std::vector<std::string> nc_codes;
    std::vector<std::string> stages;
    std::string owner_department;
    Date due;
    // The review meeting that decided it: the month under review, whatever day the decision was
    // typed in (the meeting of November sits in early December). Entries written before the
    // field existed carry none; they are read as the month of created_at (UTC), which is how the
    // review pack listed them then, so old packs do not change.
    YearMonth review_month;
    CaStatus status = CaStatus::Open;
    Timestamp created_at;
    std::string created_by;
    std::optional<CaVerification> verification;
    std::vector<CaStatusChange> history;  // in order

    // The status the action had at instant t (before t: changes at or after t do not count);
    // nullopt when it did not exist yet.
    std::optional<CaStatus> status_at(Timestamp t) const;
    // When it was (last) made done; nullopt when it is not done.
    std::optional<Timestamp> done_at() const;
};

struct NewCorrectiveAction {
    std::string title;
    std::vector<std::string> nc_codes;  // each known to the plant; no duplicates
    std::vector<std::string> stages;    // each known to the plant; no duplicates
    std::string owner_department;
    Date due;
    YearMonth review_month;  // not after the month of the clock's now
};

// Validation alone, for callers that want it before writing; `now` bounds the review month (a
// month that has not begun has no review yet).
Status validate_corrective_action(const Plant& plant, const NewCorrectiveAction& action,
                                  Timestamp now);

Result<CorrectiveAction> create_corrective_action(Store& store, const Plant& plant,
                                                  const Clock& clock,
                                                  const NewCorrectiveAction& action,
                                                  std::string_view by);
Result<CorrectiveAction> set_corrective_action_status(Store& store, const Clock& clock,
                                                      std::string_view id, CaStatus to,
                                                      std::string_view note, std::string_view by);
Result<CorrectiveAction> verify_corrective_action(Store& store, const Clock& clock,
                                                  std::string_view id, bool effective,
                                                  std::string_view note, std::string_view by);
// NotFound for an unknown id.
Result<CorrectiveAction> corrective_action(Store& store, std::string_view id);
// Every action, in the order created.
Result<std::vector<CorrectiveAction>> corrective_actions(Store& store);

// The figures of one month. Cancelled actions (cancelled before the month's end) count nowhere.
//   due:          actions whose due date is in the month
//   done_on_time: actions made done in the month on or before their due date (the plant's days)
//   done_late:    actions made done in the month after their due date
//   overdue:      actions that existed, were open or in progress and whose due date had passed
//                 at the month's end; for the current month, at `now` (a due date passes when
//                 its day is over). A month that has not begun has none.
struct CaMonthFigures {
    YearMonth month;
    int due = 0;
    int done_on_time = 0;
    int done_late = 0;
    int overdue = 0;
    int done() const { return done_on_time + done_late; }
};

// One row per month from..to (both included, from <= to), empty months included; months and due
// dates are the plant's (zone: plant.zone). An action is overdue from the local midnight that
// ends its due date.
std::vector<CaMonthFigures> corrective_action_months(const std::vector<CorrectiveAction>& actions,
                                                     YearMonth from, YearMonth to, Timestamp now,
                                                     const TimeZone& zone);

}  // namespace stampline::server
