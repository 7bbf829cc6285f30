#include "terminal/ui/widgets.h"

#include <algorithm>
#include <cfloat>

namespace stampline::terminal::ui {

namespace {

const char* const kEllipsis = "…";

// Byte length of the UTF-8 character that ends at text[end-1].
std::size_t last_char_length(std::string_view text) {
    std::size_t n = 1;
    while (n < text.size() && (static_cast<unsigned char>(text[text.size() - n]) & 0xC0) == 0x80)
        ++n;
    return n;
}

float width_of(ImFont* font, std::string_view text) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.data(), text.data() + text.size())
        .x;
}

struct Colors {
    ImU32 fill, active, text, border;
};

Colors tone_colors(Tone tone, bool enabled) {
    if (!enabled)
        return {color::kDisabled, color::kDisabled, color::kDisabledText, color::kPanelBorder};
    switch (tone) {
        case Tone::Primary:
            return {color::kPrimary, color::kPrimaryActive, color::kTextOnDark, color::kPrimary};
        case Tone::Success:
            return {color::kSuccess, color::rgb(0x12, 0x5C, 0x2A), color::kTextOnDark,
                    color::kSuccess};
        case Tone::Danger:
            return {color::kDanger, color::rgb(0x85, 0x1B, 0x15), color::kTextOnDark,
                    color::kDanger};
        case Tone::Warning:
            return {color::kWarning, color::rgb(0xC9, 0x8C, 0x00), color::kText, color::kWarning};
        case Tone::Selected:
            return {color::kSelected, color::kPrimaryActive, color::kTextOnDark, color::kText};
        case Tone::Neutral: break;
    }
    return {color::kNeutral, color::kNeutralActive, color::kText, color::kPanelBorder};
}

}  // namespace

std::string hotkey_label(Hotkey key) {
    switch (key) {
        case Hotkey::Enter: return "Enter";
        case Hotkey::Escape: return "Esc";
        case Hotkey::Backspace: return "⌫";
        case Hotkey::F1: return "F1";
        case Hotkey::F2: return "F2";
        case Hotkey::F3: return "F3";
        case Hotkey::F4: return "F4";
        default: break;
    }
    return std::to_string(static_cast<int>(key) - static_cast<int>(Hotkey::Digit0));
}

bool UiFrame::take_key(Hotkey key) {
    const auto it = std::find(keys.begin(), keys.end(), key);
    if (it == keys.end()) return false;
    keys.erase(it);
    return true;
}

std::string fit_line(ImFont* font, std::string_view text, float width) {
    if (width_of(font, text) <= width) return std::string(text);
    const float room = width - width_of(font, kEllipsis);
    while (!text.empty() && width_of(font, text) > room) text.remove_suffix(last_char_length(text));
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return std::string(text) + kEllipsis;
}

namespace {

// The words of one paragraph; a hyphenated word may also break after each hyphen.
struct Piece {
    std::string_view text;
    bool space_before = false;
};

std::vector<Piece> pieces(std::string_view para) {
    std::vector<Piece> out;
    bool space = false;
    std::size_t i = 0;
    while (i < para.size()) {
        if (para[i] == ' ') {
            space = true;
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < para.size() && para[j] != ' ' && !(para[j] == '-' && j > i)) ++j;
        if (j < para.size() && para[j] == '-') ++j;  // the hyphen stays with its first half
        out.push_back({para.substr(i, j - i), space});
        space = false;
        i = j;
    }
    return out;
}

// line, cut so that it ends in "…" within width.
std::string with_ellipsis(ImFont* font, std::string_view line, float width) {
    const float room = width - width_of(font, kEllipsis);
    while (!line.empty() && width_of(font, line) > room) line.remove_suffix(last_char_length(line));
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    return std::string(line) + kEllipsis;
}

}  // namespace

