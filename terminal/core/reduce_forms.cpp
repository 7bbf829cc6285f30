// The control point's checklist and the stage sign-off (with the PIN again when pin_on_sign_off),
// and what every form opened from the unit card shares. A form opens only when the trail rules
// would let this stamp act on this unit here; its submission is recorded through record_act
// (reduce_record.cpp). The NC forms are in reduce_nc.cpp.
#include <algorithm>

#include "shared/pin_hash.h"
#include "terminal/core/catalog.h"
#include "terminal/core/reduce_internal.h"

namespace stampline::terminal::detail {

bool card_ready(Step& st) {
    AppState& s = st.state;
    if (s.screen != Screen::UnitCard || !s.session || !s.reference || !s.card || !s.card->loaded)
        return false;
    if (s.card->stage.empty()) {
        const ProductType* product = s.reference->plant.product(s.card->sheet.product_type);
        show_result(s, false,
                    {"unit.no_stage_here",
                     {product ? product->name.in(language_code(s.settings.language))
                              : s.card->sheet.product_type,
                      s.settings.station}},
                    Screen::UnitCard);
        return false;
    }
    return true;
}

const ProductType* card_product(const AppState& s) {
    return s.reference->plant.product(s.card->unit.registered ? s.card->unit.product_type
                                                              : s.card->sheet.product_type);
}

std::string previous_route_stage(const ProductType* product, std::string_view stage) {
    const int i = product ? route_index(*product, stage) : -1;
    return i > 0 ? product->route[static_cast<std::size_t>(i - 1)] : "";
}

void close_forms(AppState& s) {
    s.acceptance.reset();
    s.nc_form.reset();
    s.follow_up.reset();
    s.sign_off_pin.clear();
    s.sign_off_checking = false;
    s.form_error = {};
}

// --- control point

void on_start_acceptance(Step& st) {
    if (!card_ready(st)) return;
    AppState& s = st.state;
    const std::string from = previous_route_stage(card_product(s), s.card->stage);
    const Checklist* list = s.reference->plant.checklist(from, s.card->stage);
    StageAccepted all_pass;
    if (list)
        for (const ChecklistItem& item : list->items)
            all_pass.checks.push_back({item.id, true, ""});
    if (!allowed_to_start(st, all_pass)) return;
    AcceptanceForm form;
    form.from_stage = from;
    if (list)
        for (const ChecklistItem& item : list->items) form.rows.push_back({item, std::nullopt});
    close_forms(s);
    s.acceptance = std::move(form);
    s.screen = Screen::Acceptance;
}

void on_set_check(Step& st, const SetCheck& a) {
    AppState& s = st.state;
    if (s.screen != Screen::Acceptance || !s.acceptance || a.row >= s.acceptance->rows.size())
        return;
    s.acceptance->rows[a.row].pass = a.pass;
    s.form_error = {};
}

void on_submit_acceptance(Step& st) {
    AppState& s = st.state;
    if (s.screen != Screen::Acceptance || !s.acceptance) return;
    const auto& rows = s.acceptance->rows;
    const auto unanswered = std::count_if(rows.begin(), rows.end(),
                                          [](const CheckRow& r) { return !r.pass.has_value(); });
    if (unanswered > 0) {
        s.form_error = {"form.checks_unanswered", {std::to_string(unanswered)}};
        return;
    }
    StageAccepted body;
    for (const CheckRow& r : rows) body.checks.push_back({r.item.id, *r.pass, ""});
    record_act(st, std::move(body));
}

NcFormState nc_form_for_failed_acceptance(const AppState& s, const Event& accepted) {
    NcFormState form;
    form.origin_stage = previous_route_stage(card_product(s), accepted.stage);
    if (form.origin_stage.empty()) form.origin_stage = accepted.stage;
    const auto& checks = std::get<StageAccepted>(accepted.body).checks;
    const auto failed =
        std::find_if(checks.begin(), checks.end(), [](const CheckResult& c) { return !c.pass; });
    if (failed == checks.end()) return form;
    form.from_failed_check = failed->item;
    if (const Checklist* list = s.reference->plant.checklist(form.origin_stage, accepted.stage))
        for (const ChecklistItem& item : list->items)
            if (item.id == failed->item)
                form.note = item.text.in(language_code(s.settings.language));
    return form;
}

// --- sign-off

void on_start_sign_off(Step& st) {
    if (!card_ready(st) || !allowed_to_start(st, StageSignedOff{})) return;
    AppState& s = st.state;
    close_forms(s);
    s.screen = Screen::SignOff;
}

void on_confirm_sign_off(Step& st) {
    AppState& s = st.state;
    if (s.screen != Screen::SignOff || s.sign_off_checking || !s.session) return;
    if (!s.settings.pin_on_sign_off) return record_act(st, StageSignedOff{});
    if (s.sign_off_pin.size() < kPinMinDigits) {
        s.form_error = {"pin.too_short", {std::to_string(kPinMinDigits)}};
        return;
    }
    const StampRecord* stamp = s.reference ? s.reference->stamp(s.session->stamp) : nullptr;
    if (!stamp || stamp->pin_hash.empty()) {
        s.form_error = {"pin.not_set", {s.session->stamp, s.session->holder}};
        return;
    }
    st.effects.push_back(VerifyPin{stamp->id, s.sign_off_pin, stamp->pin_hash});
    s.sign_off_pin.clear();
    s.sign_off_checking = true;
    s.form_error = {};
}

void on_sign_off_pin_answer(Step& st, bool ok) {
    AppState& s = st.state;
    s.sign_off_checking = false;
    if (ok) return record_act(st, StageSignedOff{});
    if (locked_out(s, s.session->stamp)) {
        // Someone else is at a signed-in terminal: end the session.
        Message locked = locked_out_message(s, s.session->stamp);
        sign_out(s);
        s.scan_error = std::move(locked);
        return;
    }
    const int left = s.settings.pin_max_attempts - s.pin_failures[s.session->stamp].failures;
    s.form_error = {"pin.wrong", {std::to_string(left)}};
}

}  // namespace stampline::terminal::detail
