// Raising a nonconformance, in two views of one form: first the code, picked from the plant's
// catalog by category (a grid of codes); then the details: severity, quantity (+/-),
// disposition, the stage where it originated, and a note typed on the on-screen keyboard
// (which takes the screen while open). Enter records it; Esc goes back to the card.
#include <algorithm>

#include "terminal/ui/on_screen_keyboard.h"
#include "terminal/ui/plant_text.h"
#include "terminal/ui/views.h"
#include "terminal/ui/widgets.h"

namespace stampline::terminal::ui {

namespace {

void label(UiFrame& f, Rect& area, std::string_view text) {
    const Rect r = area.take_top(f.fonts->bold->FontSize + 2, 6);
    draw_text(f.fonts->bold, r.min(), r.w, text, color::kText, 1);
}

void form_error(const AppState& s, UiFrame& f, Rect& area) {
    if (s.form_error.empty()) return;
    const std::string text = f.t(s.form_error);
    banner(f, area.take_top(banner_height(f, area.w, text, ""), size::kGap), color::kDangerLight,
           color::kDanger, text, "");
}

void code_picker(const AppState& s, UiFrame& f, const NcFormState& form, Rect area) {
    const Plant& plant = s.reference->plant;
    const std::string category = form.category.empty() && !plant.nc_categories.empty()
                                     ? plant.nc_categories[0].code
                                     : form.category;
    Rect cats = area.take_left(400, size::kGap * 2);
    const float cat_h =
        std::min(size::kRowHeight,
                 (cats.h - 8 * static_cast<float>(plant.nc_categories.size() - 1)) /
                     static_cast<float>(std::max<std::size_t>(1, plant.nc_categories.size())));
    for (const NcCategory& c : plant.nc_categories) {
        ButtonOptions o;
        o.tone = c.code == category ? Tone::Selected : Tone::Neutral;
        o.align_left = true;
        o.max_lines = 2;
        o.font = cat_h < 56 ? f.fonts->small : f.fonts->compact;
        if (button(f, "nc.category." + c.code, c.name.in(f.lang_code()), cats.take_top(cat_h, 8),
                   o))
            f.emit(NcPickCategory{c.code});
    }
    std::vector<const NcCode*> codes;
    for (const NcCode& c : plant.nc_codes)
        if (c.category == category) codes.push_back(&c);
    const int rows = std::max(1, static_cast<int>((codes.size() + 1) / 2));
    const float cell_h = std::min(
        120.0f, (area.h - size::kGap * static_cast<float>(rows - 1)) / static_cast<float>(rows));
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const NcCode& c = *codes[i];
        ButtonOptions o;
        o.tone = c.code == form.code ? Tone::Selected : Tone::Neutral;
        o.align_left = true;
        o.font = f.fonts->bold;
        o.detail = c.text.in(f.lang_code());
        o.detail_font = f.fonts->compact;
        if (button(f, "nc.code." + c.code,
                   c.code + " · " + std::string(f.t(severity_key(c.default_severity))),
                   grid_cell(area, 2, cell_h, size::kGap, static_cast<int>(i)), o)) {
            f.emit(NcPickCode{c.code});
            f.memory->nc_picking = false;
        }
    }
}

void details(const AppState& s, UiFrame& f, const NcFormState& form, Rect area) {
    const Plant& plant = s.reference->plant;
    // The chosen code, with a way back to the picker.
    Rect chosen = area.take_top(84, size::kGap);
    panel(chosen);
    Rect ci = chosen.inset(16, 8);
    ButtonOptions change;
    if (button(f, "nc.change_code", f.t("ui.nc.change_code"), ci.take_right(240, 12).inset(0, 2),
               change))
        f.memory->nc_picking = true;
    float y = ci.y;
    y += draw_text(
        f.fonts->bold, ci.min(), ci.w,
        fit_line(f.fonts->bold, form.code + " · " + nc_category_name(s, form.category), ci.w),
        color::kText, 1);
    draw_text(f.fonts->body, ImVec2(ci.x, y + 2), ci.w,
              fit_line(f.fonts->body, nc_code_text(s, form.code), ci.w), color::kText, 1);

    // Severity and quantity side by side, across the screen.
    Rect row = area.take_top(f.fonts->bold->FontSize + 8 + size::kRowHeight, size::kGap);
    Rect sev_r = row.take_left(row.w * 0.62f, size::kGap * 3);
    label(f, sev_r, f.t("ui.nc.severity"));
    const std::vector<Rect> sev = columns(sev_r, 3, 8);
    const Severity all[] = {Severity::Minor, Severity::Major, Severity::Critical};
    for (int i = 0; i < 3; ++i) {
        ButtonOptions o;
        o.tone = form.severity == all[i]
                     ? (all[i] == Severity::Minor ? Tone::Selected : Tone::Danger)
                     : Tone::Neutral;
        o.font = f.fonts->compact;
        if (button(f, "nc.severity." + std::string(severity_name(all[i])),
                   f.t(severity_key(all[i])), sev[static_cast<std::size_t>(i)], o))
            f.emit(NcSetSeverity{all[i]});
    }
    label(f, row, f.t("ui.nc.quantity"));
    ButtonOptions minus;
    minus.font = f.fonts->heading;
    minus.enabled = form.quantity > 1;
    if (button(f, "nc.quantity.minus", "−", row.take_left(100, 8), minus))
        f.emit(NcSetQuantity{form.quantity - 1});
    ButtonOptions plus;
    plus.font = f.fonts->heading;
    if (button(f, "nc.quantity.plus", "+", row.take_right(100, 8), plus))
        f.emit(NcSetQuantity{form.quantity + 1});
    panel(row);
    draw_text_in(f.fonts->heading, row, std::to_string(form.quantity), color::kText, Align::Center,
                 1);

    // Disposition on the left; the stage of origin and the note on the right.
    Rect left = area.take_left((area.w - size::kGap * 3) / 2, size::kGap * 3);
    Rect right = area;
    label(f, left, f.t("ui.nc.disposition"));
    const float disp_h = 60;
    for (std::size_t i = 0; i < plant.dispositions.size(); ++i) {
        const Disposition& d = plant.dispositions[i];
        ButtonOptions o;
        o.tone = d.code == form.disposition ? Tone::Selected : Tone::Neutral;
        o.font = f.fonts->compact;
        const Rect cell = grid_cell(left, 2, disp_h, 8, static_cast<int>(i));
        if (cell.bottom() > left.bottom() + 1) break;
        if (button(f, "nc.disposition." + d.code, d.name.in(f.lang_code()), cell, o))
            f.emit(NcSetDisposition{d.code == form.disposition ? std::string() : d.code});
    }

    // Where it originated: the route up to this station's stage.
    label(f, right, f.t("ui.nc.origin"));
    std::vector<std::string> stages;
    if (const ProductType* p = plant.product(s.card->unit.registered ? s.card->unit.product_type
                                                                     : s.card->sheet.product_type))
        for (const std::string& st : p->route) {
            stages.push_back(st);
            if (st == s.card->stage) break;
        }
    const int origin_rows = std::max(1, static_cast<int>((stages.size() + 2) / 3));
    const float origin_h = 72;
    Rect origin = right.take_top(static_cast<float>(origin_rows) * (origin_h + 8) - 8, size::kGap);
    for (std::size_t i = 0; i < stages.size(); ++i) {
        ButtonOptions o;
        o.tone = stages[i] == form.origin_stage ? Tone::Selected : Tone::Neutral;
        o.font = f.fonts->compact;
        o.max_lines = 3;
        if (button(f, "nc.origin." + stages[i], stage_short_name(s, stages[i]),
                   grid_cell(origin, 3, origin_h, 8, static_cast<int>(i)), o))
            f.emit(NcSetOrigin{stages[i]});
    }

    label(f, right, f.t("ui.nc.note"));
    Rect note = right.take_top(std::max(size::kRowHeight, std::min(right.h, 100.0f)));
    ButtonOptions edit;
    if (button(f, "nc.note.edit", f.t("ui.nc.edit_note"), note.take_right(190, 8), edit))
        f.memory->keyboard_open = true;
    note_box(f, note, form.note, f.t("ui.nc.note_placeholder"), false);
}

}  // namespace