std::vector<std::string> wrap_text(ImFont* font, std::string_view text, float width,
                                   int max_lines) {
    std::vector<std::string> lines;
    bool cut = false;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t eol = std::min(text.find('\n', start), text.size());
        std::string line;
        for (const Piece& p : pieces(text.substr(start, eol - start))) {
            std::string candidate = line;
            if (!candidate.empty() && p.space_before) candidate += ' ';
            candidate += p.text;
            if (line.empty() || width_of(font, candidate) <= width) {
                line = std::move(candidate);
            } else {
                lines.push_back(std::move(line));
                line = std::string(p.text);
            }
            // A single word wider than the line is cut.
            if (width_of(font, line) > width) {
                line = with_ellipsis(font, line, width);
                lines.push_back(std::move(line));
                line.clear();
            }
        }
        if (!line.empty() || eol == start) lines.push_back(std::move(line));
        start = eol + 1;
    }
    if (max_lines > 0 && static_cast<int>(lines.size()) > max_lines) {
        lines.resize(static_cast<std::size_t>(max_lines));
        cut = true;
    }
    if (cut && !lines.empty()) lines.back() = with_ellipsis(font, lines.back() + " ", width);
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

bool fits(ImFont* font, std::string_view text, float width, int max_lines) {
    const std::vector<std::string> lines = wrap_text(font, text, width);
    if (max_lines > 0 && static_cast<int>(lines.size()) > max_lines) return false;
    for (const std::string& line : lines)
        if (line.size() >= 3 && line.compare(line.size() - 3, 3, kEllipsis) == 0 &&
            text.find(kEllipsis) == std::string_view::npos)
            return false;
    return true;
}

float text_height(ImFont* font, std::string_view text, float width, int max_lines) {
    return static_cast<float>(wrap_text(font, text, width, max_lines).size()) * font->FontSize;
}

float draw_text(ImFont* font, ImVec2 pos, float width, std::string_view text, ImU32 color,
                int max_lines, Align align) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float y = pos.y;
    for (const std::string& line : wrap_text(font, text, width, max_lines)) {
        float x = pos.x;
        if (align != Align::Left) {
            const float w = width_of(font, line);
            x += align == Align::Center ? (width - w) / 2 : width - w;
        }
        dl->AddText(font, font->FontSize, ImVec2(x, y), color, line.data(),
                    line.data() + line.size());
        y += font->FontSize;
    }
    return y - pos.y;
}

float draw_text_in(ImFont* font, const Rect& r, std::string_view text, ImU32 color, Align align,
                   int max_lines) {
    const float h = text_height(font, text, r.w, max_lines);
    draw_text(font, ImVec2(r.x, r.y + std::max(0.0f, (r.h - h) / 2)), r.w, text, color, max_lines,
              align);
    return h;
}

void fill(const Rect& r, ImU32 color, float rounding) {
    ImGui::GetWindowDrawList()->AddRectFilled(r.min(), r.max(), color, rounding);
}

void panel(const Rect& r, ImU32 fill_color, ImU32 border) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(r.min(), r.max(), fill_color, size::kRounding);
    dl->AddRect(r.min(), r.max(), border, size::kRounding, 0, 2.0f);
}

