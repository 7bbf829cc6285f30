// A plant's time zone and the local calendar over it: the local date, month and clock time of an
// instant, and the instant a local date and clock time name. Timestamps stay UTC everywhere else;
// the analyses cut their days, months and shifts here (DESIGN §5: the plant's calendar).
//
// A TimeZone is a table of UTC offsets, each in force from an instant until the next one. Pure:
// the table comes from the IANA database through time_zone_db.h (the one adapter that reads it),
// or is built by hand in tests. The default TimeZone is UTC.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shared/time.h"

namespace stampline {

// The offset local time - UTC in force from `from` on.
struct ZoneOffset {
    Timestamp from;
    std::int64_t offset_ms = 0;
    bool operator==(const ZoneOffset&) const = default;
};

class TimeZone {
public:
    TimeZone() = default;  // UTC
    // `offsets` sorted by `from`; the first also applies before its `from`. Empty: offset 0.
    TimeZone(std::string name, std::vector<ZoneOffset> offsets);

    const std::string& name() const { return name_; }
    std::int64_t offset_ms(Timestamp t) const;
    // The local wall clock at t, written as if it were UTC (date_of / format_utc read it).
    Timestamp local(Timestamp t) const { return Timestamp{t.ms + offset_ms(t)}; }
    Date date_of(Timestamp t) const { return stampline::date_of(local(t)); }
    YearMonth month_of(Timestamp t) const { return stampline::month_of(local(t)); }
    // Minutes since local midnight at t, 0..1439.
    int minute_of_day(Timestamp t) const;

    // The instant the local clock shows `minute` (0..1440 and beyond: counted on into the next
    // days) of local day d. When the clock skips that time (a jump forward), the instant the
    // jump happens; when it shows it twice (a jump back), the first time.
    Timestamp at(Date d, int minute) const;
    Timestamp start_of(Date d) const { return at(d, 0); }
    // "2026-11-30 08:15": the local date and clock minute of t, for pages and reports.
    std::string format_minute(Timestamp t) const;
    Timestamp start_of(YearMonth m) const { return at(Date{m.year, m.month, 1}, 0); }

    bool operator==(const TimeZone&) const = default;

private:
    std::string name_ = "UTC";
    std::vector<ZoneOffset> offsets_;
};

}  // namespace stampline
