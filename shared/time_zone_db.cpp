#include "shared/time_zone_db.h"

#include <date/tz.h>

#include <chrono>
#include <exception>
#include <string>
#include <vector>

namespace stampline {

Result<TimeZone> load_time_zone(std::string_view name) {
    using namespace std::chrono;
    try {
        const date::time_zone* zone = date::locate_zone(std::string(name));
        std::vector<ZoneOffset> offsets;
        const date::sys_seconds end{date::sys_days{date::year{2200} / 1 / 1}};
        date::sys_seconds t{date::sys_days{date::year{1900} / 1 / 1}};
        while (t < end) {
            const date::sys_info info = zone->get_info(t);
            const std::int64_t offset = duration_cast<milliseconds>(info.offset).count();
            if (offsets.empty() || offsets.back().offset_ms != offset)
                offsets.push_back(
                    {Timestamp{duration_cast<milliseconds>(t.time_since_epoch()).count()}, offset});
            if (info.end <= t) break;
            t = info.end;
        }
        return TimeZone(std::string(name), std::move(offsets));
    } catch (const std::exception&) {
        return not_found("unknown time zone '" + std::string(name) +
                         "' (an IANA name from the system's tzdata, e.g. Europe/Moscow)");
    }
}

}  // namespace stampline