bool button(UiFrame& f, std::string_view id, std::string_view label, const Rect& r,
            const ButtonOptions& o) {
    if (r.w < 1 || r.h < 1) return false;
    ImGui::SetCursorScreenPos(r.min());
    ImGui::PushID(id.data(), id.data() + id.size());
    ImGui::BeginDisabled(!o.enabled);
    bool tapped = ImGui::InvisibleButton("##button", r.size());
    const bool held = ImGui::IsItemActive();
    ImGui::EndDisabled();
    ImGui::PopID();
    if (o.enabled && o.hotkey && f.take_key(*o.hotkey)) tapped = true;
    f.buttons.push_back({std::string(id), r.x, r.y, r.w, r.h, o.enabled});

    const Colors c = tone_colors(o.tone, o.enabled);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(r.min(), r.max(), held ? c.active : c.fill, size::kRounding);
    dl->AddRect(r.min(), r.max(), c.border, size::kRounding, 0,
                o.tone == Tone::Selected ? 4.0f : 2.0f);

    // The hotkey as a small key cap in the top-right corner (not on a key that says it already).
    float cap_w = 0, cap_h = 0;
    if (o.hotkey && hotkey_label(*o.hotkey) != label) {
        ImFont* small = f.fonts->small;
        const std::string key = hotkey_label(*o.hotkey);
        cap_w = width_of(small, key) + 12;
        cap_h = small->FontSize + 4;
        const ImVec2 cap_min(r.right() - cap_w - 6, r.y + 6);
        const ImVec2 cap_max(r.right() - 6, r.y + 6 + cap_h);
        dl->AddRect(cap_min, cap_max, c.text, 4.0f, 0, 1.5f);
        dl->AddText(small, small->FontSize, ImVec2(cap_min.x + 6, cap_min.y + 2), c.text,
                    key.c_str());
    }

    // Where the label goes: beside the key cap (the corner given up), or under it using the
    // whole width, in the button's font or else the small one: the first that fits whole.
    ImFont* font = o.font ? o.font : f.fonts->body;
    const float pad = 14;
    const Rect whole = r.inset(pad, 6);
    Rect beside = whole;
    beside.w -= cap_w;
    Rect under = whole;
    under.take_top(cap_h + 2);
    const float label_h = font->FontSize * static_cast<float>(std::max(1, o.max_lines));
    const bool roomy = cap_w == 0 || (!o.align_left && r.h >= label_h + 2 * (cap_h + 10));
    auto lines_in = [&](ImFont* fo, const Rect& area) {
        return std::max(1, std::min(o.max_lines, static_cast<int>(area.h / fo->FontSize)));
    };
    Rect text_r = roomy ? whole : beside;
    if (o.detail.empty() && !roomy) {
        struct Option {
            Rect area;
            ImFont* font;
            bool one_line;
        };
        const Option options[] = {{beside, font, true},
                                  {under, font, true},
                                  {beside, font, false},
                                  {under, font, false},
                                  {beside, f.fonts->small, false},
                                  {under, f.fonts->small, false}};
        const Option* pick = &options[5];
        for (const Option& opt : options)
            if (fits(opt.font, label, opt.area.w,
                     opt.one_line ? 1 : lines_in(opt.font, opt.area))) {
                pick = &opt;
                break;
            }
        text_r = pick->area;
        font = pick->font;
    } else if (o.detail.empty() && !fits(font, label, text_r.w, lines_in(font, text_r))) {
        font = f.fonts->small;
    }
    auto lines_for = [&](ImFont* fo) { return lines_in(fo, text_r); };
    const Align align = o.align_left ? Align::Left : Align::Center;
    if (o.detail.empty()) {
        draw_text_in(font, text_r, label, c.text, align, lines_for(font));
    } else {
        ImFont* small = o.detail_font ? o.detail_font : f.fonts->small;
        const int detail_lines =
            std::max(1, static_cast<int>((text_r.h - font->FontSize) / small->FontSize));
        const float lh = text_height(font, label, text_r.w, 1);
        const float dh = text_height(small, o.detail, text_r.w, detail_lines);
        const float top = text_r.y + std::max(0.0f, (text_r.h - lh - dh - 2) / 2);
        draw_text(font, ImVec2(text_r.x, top), text_r.w, label, c.text, 1, align);
        draw_text(small, ImVec2(text_r.x, top + lh + 2), text_r.w, o.detail, c.text, detail_lines,
                  align);
    }
    return tapped && o.enabled;
}

namespace {
constexpr float kBannerPad = 14;
}

float banner_height(UiFrame& f, float width, std::string_view title, std::string_view body,
                    float min_h) {
    const float w = width - 2 * kBannerPad;
    float h = 2 * kBannerPad;
    if (!title.empty()) h += text_height(f.fonts->heading, title, w, 2);
    if (!body.empty()) h += text_height(f.fonts->body, body, w, 4) + (title.empty() ? 0 : 4);
    return std::max(h, min_h);
}

float banner(UiFrame& f, Rect r, ImU32 fill_color, ImU32 text_color, std::string_view title,
             std::string_view body, float min_h) {
    const float pad = kBannerPad;
    const float w = r.w - 2 * pad;
    const float h = banner_height(f, r.w, title, body, min_h);
    r.h = std::min(r.h, h);
    fill(r, fill_color, size::kRounding);
    float y = r.y + std::max(pad, (r.h - h) / 2 + pad);
    if (!title.empty()) {
        y += draw_text(f.fonts->heading, ImVec2(r.x + pad, y), w, title, text_color, 2) + 4;
    }
    if (!body.empty()) draw_text(f.fonts->body, ImVec2(r.x + pad, y), w, body, text_color, 4);
    return r.h;
}

void screen_title(UiFrame& f, Rect& area, std::string_view title) {
    const float h = text_height(f.fonts->heading, title, area.w, 2);
    const Rect r = area.take_top(h + 4, size::kGap);
    draw_text(f.fonts->heading, r.min(), r.w, title, color::kText, 2);
}

}  // namespace stampline::terminal::ui
