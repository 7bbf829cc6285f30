// The IANA time zone database (the system's tzdata, through Howard Hinnant's date library): the
// one adapter that reads it. Everything else takes the TimeZone table it builds (time_zone.h).
#pragma once

#include <string_view>

#include "shared/status.h"
#include "shared/time_zone.h"

namespace stampline {

// The zone named `name` (e.g. "Europe/Moscow", "UTC") with its offsets from 1900 to 2200.
// NotFound naming the zone when the database has no such zone.
Result<TimeZone> load_time_zone(std::string_view name);

}  // namespace stampline
