// The nonconformance forms opened from the unit card: raising an NC (category, code, severity,
// origin, quantity, disposition, note) and recording its correction or verification; and the note
// typed on the on-screen keyboard.
#include <algorithm>

#include "terminal/core/reduce_internal.h"

namespace stampline::terminal::detail {

namespace {

constexpr std::size_t kMaxNoteBytes = 1000;
constexpr int kMaxNcQuantity = 9999;

std::string* open_note(AppState& s) {
    if (s.screen == Screen::NcForm && s.nc_form) return &s.nc_form->note;
    if (s.screen == Screen::NcFollowUp && s.follow_up) return &s.follow_up->note;
    return nullptr;
}

// Length of the UTF-8 sequence that starts with byte c (1 for a stray continuation byte).
std::size_t utf8_length(unsigned char c) {
    if (c >= 0xF0) return 4;
    if (c >= 0xE0) return 3;
    if (c >= 0xC0) return 2;
    return 1;
}

}  // namespace

// --- nonconformance

void on_start_nc(Step& st) {
    if (!card_ready(st)) return;
    AppState& s = st.state;
    NcRaised probe;
    probe.origin_stage = s.card->stage;
    if (!s.reference->plant.nc_codes.empty()) probe.code = s.reference->plant.nc_codes[0].code;
    if (!allowed_to_start(st, probe)) return;
    close_forms(s);
    NcFormState form;
    form.origin_stage = s.card->stage;
    s.nc_form = std::move(form);
    s.screen = Screen::NcForm;
}

void on_nc_category(Step& st, const std::string& category) {
    AppState& s = st.state;
    if (s.screen != Screen::NcForm || !s.nc_form) return;
    const auto& cats = s.reference->plant.nc_categories;
    if (std::none_of(cats.begin(), cats.end(),
                     [&](const NcCategory& c) { return c.code == category; }))
        return;
    s.nc_form->category = category;
    const NcCode* code = s.reference->plant.nc_code(s.nc_form->code);
    if (code && code->category != category) s.nc_form->code.clear();
    s.form_error = {};
}

void on_nc_code(Step& st, const std::string& code) {
    AppState& s = st.state;
    if (s.screen != Screen::NcForm || !s.nc_form) return;
    const NcCode* nc = s.reference->plant.nc_code(code);
    if (!nc) return;
    s.nc_form->code = nc->code;
    s.nc_form->category = nc->category;
    s.nc_form->severity = nc->default_severity;
    s.form_error = {};
}

void on_nc_severity(Step& st, Severity severity) {
    AppState& s = st.state;
    if (s.screen == Screen::NcForm && s.nc_form) s.nc_form->severity = severity;
}

void on_nc_origin(Step& st, const std::string& stage) {
    AppState& s = st.state;
    if (s.screen != Screen::NcForm || !s.nc_form) return;
    const ProductType* product = card_product(s);
    const int origin = product ? route_index(*product, stage) : -1;
    if (origin < 0 || origin > route_index(*product, s.card->stage)) {
        s.form_error = {"nc.bad_origin", {stage_name(s, stage), stage_name(s, s.card->stage)}};
        return;
    }
    s.nc_form->origin_stage = stage;
    s.form_error = {};
}

void on_nc_quantity(Step& st, int quantity) {
    AppState& s = st.state;
    if (s.screen != Screen::NcForm || !s.nc_form) return;
    if (quantity < 1 || quantity > kMaxNcQuantity) {
        s.form_error = {"nc.bad_quantity", {std::to_string(kMaxNcQuantity)}};
        return;
    }
    s.nc_form->quantity = quantity;
    s.form_error = {};
}

void on_nc_disposition(Step& st, const std::string& disposition) {
    AppState& s = st.state;
    if (s.screen != Screen::NcForm || !s.nc_form) return;
    if (!disposition.empty() && !s.reference->plant.disposition(disposition)) return;
    s.nc_form->disposition = disposition;
}

void on_submit_nc(Step& st) {
    AppState& s = st.state;
    if (s.screen != Screen::NcForm || !s.nc_form) return;
    const NcFormState& form = *s.nc_form;
    if (form.code.empty()) {
        s.form_error = {"nc.choose_code", {}};
        return;
    }
    // Opened from a failed checklist item: found at the stage's control point; else (F3 on the
    // card) during the work of the stage.
    record_act(
        st, NcRaised{form.code, form.severity, form.origin_stage, form.quantity, form.disposition,
                     form.note, form.from_failed_check ? "control_point" : "during_work", ""});
}

// --- correction / verification

void on_start_follow_up(Step& st, const Uuid& id) {
    if (!card_ready(st)) return;
    AppState& s = st.state;
    const NcState* nc = s.card->unit.nc(id);
    // An open NC (or one not on the card: the rules say why) is corrected, a corrected one
    // verified; a verified one is refused as no longer open.
    const bool verification = nc && nc->status == NcStatus::Corrected;
    const EventBody probe = verification ? EventBody{NcVerified{id, ""}} : NcCorrected{id, ""};
    if (!allowed_to_start(st, probe)) return;
    close_forms(s);
    s.follow_up = NcFollowUpForm{id, verification, ""};
    s.screen = Screen::NcFollowUp;
}

void on_submit_follow_up(Step& st) {
    AppState& s = st.state;
    if (s.screen != Screen::NcFollowUp || !s.follow_up) return;
    const NcFollowUpForm& form = *s.follow_up;
    if (form.verification)
        record_act(st, NcVerified{form.nc, form.note});
    else
        record_act(st, NcCorrected{form.nc, form.note});
}

// --- the note, typed on the on-screen keyboard

void on_type_text(Step& st, const std::string& utf8) {
    std::string* note = open_note(st.state);
    if (!note) return;
    // Whole characters only, up to the limit.
    for (std::size_t i = 0; i < utf8.size();) {
        const std::size_t n =
            std::min(utf8_length(static_cast<unsigned char>(utf8[i])), utf8.size() - i);
        if (note->size() + n > kMaxNoteBytes) break;
        if (static_cast<unsigned char>(utf8[i]) >= 0x20) note->append(utf8, i, n);
        i += n;
    }
}

void on_erase_text(Step& st) {
    std::string* note = open_note(st.state);
    if (!note || note->empty()) return;
    while (note->size() > 1 && (static_cast<unsigned char>(note->back()) & 0xC0) == 0x80)
        note->pop_back();
    note->pop_back();
}

}  // namespace stampline::terminal::detail
