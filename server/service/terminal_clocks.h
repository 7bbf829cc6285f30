// What the server knows of each terminal's clock (DESIGN.md §5: report the terminals whose
// clocks drift): with every batch a terminal sends its clock at sending (X-Terminal-Time), and the
// server keeps, per station, the offset of that clock from its own at receipt, the last contact
// and the age of the oldest act in the batch (how long acts waited in the terminal's outbox).
// In memory: a restarted server knows a terminal again at its next batch (seconds later).
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/time.h"

namespace stampline::server {

struct TerminalClock {
    std::string station;
    std::int64_t offset_ms = 0;      // the terminal's clock minus the server's, at the last batch
    Timestamp last_contact;          // server clock
    std::int64_t outbox_age_ms = 0;  // receipt minus the oldest act's terminal time, corrected
                                     // by the offset (0 for an empty batch)
};

class TerminalClocks {
public:
    // A batch from `station` sent at `terminal_now` (its clock), received at `received`, whose
    // oldest act is dated `oldest_act` (its clock), if it had any.
    void record(std::string_view station, Timestamp terminal_now, Timestamp received,
                std::optional<Timestamp> oldest_act);
    // Every terminal heard from since start, by station.
    std::vector<TerminalClock> all() const;

private:
    mutable std::mutex mu_;
    std::map<std::string, TerminalClock, std::less<>> by_station_;
};

}  // namespace stampline::server
