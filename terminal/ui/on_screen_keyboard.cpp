#include "terminal/ui/on_screen_keyboard.h"

#include <array>
#include <string>
#include <vector>

#include "terminal/ui/widgets.h"

namespace stampline::terminal::ui {

namespace {

struct KeyRows {
    std::array<const char*, 4> lower;
    std::array<const char*, 4> upper;
};

const KeyRows kCyrillic{{"ё1234567890", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю.,"},
                        {"Ё1234567890", "ЙЦУКЕНГШЩЗХЪ", "ФЫВАПРОЛДЖЭ", "ЯЧСМИТЬБЮ.,"}};
const KeyRows kLatin{{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm.,"},
                     {"1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM.,"}};
const KeyRows kDigits{{"1234567890", "-/:;()№\"'", "+=%*#@&!?", ".,<>[]_"},
                      {"1234567890", "-/:;()№\"'", "+=%*#@&!?", ".,<>[]_"}};

std::vector<std::string> characters(std::string_view row) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < row.size();) {
        const unsigned char c = static_cast<unsigned char>(row[i]);
        const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        out.emplace_back(row.substr(i, n));
        i += n;
    }
    return out;
}

}  // namespace

void on_screen_keyboard(UiFrame& f, const Rect& r) {
    ViewMemory& m = *f.memory;
    const KeyRows& rows = m.layout == ViewMemory::Layout::Cyrillic ? kCyrillic
                          : m.layout == ViewMemory::Layout::Latin  ? kLatin
                                                                   : kDigits;
    const bool upper = m.shift && m.layout != ViewMemory::Layout::Digits;
    const float gap = 8;
    const float key_h = (r.h - 4 * gap) / 5;
    const float key_w = (r.w - 11 * gap) / 12;  // the widest row has 12 keys
    Rect area = r;
    for (std::size_t row = 0; row < 4; ++row) {
        Rect line = area.take_top(key_h, gap);
        const std::vector<std::string> lower = characters(rows.lower[row]);
        const std::vector<std::string> shown =
            characters(upper ? rows.upper[row] : rows.lower[row]);
        const float row_w = static_cast<float>(lower.size()) * (key_w + gap) - gap;
        float x = line.x + (line.w - row_w) / 2;
        for (std::size_t i = 0; i < lower.size(); ++i, x += key_w + gap) {
            ButtonOptions o;
            o.font = f.fonts->heading;
            if (button(f, "kbd." + lower[i], shown[i], Rect{x, line.y, key_w, key_h}, o)) {
                f.emit(TypeText{shown[i]});
                m.shift = false;
            }
        }
    }
    // Bottom row: shift, layouts, space, erase.
    Rect line = area.take_top(key_h);
    ButtonOptions shift;
    shift.tone = m.shift ? Tone::Selected : Tone::Neutral;
    shift.enabled = m.layout != ViewMemory::Layout::Digits;
    if (button(f, "kbd.shift", "⇧", line.take_left(key_w * 1.5f, gap), shift)) m.shift = !m.shift;
    auto layout_key = [&](const char* id, std::string_view label, ViewMemory::Layout layout) {
        ButtonOptions o;
        o.tone = m.layout == layout ? Tone::Selected : Tone::Neutral;
        if (button(f, id, label, line.take_left(key_w * 1.5f, gap), o)) {
            m.layout = layout;
            m.shift = false;
        }
    };
    layout_key("kbd.ru", "АБВ", ViewMemory::Layout::Cyrillic);
    layout_key("kbd.lat", "ABC", ViewMemory::Layout::Latin);
    layout_key("kbd.digits", "123", ViewMemory::Layout::Digits);
    ButtonOptions erase;
    erase.hotkey = Hotkey::Backspace;
    if (button(f, "kbd.erase", f.t("ui.keyboard.erase"), line.take_right(key_w * 2.5f, gap), erase))
        f.emit(EraseText{});
    if (button(f, "kbd.space", f.t("ui.keyboard.space"), line)) f.emit(TypeText{" "});
}

void note_box(UiFrame& f, const Rect& r, std::string_view note, std::string_view placeholder,
              bool caret) {
    panel(r);
    const Rect inner = r.inset(12, 8);
    const int max_lines = std::max(1, static_cast<int>(inner.h / f.fonts->body->FontSize));
    if (note.empty()) {
        draw_text(f.fonts->body, inner.min(), inner.w, placeholder, color::kTextMuted, max_lines);
        return;
    }
    // Show the end of a long note (where typing happens), caret after it.
    std::vector<std::string> lines =
        wrap_text(f.fonts->body, std::string(note) + (caret ? "▏" : ""), inner.w);
    const std::size_t first = lines.size() > static_cast<std::size_t>(max_lines)
                                  ? lines.size() - static_cast<std::size_t>(max_lines)
                                  : 0;
    float y = inner.y;
    for (std::size_t i = first; i < lines.size(); ++i, y += f.fonts->body->FontSize)
        draw_text(f.fonts->body, ImVec2(inner.x, y), inner.w, lines[i], color::kText, 1);
}

}  // namespace stampline::terminal::ui
