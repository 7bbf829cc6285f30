#include "server/service/terminal_clocks.h"

namespace stampline::server {

void TerminalClocks::record(std::string_view station, Timestamp terminal_now, Timestamp received,
                            std::optional<Timestamp> oldest_act) {
    TerminalClock c;
    c.station = std::string(station);
    c.offset_ms = terminal_now.ms - received.ms;
    c.last_contact = received;
    if (oldest_act) c.outbox_age_ms = received.ms - (oldest_act->ms - c.offset_ms);
    std::lock_guard lock(mu_);
    by_station_.insert_or_assign(c.station, c);
}

std::vector<TerminalClock> TerminalClocks::all() const {
    std::lock_guard lock(mu_);
    std::vector<TerminalClock> out;
    out.reserve(by_station_.size());
    for (const auto& [station, clock] : by_station_) out.push_back(clock);
    return out;
}

}  // namespace stampline::server
