// Every act goes the same way: built with a fresh id, the scanned copy's sheet version, this
// station, the card's stage, the signed-in stamp and the time; judged by the trail rules here
// first (refused: a red result, nothing recorded); allowed: a Record effect and a "saving" result
// that turns green only when the shell answers Recorded ok (the event is durable in the outbox).
#include <algorithm>

#include "terminal/core/reduce_internal.h"

namespace stampline::terminal::detail {

namespace {

// Refusals about what a form says rather than whether this stamp may act on this unit here.
bool about_form_content(Refusal r) {
    switch (r) {
        case Refusal::ChecklistMissingItem:
        case Refusal::ChecklistUnknownItem:
        case Refusal::NcUnknownCode:
        case Refusal::NcUnknownDisposition:
        case Refusal::NcOriginNotInRoute:
        case Refusal::NcOriginAfterDetection: return true;
        default: return false;
    }
}

Event build_act(const AppState& s, EventBody body) {
    Event e;
    e.serial = s.card->sheet.serial;
    e.sheet_version = s.card->sheet.sheet_version;
    e.station = s.settings.station;
    e.stage = s.card->stage;
    e.stamp = s.session->stamp;
    e.terminal_time = s.now;
    // The server's clock by this terminal's last measure (DESIGN.md §5): what the server's bounds,
    // the trail and the analytics go by.
    if (s.sync.clock_offset_ms) e.corrected_time = Timestamp{s.now.ms - *s.sync.clock_offset_ms};
    e.body = std::move(body);
    return e;
}

}  // namespace

Event make_act(Step& st, EventBody body) {
    Event e = build_act(st.state, std::move(body));
    e.id = st.env.ids.next();
    return e;
}

Decision judge(const AppState& s, const Event& e) {
    return check_event(s.reference->plant, s.card->unit, s.reference->stamp(e.stamp), e);
}

void record_act(Step& st, EventBody body) {
    AppState& s = st.state;
    if (!s.session || !s.card || !s.reference) return;
    Event e = make_act(st, std::move(body));
    const Decision d = judge(s, e);
    close_forms(s);
    if (!d.allowed()) return show_result(s, false, refusal_message(s, d, e), Screen::UnitCard);
    st.effects.push_back(Record{e});
    show_result(s, false, {"result.saving", {}}, Screen::UnitCard);
    s.result->saving = true;
    s.result->event = e.id;
    s.recording.push_back(std::move(e));
}

bool allowed_to_start(Step& st, EventBody body) {
    AppState& s = st.state;
    const Event e = build_act(s, std::move(body));
    const Decision d = judge(s, e);
    if (d.allowed() || about_form_content(d.refusal)) return true;
    show_result(s, false, refusal_message(s, d, e), Screen::UnitCard);
    return false;
}

void on_recorded(Step& st, const Recorded& answer) {
    AppState& s = st.state;
    const auto it = std::find_if(s.recording.begin(), s.recording.end(),
                                 [&](const Event& e) { return e.id == answer.event; });
    if (it == s.recording.end()) return;
    const Event e = std::move(*it);
    s.recording.erase(it);
    const bool on_screen = s.result && s.result->saving && s.result->event == e.id;
    if (!answer.status.is_ok()) {
        // Nothing was saved: say so even if the worker has moved on.
        const Screen back = s.screen == Screen::Result && s.result ? s.result->back_to : s.screen;
        show_result(s, false, {"result.not_saved", {}}, back);  // the shell logged why
        return;
    }
    const bool this_card = s.card && s.card->sheet.serial == e.serial;
    if (this_card) {
        s.card->recorded.push_back(e);
        rebuild_card(s, *s.card);
    }
    if (!on_screen) return;
    Screen back = Screen::UnitCard;
    if (const auto* accepted = std::get_if<StageAccepted>(&e.body);
        accepted && !accepted->all_passed() && this_card && s.session) {
        s.nc_form = nc_form_for_failed_acceptance(s, e);
        back = Screen::NcForm;
    }
    show_result(s, true, recorded_message(s, e), back);
}

// Over the attention list the result waits underneath it.
void show_result(AppState& s, bool recorded, Message message, Screen back_to) {
    ResultState r;
    r.recorded = recorded;
    r.message = std::move(message);
    r.back_to = back_to;
    r.shown_at = s.now;
    s.result = std::move(r);
    if (s.screen == Screen::Attention)
        s.attention_back_to = Screen::Result;
    else
        s.screen = Screen::Result;
}

void leave_result(AppState& s) {
    const Screen back = s.result ? s.result->back_to : Screen::UnitCard;
    s.result.reset();
    go(s, back);
}

}  // namespace stampline::terminal::detail
