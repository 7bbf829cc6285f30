// reduce(): reads the clock, notes worker activity, and hands each action to its part of the
// flow (reduce_internal.h). Here too: the timeouts judged on Tick, Back, and the reports of the
// sync thread.
#include "terminal/core/reduce.h"

#include <type_traits>

#include "terminal/core/reduce_internal.h"

namespace stampline::terminal {

namespace detail {

namespace {

bool needs_card(Screen screen) {
    switch (screen) {
        case Screen::UnitCard:
        case Screen::Acceptance:
        case Screen::SignOff:
        case Screen::NcForm:
        case Screen::NcFollowUp: return true;
        default: return false;
    }
}

bool screen_available(const AppState& s, Screen screen) {
    if (screen == Screen::Idle || screen == Screen::Attention) return true;
    if (screen == Screen::Pin) return s.pin.has_value();
    if (screen == Screen::Result) return s.result.has_value();
    if (!s.session) return false;
    if (screen == Screen::ScanSheet) return true;
    if (needs_card(screen) && !s.card) return false;
    switch (screen) {
        case Screen::Acceptance: return s.acceptance.has_value();
        case Screen::NcForm: return s.nc_form.has_value();
        case Screen::NcFollowUp: return s.follow_up.has_value();
        default: return true;
    }
}

// Inactivity: signed out (or back to Idle) once session_timeout_ms passed without a worker action.
void on_tick(AppState& s) {
    const bool active = s.session || s.pin || s.screen != Screen::Idle || !s.scan_error.empty();
    if (active && s.now.ms - s.last_activity.ms >= s.settings.session_timeout_ms) {
        sign_out(s);
        s.scan_error = {};
        return;
    }
    if (s.screen == Screen::Result && s.result && !s.result->saving &&
        s.now.ms - s.result->shown_at.ms >= s.settings.result_display_ms)
        leave_result(s);
}

void on_back(Step& st) {
    AppState& s = st.state;
    switch (s.screen) {
        case Screen::Acceptance:
        case Screen::SignOff:
        case Screen::NcForm:
        case Screen::NcFollowUp:
            close_forms(s);
            go(s, Screen::UnitCard);
            break;
        case Screen::UnitCard:
            s.card.reset();
            go(s, Screen::ScanSheet);
            break;
        case Screen::Pin: on_pin_cancel(st); break;
        case Screen::Attention: go(s, s.attention_back_to); break;
        case Screen::Result:
            if (s.result && !s.result->saving) leave_result(s);
            break;
        case Screen::Idle:
        case Screen::ScanSheet: break;
    }
}

void on_show_attention(AppState& s) {
    if (s.screen == Screen::Attention) return;
    s.attention_back_to = s.screen;
    s.screen = Screen::Attention;
}

void on_sync_report(AppState& s, const SyncReport& r) {
    s.sync = r.sync;
    s.attention = r.attention;
    // Offline, no fresher trail is coming.
    if (s.card && !s.sync.online) s.card->loading = false;
}

void on_reference(AppState& s, const ReferenceLoaded& r) {
    s.reference = r.reference;
    if (s.card) rebuild_card(s, *s.card);
}

// Every action that a person at the terminal caused (as opposed to time passing or answers).
struct IsWorkerAction {
    template <typename A>
    bool operator()(const A&) const {
        return !std::is_same_v<A, Tick> && !std::is_same_v<A, ScannerChanged> &&
               !std::is_same_v<A, PinVerified> && !std::is_same_v<A, UnitLoaded> &&
               !std::is_same_v<A, Recorded> && !std::is_same_v<A, ReferenceLoaded> &&
               !std::is_same_v<A, SyncReport>;
    }
};

struct Dispatch {
    Step& st;
    AppState& s = st.state;

    void operator()(const Tick&) { on_tick(s); }
    void operator()(const ScanRead& a) { on_scan(st, a); }
    void operator()(const ScannerChanged& a) {
        s.scanner_connected = a.connected;
        s.scanner_detail = a.detail;
    }
    void operator()(const PinDigit& a) { on_pin_digit(st, a.digit); }
    void operator()(const PinErase&) { on_pin_erase(st); }
    void operator()(const PinSubmit&) { on_pin_submit(st); }
    void operator()(const PinCancel&) { on_pin_cancel(st); }
    void operator()(const PinVerified& a) { on_pin_verified(st, a); }
    void operator()(const SignOut&) { sign_out(s); }
    void operator()(const Back&) { on_back(st); }
    void operator()(const StartAcceptance&) { on_start_acceptance(st); }
    void operator()(const SetCheck& a) { on_set_check(st, a); }
    void operator()(const SubmitAcceptance&) { on_submit_acceptance(st); }
    void operator()(const StartSignOff&) { on_start_sign_off(st); }
    void operator()(const ConfirmSignOff&) { on_confirm_sign_off(st); }
    void operator()(const StartNc&) { on_start_nc(st); }
    void operator()(const NcPickCategory& a) { on_nc_category(st, a.category); }
    void operator()(const NcPickCode& a) { on_nc_code(st, a.code); }
    void operator()(const NcSetSeverity& a) { on_nc_severity(st, a.severity); }
    void operator()(const NcSetOrigin& a) { on_nc_origin(st, a.stage); }
    void operator()(const NcSetQuantity& a) { on_nc_quantity(st, a.quantity); }
    void operator()(const NcSetDisposition& a) { on_nc_disposition(st, a.disposition); }
    void operator()(const SubmitNc&) { on_submit_nc(st); }
    void operator()(const StartFollowUp& a) { on_start_follow_up(st, a.nc); }
    void operator()(const SubmitFollowUp&) { on_submit_follow_up(st); }
    void operator()(const TypeText& a) { on_type_text(st, a.utf8); }
    void operator()(const EraseText&) { on_erase_text(st); }
    void operator()(const DismissResult&) {
        if (s.screen == Screen::Result && s.result && !s.result->saving) leave_result(s);
    }
    void operator()(const ShowAttention&) { on_show_attention(s); }
    void operator()(const SetLanguage& a) { s.settings.language = a.language; }
    void operator()(const UnitLoaded& a) { on_unit_loaded(st, a); }
    void operator()(const Recorded& a) { on_recorded(st, a); }
    void operator()(const ReferenceLoaded& a) { on_reference(s, a); }
    void operator()(const SyncReport& a) { on_sync_report(s, a); }
};

}  // namespace

void go(AppState& s, Screen want) {
    Screen screen = want;
    if (!screen_available(s, screen) && needs_card(screen) && screen != Screen::UnitCard)
        screen = Screen::UnitCard;
    if (!screen_available(s, screen) && screen == Screen::UnitCard) screen = Screen::ScanSheet;
    if (!screen_available(s, screen)) screen = s.session ? Screen::ScanSheet : Screen::Idle;
    s.screen = screen;
}

}  // namespace detail

std::vector<Effect> reduce(AppState& state, const Action& action, ReduceEnv& env) {
    std::vector<Effect> effects;
    detail::Step step{state, env, effects};
    state.now = env.clock.now();
    if (std::visit(detail::IsWorkerAction{}, action)) {
        state.last_activity = state.now;
        // A refused scan is shown until the worker does something else (reading it in the other
        // language or looking at the attention list does not count).
        if (!std::holds_alternative<SetLanguage>(action) &&
            !std::holds_alternative<ShowAttention>(action))
            state.scan_error = {};
    }
    std::visit(detail::Dispatch{step}, action);
    return effects;
}

}  // namespace stampline::terminal
