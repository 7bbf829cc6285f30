// The unit card: serial, product and order; where the trail came from; the hold banner; the
// route as tiles (done with stamp and time, this station's stage highlighted, pending); the open
// nonconformances with Correct / Verify; and the acts: accept (F1), sign off (F2), raise an NC
// (F3), sign out (F4), back (Esc). Enter starts the act that is due next.
#include <algorithm>
#include <cfloat>

#include "shared/uuid.h"
#include "terminal/ui/plant_text.h"
#include "terminal/ui/views.h"
#include "terminal/ui/widgets.h"

namespace stampline::terminal::ui {

namespace {

struct SourceLook {
    ImU32 fill, text;
    const char* title;
    const char* detail;
};

SourceLook source_look(const UnitCard& card) {
    if (!card.loaded)
        return {color::kNeutral, color::kText, "ui.card.source.loading",
                "ui.card.source.loading_detail"};
    switch (card.source) {
        case TrailSource::Server:
            return {color::kSuccessLight, color::kSuccess, "ui.card.source.server",
                    "ui.card.source.server_detail"};
        case TrailSource::Cache:
            return {color::kWarningLight, color::kText, "ui.card.source.cache",
                    "ui.card.source.cache_detail"};
        case TrailSource::Unknown: break;
    }
    return {color::kDangerLight, color::kDanger, "ui.card.source.unknown",
            "ui.card.source.unknown_detail"};
}

void header(const AppState& s, UiFrame& f, const UnitCard& card, const Rect& r) {
    panel(r);
    Rect inner = r.inset(18, 12);
    // Where the data came from, on the right.
    const SourceLook look = source_look(card);
    Rect src = inner.take_right(400, 18);
    fill(src, look.fill, size::kRounding);
    Rect src_in = src.inset(14, 10);
    std::string title(f.t(look.title));
    if (card.loaded && card.loading) title += " · " + std::string(f.t("ui.card.refreshing"));
    const float y = src_in.y + draw_text(f.fonts->bold, src_in.min(), src_in.w,
                                         fit_line(f.fonts->bold, title, src_in.w), look.text, 1);
    draw_text(f.fonts->small, ImVec2(src_in.x, y + 2), src_in.w, f.t(look.detail), look.text, 2);

    const UnitState& u = card.unit;
    const std::string serial = u.serial.empty() ? card.sheet.serial : u.serial;
    const std::string type = u.product_type.empty() ? card.sheet.product_type : u.product_type;
    const std::string order = u.order.empty() ? card.sheet.order : u.order;
    const std::string serial_text = tr(f.lang, Message{"ui.card.serial", {serial}});
    draw_text(f.fonts->title, inner.min(), inner.w, serial_text, color::kText, 1);
    const float title_h = f.fonts->title->FontSize;
    // The order beside the serial when it fits there, else after the product's name.
    std::string product_line = product_name(s, type);
    const std::string order_text =
        order.empty() ? "" : tr(f.lang, Message{"ui.card.order", {order}});
    const float sw = f.fonts->title->CalcTextSizeA(title_h, FLT_MAX, 0, serial_text.c_str()).x;
    const Rect order_r{inner.x + sw + 24, inner.y + title_h - f.fonts->body->FontSize - 4,
                       std::max(0.0f, inner.w - sw - 24), f.fonts->body->FontSize};
    if (!order_text.empty() && fits(f.fonts->body, order_text, order_r.w, 1))
        draw_text(f.fonts->body, order_r.min(), order_r.w, order_text, color::kTextMuted, 1);
    else if (!order_text.empty())
        product_line += " · " + order_text;
    draw_text(f.fonts->body, ImVec2(inner.x, inner.y + title_h + 8), inner.w,
              fit_line(f.fonts->body, product_line, inner.w), color::kText, 1);
}

std::string surname(const AppState& s, const std::string& stamp) {
    const std::string holder = stamp_holder(s, stamp);
    return holder.substr(0, holder.find(' '));
}

void route_tile(const AppState& s, UiFrame& f, const UnitCard& card, const StageProgress& p,
                int number, const Rect& r) {
    const bool current = p.stage == card.stage && !p.signed_off;
    const bool unchecked = p.signed_off && p.sign_off.stamp.empty();
    ImU32 bg = color::kPanel, border = color::kPanelBorder, mark = color::kTextMuted;
    std::string status;
    if (p.signed_off && !unchecked) {
        bg = color::kSuccessLight;
        border = color::kSuccess;
        mark = color::kSuccess;
        status = "✓ " + tr(f.lang, Message{"ui.card.signed",
                                           {p.sign_off.stamp, short_when(s, p.sign_off.at),
                                            surname(s, p.sign_off.stamp)}});
    } else if (unchecked) {
        bg = color::kWarningLight;
        border = color::kWarning;
        mark = color::kText;
        status = std::string(f.t("ui.card.unchecked"));
    } else if (current) {
        bg = color::kCurrentStage;
        border = color::kPrimary;
        mark = color::kPrimary;
        status = p.accepted
                     ? tr(f.lang, Message{"ui.card.accepted",
                                          {p.acceptance.stamp, short_when(s, p.acceptance.at)}})
                     : std::string(f.t("ui.card.current"));
    } else if (p.accepted) {
        status = tr(f.lang, Message{"ui.card.accepted",
                                    {p.acceptance.stamp, short_when(s, p.acceptance.at)}});
    } else {
        status = std::string(f.t("ui.card.pending"));
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(r.min(), r.max(), bg, size::kRounding);
    dl->AddRect(r.min(), r.max(), border, size::kRounding, 0, current ? 4.0f : 2.0f);
    Rect in = r.inset(10, 6);
    // The status (who signed, when) wraps to a second line rather than losing the name.
    const Rect status_r = in.take_bottom(text_height(f.fonts->small, status, in.w, 2));
    draw_text(f.fonts->small, status_r.min(), status_r.w, status, mark, 2);
    const std::string name = std::to_string(number) + ". " + stage_short_name(s, p.stage);
    // A crowded card (hold banner, many NCs) has low tiles: two lines of the small font then.
    ImFont* font = current ? f.fonts->compact_bold : f.fonts->compact;
    if (in.h < 2 * font->FontSize) font = f.fonts->small;
    draw_text(font, in.min(), in.w, name,
              current || p.signed_off ? color::kText : color::kTextMuted,
              std::max(1, static_cast<int>(in.h / font->FontSize)));
}

struct RouteGrid {
    int rows = 1, cols = 1;
};

// One row up to 5 stages, two up to 10, then three: tiles stay wide enough for the names.
RouteGrid route_grid(std::size_t stages) {
    const int n = static_cast<int>(stages);
    RouteGrid g;
    g.rows = n <= 5 ? 1 : n <= 10 ? 2 : 3;
    g.cols = std::max(1, (n + g.rows - 1) / g.rows);
    return g;
}

float route_height(const RouteGrid& g, float tile_h) {
    return static_cast<float>(g.rows) * tile_h + static_cast<float>(g.rows - 1) * 8;
}

void route(const AppState& s, UiFrame& f, const UnitCard& card, Rect& area, float tile_h) {
    const auto& stages = card.unit.stages;
    if (stages.empty()) return;
    const RouteGrid g = route_grid(stages.size());
    const Rect r = area.take_top(route_height(g, tile_h), size::kGap);
    for (std::size_t i = 0; i < stages.size(); ++i)
        route_tile(s, f, card, stages[i], static_cast<int>(i) + 1,
                   grid_cell(r, g.cols, tile_h, 8, static_cast<int>(i)));
}

// Open and corrected NCs, one row each, with the follow-up this terminal can record.
void nc_list(const AppState& s, UiFrame& f, const UnitCard& card, Rect area) {
    std::vector<const NcState*> shown;
    for (const NcState& nc : card.unit.ncs)
        if (nc.status != NcStatus::Verified) shown.push_back(&nc);
    if (area.h < f.fonts->bold->FontSize) return;
    const Rect head = area.take_top(f.fonts->bold->FontSize + 2, 6);
    draw_text(f.fonts->bold, head.min(), head.w,
              shown.empty()
                  ? std::string(f.t("ui.card.no_open_ncs"))
                  : tr(f.lang, Message{"ui.card.open_ncs", {std::to_string(shown.size())}}),
              shown.empty() ? color::kTextMuted : color::kText, 1);
    const float row_h = size::kRowHeight + 4;
    for (std::size_t i = 0; i < shown.size(); ++i) {
        if (area.h < row_h) {
            if (area.h < f.fonts->body->FontSize) break;
            draw_text(f.fonts->body, area.min(), area.w,
                      tr(f.lang, Message{"ui.card.more_ncs", {std::to_string(shown.size() - i)}}),
                      color::kTextMuted, 1);
            break;
        }
        const NcState& nc = *shown[i];
        Rect row = area.take_top(row_h, 6);
        const bool open = nc.status == NcStatus::Open;
        const bool blocking = nc.raised.severity != Severity::Minor;
        panel(row, open && blocking ? color::kDangerLight : color::kPanel,
              open && blocking ? color::kDanger : color::kPanelBorder);
        Rect in = row.inset(14, 4);
        ButtonOptions o;
        o.tone = Tone::Primary;
        const std::string id = "nc." + std::to_string(i) + (open ? ".correct" : ".verify");
        if (button(f, id, f.t(open ? "ui.card.correct" : "ui.card.verify"),
                   in.take_right(220, 12).inset(0, 4), o))
            f.emit(StartFollowUp{nc.id});
        const std::string first = nc.raised.code + " — " + nc_code_text(s, nc.raised.code);
        std::string second =
            std::string(f.t(severity_key(nc.raised.severity))) + " · " +
            tr(f.lang, Message{open ? "ui.card.nc_open" : "ui.card.nc_corrected", {}}) + " · " +
            tr(f.lang,
               Message{"ui.card.nc_origin", {stage_short_name(s, nc.raised.origin_stage)}}) +
            " · " +
            tr(f.lang, Message{"ui.card.signed",
                               {nc.raised_by.stamp, short_when(s, nc.raised_by.at),
                                surname(s, nc.raised_by.stamp)}});
        float y = in.y + 2;
        y += draw_text(f.fonts->bold, ImVec2(in.x, y), in.w, fit_line(f.fonts->bold, first, in.w),
                       color::kText, 1);
        draw_text(f.fonts->compact, ImVec2(in.x, y + 2), in.w,
                  fit_line(f.fonts->compact, second, in.w), color::kTextMuted, 1);
    }
}

}  // namespace

void draw_unit_card_view(const AppState& s, UiFrame& f, Rect area) {
    if (!s.card) return;
    const UnitCard& card = *s.card;
    const StageProgress* due = card.stage.empty() ? nullptr : card.unit.progress(card.stage);
    const bool first_stage =
        !card.unit.stages.empty() && card.unit.stages.front().stage == card.stage;
    const bool can_act = card.loaded && due && !due->signed_off;
    const bool can_accept = can_act && !first_stage && !due->accepted;
    const bool can_sign = can_act && !can_accept;

    // The acts, along the bottom.
    Rect bottom = bottom_bar(area);
    ButtonOptions back;
    back.hotkey = Hotkey::Escape;
    const float minor_w = std::min(180.0f, bottom.w * 0.14f);
    if (button(f, "ui.back", f.t("ui.back"), bottom.take_left(minor_w, size::kGap), back))
        f.emit(Back{});
    ButtonOptions out;
    out.hotkey = Hotkey::F4;
    if (button(f, "ui.sign_out", f.t("ui.sign_out"), bottom.take_left(minor_w, size::kGap), out))
        f.emit(SignOut{});
    const std::vector<Rect> acts = columns(bottom, 3, size::kGap);
    ButtonOptions nc;
    nc.hotkey = Hotkey::F3;
    nc.tone = Tone::Warning;
    nc.enabled = card.loaded && !card.stage.empty();
    if (button(f, "ui.card.raise_nc", f.t("ui.card.raise_nc"), acts[0], nc)) f.emit(StartNc{});
    ButtonOptions accept;
    accept.hotkey = Hotkey::F1;
    accept.tone = can_accept ? Tone::Primary : Tone::Neutral;
    accept.enabled = can_accept;
    if (button(f, "ui.card.accept", f.t("ui.card.accept"), acts[1], accept) ||
        (can_accept && f.take_key(Hotkey::Enter)))
        f.emit(StartAcceptance{});
    ButtonOptions sign;
    sign.hotkey = Hotkey::F2;
    sign.tone = can_sign ? Tone::Success : Tone::Neutral;
    sign.enabled = can_sign;
    if (button(f, "ui.card.sign_off", f.t("ui.card.sign_off"), acts[2], sign) ||
        (can_sign && f.take_key(Hotkey::Enter)))
        f.emit(StartSignOff{});

    draw_scan_error(s, f, area);
    header(s, f, card, area.take_top(104, size::kGap));
    if (card.unit.on_hold) {
        std::string body = card.unit.hold_reason;
        const Signature& h = card.unit.hold;
        const std::string who = h.actor.empty() ? h.stamp : h.actor;
        if (!who.empty()) body += (body.empty() ? "" : " — ") + who + ", " + short_when(s, h.at);
        const std::string_view title = f.t("ui.card.on_hold");
        const float hh = banner_height(f, area.w, title, body);
        banner(f, area.take_top(hh, size::kGap), color::kDanger, color::kTextOnDark, title, body);
    }
    // Tiles as tall as the names need, lower when the NC list would not fit otherwise.
    const RouteGrid grid = route_grid(card.unit.stages.size());
    const bool any_nc =
        std::any_of(card.unit.ncs.begin(), card.unit.ncs.end(),
                    [](const NcState& nc) { return nc.status != NcStatus::Verified; });
    const float below = f.fonts->bold->FontSize + 4 + size::kGap + f.fonts->bold->FontSize + 8 +
                        (any_nc ? size::kRowHeight + 4 : 0);
    const float roomy = grid.rows == 3 ? 108 : 118;
    const float tile_h = area.h - route_height(grid, roomy) - size::kGap >= below ? roomy : 70;
    route(s, f, card, area, tile_h);

    // What this station does here.
    const Rect line = area.take_top(f.fonts->bold->FontSize + 4, size::kGap);
    std::string what;
    if (!card.loaded)
        what = std::string(f.t("ui.card.wait_loading"));
    else if (card.stage.empty())
        what = std::string(f.t("ui.card.no_stage"));
    else if (due && due->signed_off)
        what = tr(f.lang, Message{"ui.card.stage_done", {stage_short_name(s, card.stage)}});
    else if (can_accept)
        what = tr(f.lang, Message{"ui.card.next_accept", {stage_short_name(s, card.stage)}});
    else
        what = tr(f.lang, Message{"ui.card.next_sign_off", {stage_short_name(s, card.stage)}});
    draw_text(f.fonts->bold, line.min(), line.w, fit_line(f.fonts->bold, what, line.w),
              color::kPrimary, 1);
    nc_list(s, f, card, area);
}

}  // namespace stampline::terminal::ui
