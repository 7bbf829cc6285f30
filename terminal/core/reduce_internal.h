// Internal to reduce() (reduce.h): the parts of the terminal's state machine, one file each.
//   reduce.cpp           dispatch, the clock, timeouts, Back, language, sync and reference reports
//   reduce_session.cpp   badge, PIN pad, PIN answers, lockouts, sign-out
//   reduce_scan.cpp      a scan: badge, sheet, or a refusal that quotes what was read
//   reduce_unit.cpp      the unit card: loading its trail, the provisional offline state
//   reduce_forms.cpp     acceptance and sign-off, and what all forms share
//   reduce_nc.cpp        the NC form, its correction and verification, the typed note
//   reduce_record.cpp    building an act, the local trail check, Record/Recorded, the result
//   reduce_messages.cpp  messages for the worker: refusal arguments, names, local times
// Not part of the contract: include only from those files and tests.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "shared/trail_rules.h"
#include "terminal/core/reduce.h"

namespace stampline::terminal::detail {

// One call of reduce(): the state, the outside world, and the effects asked for so far.
struct Step {
    AppState& state;
    ReduceEnv& env;
    std::vector<Effect>& effects;
};

// --- reduce.cpp
// Goes to `want`, or the nearest screen that still has what it needs (a form without its card
// falls back to the card, a card without a session to Idle).
void go(AppState& s, Screen want);

// --- reduce_session.cpp
void on_badge(Step& st, const BadgeId& badge);
void on_pin_digit(Step& st, char digit);
void on_pin_erase(Step& st);
void on_pin_submit(Step& st);
void on_pin_cancel(Step& st);
void on_pin_verified(Step& st, const PinVerified& answer);
// Back to Idle: drops the session, the PIN entry, the card, every form and the result. Acts
// already sent as Record effects stay in `recording` (they are not undone).
void sign_out(AppState& s);
// True while the stamp's badge is locked out at this terminal.
bool locked_out(const AppState& s, const std::string& stamp);
Message locked_out_message(const AppState& s, const std::string& stamp);
// Counts a PIN answer: a right PIN clears the failures, a wrong one may start a lockout.
void count_pin_answer(AppState& s, const std::string& stamp, bool ok);

// --- reduce_scan.cpp
void on_scan(Step& st, const ScanRead& scan);

// --- reduce_unit.cpp
void open_card(Step& st, const UnitIdentity& sheet);
void on_unit_loaded(Step& st, const UnitLoaded& loaded);
// Re-derives card.unit from its events (or the provisional state) and card.stage.
void rebuild_card(const AppState& s, UnitCard& card);

// --- reduce_forms.cpp
// True when the card is on screen, loaded, and this station has a stage on the unit's route
// (else false; a red result says so in the last case). Every Start* action begins with it.
bool card_ready(Step& st);
// The card's product type (from its trail, or from the sheet); nullptr when the plant lacks it.
const ProductType* card_product(const AppState& s);
// The route stage before `stage`; "" for the first one or one not on the route.
std::string previous_route_stage(const ProductType* product, std::string_view stage);
void on_start_acceptance(Step& st);
void on_set_check(Step& st, const SetCheck& a);
void on_submit_acceptance(Step& st);
void on_start_sign_off(Step& st);
void on_confirm_sign_off(Step& st);
void on_sign_off_pin_answer(Step& st, bool ok);
// Drops the acceptance, NC and follow-up forms and the sign-off PIN.
void close_forms(AppState& s);
// The NC form a failed control point opens: origin = the previous stage, the first failed check.
NcFormState nc_form_for_failed_acceptance(const AppState& s, const Event& accepted);

// --- reduce_nc.cpp
void on_start_nc(Step& st);
void on_nc_category(Step& st, const std::string& category);
void on_nc_code(Step& st, const std::string& code);
void on_nc_severity(Step& st, Severity severity);
void on_nc_origin(Step& st, const std::string& stage);
void on_nc_quantity(Step& st, int quantity);
void on_nc_disposition(Step& st, const std::string& disposition);
void on_submit_nc(Step& st);
void on_start_follow_up(Step& st, const Uuid& nc);
void on_submit_follow_up(Step& st);
void on_type_text(Step& st, const std::string& utf8);
void on_erase_text(Step& st);

// --- reduce_record.cpp
// The act as this terminal would record it now (id, serial, sheet version, station, stage,
// stamp, time) and the trail rules' verdict on it against the card's unit.
Event make_act(Step& st, EventBody body);
Decision judge(const AppState& s, const Event& e);
// Checks and records: refused -> red result, no effect; allowed -> Record effect, "saving".
void record_act(Step& st, EventBody body);
// The same check without recording, before a form opens (nil id, nothing consumed).
// Refusals about the form's content (checklist, NC fields) are not reported: the form decides.
bool allowed_to_start(Step& st, EventBody body);
void on_recorded(Step& st, const Recorded& recorded);
void show_result(AppState& s, bool recorded, Message message, Screen back_to);
void leave_result(AppState& s);

// --- reduce_messages.cpp
Message refusal_message(const AppState& s, const Decision& d, const Event& e);
Message recorded_message(const AppState& s, const Event& e);
// The sheet copy was replaced: who reprinted it and when (from the unit's trail).
Message superseded_message(const AppState& s, int scanned_version, const UnitState& unit);
std::string stage_name(const AppState& s, std::string_view code);
std::string nc_text(const AppState& s, std::string_view code);
std::string local_time(const AppState& s, Timestamp t);  // "14:35"
std::string local_date_time(const AppState& s,
                            Timestamp t);          // "29.11.2026 14:35" / "2026-11-29 14:35"
std::string date_text(const AppState& s, Date d);  // "29.11.2026" / "2026-11-29"

}  // namespace stampline::terminal::detail
