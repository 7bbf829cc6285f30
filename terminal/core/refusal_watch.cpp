#include "terminal/core/refusal_watch.h"

namespace stampline::terminal {

RefusalShown refusal_on_screen(const AppState& s) {
    if (s.screen == Screen::Result && s.result && !s.result->recorded && !s.result->saving)
        return {s.result->message, s.scans_read};
    if (s.screen == Screen::Pin && s.pin && !s.pin->error.empty())
        return {s.pin->error, s.scans_read};
    if (!s.scan_error.empty()) return {s.scan_error, s.scans_read};
    return {};
}

}  // namespace stampline::terminal
