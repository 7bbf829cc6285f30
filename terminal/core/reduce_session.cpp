// Signing in and out: the badge is checked against the reference (status, attestation, badge
// issue, the station's stages, lockout), the PIN is verified by the shell (VerifyPin effect),
// wrong PINs are counted per stamp and lock the badge out for a while.
#include <algorithm>

#include "shared/pin_hash.h"
#include "terminal/core/reduce_internal.h"

namespace stampline::terminal::detail {

namespace {

std::string stamp_stages_here(const AppState& s, const Station& station) {
    std::string out;
    for (const std::string& stage : station.stages) {
        if (!out.empty()) out += ", ";
        out += stage_name(s, stage);
    }
    return out;
}

// Why this badge may not sign in here, or an empty message when it may.
Message badge_refusal(AppState& s, const BadgeId& badge) {
    if (!s.reference) return {"pin.no_reference", {}};
    const StampRecord* stamp = s.reference->stamp(badge.stamp);
    if (!stamp) return {"pin.unknown_stamp", {badge.stamp}};
    const std::string issue = std::to_string(badge.issue);
    const std::string current = std::to_string(stamp->badge_issue);
    if (badge.issue < stamp->badge_issue)
        return {"pin.badge_superseded", {stamp->id, issue, current}};
    if (badge.issue > stamp->badge_issue)
        return {"pin.badge_unknown_issue", {stamp->id, issue, current}};
    if (stamp->status == StampStatus::Revoked) return {"pin.revoked", {stamp->id, stamp->holder}};
    if (stamp->status == StampStatus::Suspended)
        return {"pin.suspended", {stamp->id, stamp->holder}};
    if (date_of(s.now) > stamp->attestation_due)
        return {"pin.attestation_expired",
                {stamp->id, stamp->holder, date_text(s, stamp->attestation_due)}};
    if (locked_out(s, stamp->id)) return locked_out_message(s, stamp->id);
    s.pin_failures.erase(stamp->id);  // a lockout that has ended starts afresh
    const Station* station = s.reference->plant.station(s.settings.station);
    if (!station) return {"refusal.unknown_station", {s.settings.station}};
    if (std::none_of(station->stages.begin(), station->stages.end(),
                     [&](const std::string& stage) { return stamp->covers(stage); }))
        return {"pin.not_covering", {stamp->id, stamp->holder, stamp_stages_here(s, *station)}};
    if (stamp->pin_hash.empty()) return {"pin.not_set", {stamp->id, stamp->holder}};
    return {};
}

void sign_in(AppState& s, const PinEntry& entry) {
    s.session = Session{entry.badge.stamp, entry.holder, s.now};
    s.pin.reset();
    s.scan_error = {};
    s.screen = Screen::ScanSheet;
}

}  // namespace

bool locked_out(const AppState& s, const std::string& stamp) {
    const auto it = s.pin_failures.find(stamp);
    return it != s.pin_failures.end() && it->second.failures >= s.settings.pin_max_attempts &&
           s.now < it->second.locked_until;
}

Message locked_out_message(const AppState& s, const std::string& stamp) {
    const auto it = s.pin_failures.find(stamp);
    const Timestamp until = it == s.pin_failures.end() ? s.now : it->second.locked_until;
    return {"pin.locked_out", {stamp, local_time(s, until)}};
}

void count_pin_answer(AppState& s, const std::string& stamp, bool ok) {
    if (ok) {
        s.pin_failures.erase(stamp);
        return;
    }
    PinFailures& f = s.pin_failures[stamp];
    if (f.failures >= s.settings.pin_max_attempts && s.now >= f.locked_until) f = {};
    ++f.failures;
    if (f.failures >= s.settings.pin_max_attempts && s.now >= f.locked_until)
        f.locked_until = Timestamp{s.now.ms + s.settings.pin_lockout_ms};
}

void sign_out(AppState& s) {
    s.session.reset();
    s.pin.reset();
    s.card.reset();
    close_forms(s);
    s.result.reset();
    s.screen = Screen::Idle;
}

void on_badge(Step& st, const BadgeId& badge) {
    AppState& s = st.state;
    if (Message refusal = badge_refusal(s, badge); !refusal.empty()) {
        // A refused badge leaves a signed-in worker's session alone.
        if (!s.session) {
            s.pin.reset();
            s.result.reset();
            s.screen = Screen::Idle;
        }
        s.scan_error = std::move(refusal);
        return;
    }
    // Another (or the same) badge while signed in: the previous session ends here.
    sign_out(s);
    s.pin = PinEntry{badge, s.reference->stamp(badge.stamp)->holder, "", false, {}};
    s.screen = Screen::Pin;
}

void on_pin_digit(Step& st, char digit) {
    AppState& s = st.state;
    if (digit < '0' || digit > '9') return;
    if (s.screen == Screen::Pin && s.pin && !s.pin->checking) {
        if (s.pin->digits.size() < kPinMaxDigits) s.pin->digits += digit;
        s.pin->error = {};
    } else if (s.screen == Screen::SignOff && s.settings.pin_on_sign_off && !s.sign_off_checking) {
        if (s.sign_off_pin.size() < kPinMaxDigits) s.sign_off_pin += digit;
        s.form_error = {};
    }
}

void on_pin_erase(Step& st) {
    AppState& s = st.state;
    if (s.screen == Screen::Pin && s.pin && !s.pin->checking) {
        if (!s.pin->digits.empty()) s.pin->digits.pop_back();
    } else if (s.screen == Screen::SignOff && !s.sign_off_checking) {
        if (!s.sign_off_pin.empty()) s.sign_off_pin.pop_back();
    }
}

void on_pin_submit(Step& st) {
    AppState& s = st.state;
    if (s.screen == Screen::SignOff) return on_confirm_sign_off(st);
    if (s.screen != Screen::Pin || !s.pin || s.pin->checking) return;
    PinEntry& entry = *s.pin;
    if (entry.digits.size() < kPinMinDigits) {
        entry.error = {"pin.too_short", {std::to_string(kPinMinDigits)}};
        return;
    }
    const StampRecord* stamp = s.reference ? s.reference->stamp(entry.badge.stamp) : nullptr;
    if (!stamp || stamp->pin_hash.empty() || locked_out(s, entry.badge.stamp)) {
        // The reference changed under the PIN pad: judge the badge again.
        const BadgeId badge = entry.badge;
        s.pin.reset();
        s.screen = Screen::Idle;
        Message refusal = badge_refusal(s, badge);
        s.scan_error = refusal.empty() ? Message{"pin.unknown_stamp", {badge.stamp}} : refusal;
        return;
    }
    st.effects.push_back(VerifyPin{stamp->id, entry.digits, stamp->pin_hash});
    entry.digits.clear();  // the effect carries it; the state keeps no PIN
    entry.checking = true;
    entry.error = {};
}

void on_pin_cancel(Step& st) {
    AppState& s = st.state;
    if (s.screen == Screen::Pin) {
        s.pin.reset();
        s.screen = Screen::Idle;
    } else if (s.screen == Screen::SignOff) {
        close_forms(s);
        go(s, Screen::UnitCard);
    }
}

void on_pin_verified(Step& st, const PinVerified& answer) {
    AppState& s = st.state;
    // Every answer is a PIN that was tried, even when its pad was cancelled meanwhile.
    count_pin_answer(s, answer.stamp, answer.ok);
    if (s.pin && s.pin->checking && s.pin->badge.stamp == answer.stamp) {
        if (answer.ok) return sign_in(s, *s.pin);
        if (locked_out(s, answer.stamp)) {
            s.pin.reset();
            if (s.screen == Screen::Pin) s.screen = Screen::Idle;
            s.scan_error = locked_out_message(s, answer.stamp);
            return;
        }
        const int left = s.settings.pin_max_attempts - s.pin_failures[answer.stamp].failures;
        s.pin->checking = false;
        s.pin->error = {"pin.wrong", {std::to_string(left)}};
        return;
    }
    if (s.sign_off_checking && s.session && s.session->stamp == answer.stamp)
        on_sign_off_pin_answer(st, answer.ok);
}

}  // namespace stampline::terminal::detail
