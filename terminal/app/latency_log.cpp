#include "terminal/app/latency_log.h"

namespace stampline::terminal {

namespace {
// A scan whose card has not appeared by then is forgotten (it was not a sheet, or was refused).
constexpr auto kGiveUp = std::chrono::seconds(10);
}  // namespace

Result<std::unique_ptr<LatencyLog>> LatencyLog::open(const std::string& path) {
    std::ofstream out(path, std::ios::app);
    if (!out) return io_error("cannot open the latency log " + path);
    return std::unique_ptr<LatencyLog>(new LatencyLog(std::move(out)));
}

void LatencyLog::scan_completed(WedgeClock::time_point enter, std::uint64_t units_loaded) {
    pending_ = Pending{enter, units_loaded, false};
}

void LatencyLog::frame_drawn(const AppState& s, std::uint64_t units_loaded) {
    if (!pending_) return;
    pending_->on_screen = units_loaded > pending_->units_loaded && s.screen == Screen::UnitCard &&
                          s.card && s.card->loaded;
}

void LatencyLog::frame_shown(WedgeClock::time_point shown) {
    auto micros = [](WedgeClock::duration d) {
        return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    };
    out_ << "frame " << micros(shown - frame_start_) << '\n';
    out_.flush();
    if (!pending_) return;
    if (pending_->on_screen) {
        out_ << "scan " << micros(shown - pending_->enter) << '\n';
        out_.flush();
        pending_.reset();
    } else if (shown - pending_->enter > kGiveUp) {
        pending_.reset();
    }
}

}  // namespace stampline::terminal
