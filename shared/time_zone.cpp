#include "shared/time_zone.h"

#include <algorithm>
#include <utility>

namespace stampline {

namespace {
constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kMinuteMs = 60'000;
// More than any UTC offset there has been (-12:00 .. +14:00) and any single jump of one.
constexpr std::int64_t kWidestOffsetMs = 26 * 3'600'000;
}  // namespace

TimeZone::TimeZone(std::string name, std::vector<ZoneOffset> offsets)
    : name_(std::move(name)), offsets_(std::move(offsets)) {}

std::int64_t TimeZone::offset_ms(Timestamp t) const {
    if (offsets_.empty()) return 0;
    auto it = std::upper_bound(offsets_.begin(), offsets_.end(), t,
                               [](Timestamp v, const ZoneOffset& o) { return v < o.from; });
    if (it == offsets_.begin()) return it->offset_ms;
    return std::prev(it)->offset_ms;
}

int TimeZone::minute_of_day(Timestamp t) const {
    const std::int64_t ms = local(t).ms;
    const std::int64_t in_day = ((ms % kDayMs) + kDayMs) % kDayMs;
    return static_cast<int>(in_day / kMinuteMs);
}

std::string TimeZone::format_minute(Timestamp t) const {
    std::string s = format_utc(local(t)).substr(0, 16);
    s[10] = ' ';
    return s;
}

Timestamp TimeZone::at(Date d, int minute) const {
    const std::int64_t wall = days_from_civil(d) * kDayMs + std::int64_t{minute} * kMinuteMs;
    // The offsets in force a little before and after: one of them is the wall clock's (at most
    // one change of offset lies between, as changes are months apart).
    const std::int64_t before = offset_ms(Timestamp{wall - kWidestOffsetMs});
    const std::int64_t after = offset_ms(Timestamp{wall + kWidestOffsetMs});
    bool found = false;
    Timestamp best;
    for (const std::int64_t o : {before, after}) {
        const Timestamp u{wall - o};
        if (offset_ms(u) == o && (!found || u < best)) {
            best = u;
            found = true;
        }
    }
    if (found) return best;
    // Skipped by a jump forward: the instant of the jump, the first change after wall - after.
    const Timestamp lower{wall - after};
    auto it = std::upper_bound(offsets_.begin(), offsets_.end(), lower,
                               [](Timestamp v, const ZoneOffset& o) { return v < o.from; });
    return it == offsets_.end() ? lower : it->from;
}

}  // namespace stampline
