// The JSON snapshot the control channel's STATE command writes after a frame, for tests and
// scripts that drive the real window:
//
//   {"screen": "unit_card", "session": "017" | null, "holder": "…" | null,
//    "card": {"serial", "source": "server"|"cache"|"unknown", "stage", "loaded", "loading",
//             "on_hold", "stages": [{"stage", "accepted", "signed_off"}],
//             "ncs": [{"id", "code", "status"}]} | null,
//    "pin": {"digits": n, "checking", "error"} | null,
//    "result": {"recorded", "saving", "text"} | null,
//    "scan_error": "…", "form_error": "…",
//    "sync": {"online", "outbox_depth", "backlog_total", "backlog_sent", "last_sync": utc|null,
//             "last_error"},
//    "attention": n, "language": "ru", "frame": n, "window": [x, y, w, h],
//    "buttons": {"<id>": [x, y, w, h], …}, "disabled": ["<id>", …]}
//
// Texts are as shown on screen (in the terminal's language); button rectangles are in screen
// pixels (the window's position added), disabled buttons are listed in "disabled" too.
#pragma once
#include <string>
#include <vector>

#include "shared/status.h"
#include "terminal/core/app_state.h"
#include "terminal/ui/ui_frame.h"

namespace stampline::terminal {

struct FrameInfo {
    long long frame = 0;
    int window_x = 0, window_y = 0, width = 0, height = 0;
    float smallest_text_px = 0;  // ui/text_audit.h
};

std::string state_snapshot_json(const AppState& state, const std::vector<ui::ButtonRecord>& buttons,
                                const FrameInfo& frame);

// Writes text to path atomically (path.tmp, then rename): IOError naming the path.
Status write_file_atomically(const std::string& path, const std::string& text);

// "idle", "pin", "scan_sheet", "unit_card", "acceptance", "sign_off", "nc_form",
// "nc_follow_up", "result", "attention".
const char* screen_name(Screen screen);

}  // namespace stampline::terminal
