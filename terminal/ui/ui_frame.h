// What every view gets for one frame besides the AppState: the language, the fonts, the key a
// person typed next (one a frame), and where to put what it emits (actions) and draws
// (button rectangles, for the test channel). Views never do I/O; they only fill this in.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "terminal/core/actions.h"
#include "terminal/core/catalog.h"
#include "terminal/ui/theme.h"

namespace stampline::terminal::ui {

// Physical keys a person pressed (not scanner bursts: the keyboard wedge splits those off).
enum class Hotkey { Enter, Escape, Backspace, F1, F2, F3, F4, Digit0 };
// Digits 0-9 are Digit0 + n.
inline Hotkey digit_hotkey(int n) {
    return static_cast<Hotkey>(static_cast<int>(Hotkey::Digit0) + n);
}
// The short name printed on a button: "Enter", "Esc", "F1", "5".
std::string hotkey_label(Hotkey key);

// A button drawn this frame, in screen pixels.
struct ButtonRecord {
    std::string id;  // the catalog key of its label, or "<area>.<item>" for repeated buttons
    float x = 0, y = 0, w = 0, h = 0;
    bool enabled = true;
};

// Presentation state kept between frames that is not the app's business (which keyboard layout
// is showing). Owned by the shell, passed to the views by reference.
struct ViewMemory {
    enum class Layout { Cyrillic, Latin, Digits };
    Layout layout = Layout::Cyrillic;
    bool shift = false;
    bool keyboard_open = false;  // the NC form's note keyboard
    bool nc_picking = false;     // the NC form shows the code picker again ("change code")

    // A new screen starts with its keyboard closed and its picker as the state says.
    void on_screen_change() {
        keyboard_open = false;
        nc_picking = false;
        shift = false;
    }
};

struct UiFrame {
    Language lang = Language::Ru;
    const Fonts* fonts = nullptr;
    ViewMemory* memory = nullptr;
    std::vector<Hotkey> keys;           // the next key typed (one a frame), until a view takes it
    std::vector<ButtonRecord> buttons;  // every button drawn this frame
    std::vector<Action> actions;        // what the worker asked for this frame

    std::string_view t(std::string_view key) const { return tr(lang, key); }
    std::string t(const Message& m) const { return tr(lang, m); }
    const char* lang_code() const { return language_code(lang); }
    void emit(Action a) { actions.push_back(std::move(a)); }
    // True (once) when `key` was pressed this frame; the key is consumed.
    bool take_key(Hotkey key);
};

}  // namespace stampline::terminal::ui
