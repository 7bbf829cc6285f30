#include "terminal/app/frame_loop.h"

#include <algorithm>
#include <deque>
#include <iostream>
#include <optional>

#include "terminal/app/control_channel.h"
#include "terminal/app/device_scanners.h"
#include "terminal/app/latency_log.h"
#include "terminal/app/state_snapshot.h"
#include "terminal/app/terminal_app.h"
#include "terminal/core/keyboard_wedge.h"
#include "terminal/core/refusal_watch.h"
#include "terminal/platform/png_file.h"
#include "terminal/platform/stop_signals.h"
#include "terminal/platform/window.h"
#include "terminal/platform/x11_key_source.h"
#include "terminal/ui/text_audit.h"
#include "terminal/ui/views.h"

namespace stampline::terminal {

namespace {

using ui::Hotkey;

constexpr double kMaxWaitS = 0.05;
// Without input or news the screen is redrawn this often (the clock, timeouts judged on Tick).
constexpr auto kIdleRedraw = std::chrono::milliseconds(500);
// --screenshot: the frame written once the reference is in (or this long after start anyway).
constexpr long long kScreenshotMinFrame = 5;
constexpr auto kScreenshotMaxWait = std::chrono::seconds(3);

std::optional<Hotkey> hotkey_for(const HumanKey& k) {
    if (k.mods & (mod::kControl | mod::kAlt)) return std::nullopt;
    if (k.key == key::kEnter || k.key == key::kKpEnter) return Hotkey::Enter;
    if (k.key == key::kEscape) return Hotkey::Escape;
    if (k.key == key::kBackspace) return Hotkey::Backspace;
    if (k.key >= key::kF1 && k.key < key::kF1 + 4)
        return static_cast<Hotkey>(static_cast<int>(Hotkey::F1) + (k.key - key::kF1));
    if (k.key >= key::k0 && k.key <= key::k9) return ui::digit_hotkey(k.key - key::k0);
    if (k.key >= key::kKp0 && k.key <= key::kKp9) return ui::digit_hotkey(k.key - key::kKp0);
    return std::nullopt;
}

void report(const Status& s, const std::string& what) {
    if (!s) std::cerr << "stampline-terminal: " << what << ": " << s.to_string() << "\n";
}

}  // namespace

int run_terminal(const RunOptions& o) {
    platform::install_stop_signals();
    platform::WindowOptions wo;
    wo.width = o.terminal.window.width;
    wo.height = o.terminal.window.height;
    wo.fullscreen = o.terminal.window.fullscreen;
    wo.title = "Stampline — " + o.terminal.settings.station;
    Result<std::unique_ptr<platform::Window>> window = platform::Window::open(wo);
    if (!window) {
        std::cerr << "stampline-terminal: " << window.error().to_string() << "\n";
        return 1;
    }
    platform::Window& win = **window;
    Result<ui::Fonts> fonts = ui::load_fonts(STAMPLINE_FONT, STAMPLINE_FONT_BOLD);
    if (!fonts) {
        std::cerr << "stampline-terminal: " << fonts.error().to_string() << "\n";
        return 1;
    }
    if (Status uploaded = win.upload_fonts(); !uploaded) {
        std::cerr << "stampline-terminal: " << uploaded.to_string() << "\n";
        return 1;
    }
    ui::apply_style();

    // The shell and everything that posts to its queue; destroyed before the window.
    Result<std::unique_ptr<TerminalApp>> started =
        TerminalApp::start(o.terminal, &platform::Window::wake);
    if (!started) {
        std::cerr << "stampline-terminal: " << started.error().to_string() << "\n";
        return 1;
    }
    std::unique_ptr<TerminalApp> app = std::move(*started);
    std::unique_ptr<LatencyLog> latency;
    if (!o.latency_log.empty()) {
        Result<std::unique_ptr<LatencyLog>> log = LatencyLog::open(o.latency_log);
        if (!log) {
            std::cerr << "stampline-terminal: " << log.error().to_string() << "\n";
            return 1;
        }
        latency = std::move(*log);
    }
    std::unique_ptr<ControlChannel> control;
    if (!o.control_fifo.empty()) {
        Result<std::unique_ptr<FifoInput>> fifo = FifoInput::open(o.control_fifo);
        if (!fifo) {
            std::cerr << "stampline-terminal: --control: " << fifo.error().to_string() << "\n";
            return 1;
        }
        control = std::make_unique<ControlChannel>(std::move(*fifo), app->queue(),
                                                   &platform::Window::wake);
    }
    // Keyboard-mode scanners: timed by the X server on their own thread when the window is an
    // X11 window; else (no X11) by the frame loop, as GLFW delivers the keys.
    std::unique_ptr<platform::X11KeySource> x11_keys;
    if (const unsigned long xwin = win.x11_window()) {
        Result<std::unique_ptr<platform::X11KeySource>> source =
            platform::X11KeySource::start(xwin, WedgeOptions{}, &platform::Window::wake);
        if (source)
            x11_keys = std::move(*source);
        else
            std::cerr << "stampline-terminal: keys timed per frame: " << source.error().to_string()
                      << "\n";
    }
    // The keyboard wedge is always there; a USB scanner reports its own presence.
    if (o.terminal.scanner.usb.empty() && o.terminal.scanner.evdev.empty())
        app->dispatch(ScannerChanged{true, x11_keys ? "X11" : ""});
    Result<std::vector<std::unique_ptr<ScannerThread>>> scanners =
        start_device_scanners(o.terminal.scanner, app->queue());
    if (!scanners) {
        std::cerr << "stampline-terminal: " << scanners.error().to_string() << "\n";
        return 1;
    }

    KeyboardWedge wedge;
    RefusalShown last_refusal;
    ui::ViewMemory memory;
    Screen last_screen = app->state().screen;
    const auto started_at = WedgeClock::now();
    long long frame = 0;
    auto last_drawn = WedgeClock::time_point{};
    std::deque<Hotkey> typed;  // a person's keys not yet handed to the views
    bool again = false;        // draw the next frame without waiting (input or view actions)
    for (;;) {
        double wait = again ? 0.0 : kMaxWaitS;
        if (const auto deadline = wedge.deadline()) {
            const double until =
                std::chrono::duration<double>(*deadline - WedgeClock::now()).count();
            wait = std::clamp(until, 0.0, wait);
        }
        const bool input = win.wait_events(wait);
        bool draw = input || again;
        if (win.should_close() || platform::stop_requested()) break;

        // Keys: scans straight into the state, a person's keys to the views.
        auto handle = [&](const WedgeOutput& out) {
            if (const auto* scan = std::get_if<WedgeScan>(&out)) {
                if (latency) latency->scan_completed(scan->enter_time, app->units_loaded());
                app->dispatch(ScanRead{scan->text, "keyboard"});
            } else if (auto hk = hotkey_for(std::get<HumanKey>(out))) {
                typed.push_back(*hk);
            }
        };
        std::vector<WedgeOutput> outputs;
        std::vector<KeyPress> presses = win.take_key_presses();
        if (x11_keys) {
            outputs = x11_keys->take();  // GLFW's copies of the same keys are dropped
        } else {
            for (const KeyPress& k : presses)
                for (WedgeOutput& out : wedge.press(k)) outputs.push_back(std::move(out));
            for (WedgeOutput& out : wedge.poll(WedgeClock::now()))
                outputs.push_back(std::move(out));
        }
        for (const WedgeOutput& out : outputs) handle(out);
        const std::size_t news = app->drain();
        const Screen before_tick = app->state().screen;
        app->dispatch(Tick{});

        ControlRequests requests = control ? control->take() : ControlRequests{};
        if (requests.quit) break;
        const AppState& state = app->state();
        // Draw only when something may have changed: a frame costs a software rasteriser
        // milliseconds of both cores.
        const auto now = WedgeClock::now();
        draw = draw || !outputs.empty() || !typed.empty() || news > 0 ||
               state.screen != before_tick || !requests.screenshots.empty() ||
               !requests.states.empty() || !o.screenshot.empty() || now - last_drawn >= kIdleRedraw;
        // The bell once for each new refusal, where the eye may not be.
        if (RefusalShown refusal = refusal_on_screen(state); !(refusal == last_refusal)) {
            if (!refusal.empty() && o.terminal.refusal_sound) win.bell();
            last_refusal = std::move(refusal);
        }
        if (!draw) continue;
        last_drawn = now;
        if (state.screen != last_screen) {
            memory.on_screen_change();
            last_screen = state.screen;
        }

        if (latency) latency->frame_started(WedgeClock::now());
        win.begin_frame();
        ui::UiFrame f;
        f.lang = state.settings.language;
        f.fonts = &*fonts;
        f.memory = &memory;
        // One typed key a frame, in the order typed, whether a view takes it or not: each
        // view finds its button's key in f.keys, so several keys in one frame would act in the
        // order the buttons are drawn (a PIN's "01" entered as "10"), and a key that changes
        // the screen must act before the keys typed after it.
        if (!typed.empty()) {
            f.keys.push_back(typed.front());
            typed.pop_front();
        }
        const int width = win.framebuffer_width(), height = win.framebuffer_height();
        ui::draw_terminal(state, f, static_cast<float>(width), static_cast<float>(height));
        win.render();
        if (latency) latency->frame_drawn(state, app->units_loaded());

        bool exit_after = false;
        const bool settled =
            state.reference.has_value() || WedgeClock::now() - started_at > kScreenshotMaxWait;
        if (!o.screenshot.empty() && frame >= kScreenshotMinFrame && settled) {
            requests.screenshots.push_back(o.screenshot);
            exit_after = true;
        }
        if (!requests.screenshots.empty()) {
            const platform::Image image = win.read_back_buffer();
            for (const std::string& path : requests.screenshots)
                report(platform::write_png(image, path), "screenshot " + path);
        }
        win.swap();
        if (latency) latency->frame_shown(WedgeClock::now());

        if (!requests.states.empty()) {
            FrameInfo info;
            info.frame = frame;
            win.position(&info.window_x, &info.window_y);
            info.width = width;
            info.height = height;
            if (const ImDrawData* drawn = ImGui::GetDrawData())
                info.smallest_text_px = ui::smallest_text_px(*drawn, *ImGui::GetIO().Fonts);
            const std::string json = state_snapshot_json(state, f.buttons, info);
            for (const std::string& path : requests.states)
                report(write_file_atomically(path, json), "state " + path);
        }
        // One more frame right away after input: a tap whose press and release arrived together
        // is a click only on the frame after the press.
        again = !f.actions.empty() || input || !typed.empty();
        for (const Action& a : f.actions) app->dispatch(a);
        ++frame;
        if (exit_after) break;
    }
    // Stop the producers first (scanners, control channel), then the shell: the sync worker
    // stops, the outbox closes cleanly.
    scanners->clear();
    x11_keys.reset();
    control.reset();
    app.reset();
    return 0;
}

}  // namespace stampline::terminal