void draw_nc_form_view(const AppState& s, UiFrame& f, Rect area) {
    if (!s.nc_form || !s.card || !s.reference) return;
    const NcFormState& form = *s.nc_form;
    ViewMemory& m = *f.memory;

    Rect bottom = bottom_bar(area);
    if (m.keyboard_open) {
        ButtonOptions done;
        done.hotkey = Hotkey::Enter;
        done.tone = Tone::Primary;
        if (button(f, "ui.keyboard.done", f.t("ui.keyboard.done"), bottom.take_right(320), done) ||
            f.take_key(Hotkey::Escape))
            m.keyboard_open = false;
        screen_title(f, area, f.t("ui.nc.note_title"));
        note_box(f, area.take_top(3 * f.fonts->body->FontSize + 16, size::kGap), form.note,
                 f.t("ui.nc.note_placeholder"));
        on_screen_keyboard(f, area);
        return;
    }
    ButtonOptions back;
    back.hotkey = Hotkey::Escape;
    if (button(f, "ui.back", f.t("ui.back"), bottom.take_left(220, size::kGap), back))
        f.emit(Back{});
    ButtonOptions submit;
    submit.hotkey = Hotkey::Enter;
    submit.tone = Tone::Warning;
    submit.enabled = !form.code.empty();
    if (button(f, "ui.nc.submit", f.t("ui.nc.submit"), bottom.take_right(440), submit))
        f.emit(SubmitNc{});

    screen_title(f, area,
                 tr(f.lang, Message{"ui.nc.title",
                                    {s.card->sheet.serial, stage_short_name(s, s.card->stage)}}));
    if (form.from_failed_check) {
        const std::string_view title = f.t("ui.nc.from_failed_check");
        const float h = banner_height(f, area.w, title, "");
        banner(f, area.take_top(h, size::kGap), color::kWarningLight, color::kText, title, "");
    }
    form_error(s, f, area);
    if (form.code.empty() || m.nc_picking)
        code_picker(s, f, form, area);
    else
        details(s, f, form, area);
}

}  // namespace stampline::terminal::ui
