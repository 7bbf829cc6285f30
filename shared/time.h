// UTC time with millisecond precision, calendar dates, and the injectable Clock.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "shared/status.h"

namespace stampline {

// Milliseconds since 1970-01-01T00:00:00Z.
struct Timestamp {
    std::int64_t ms = 0;
    auto operator<=>(const Timestamp&) const = default;
};

// A calendar date (used for attestation due dates and GS1 dates).
struct Date {
    int year = 1970;
    int month = 1;
    int day = 1;
    auto operator<=>(const Date&) const = default;
};

bool is_valid_date(int year, int month, int day);
std::int64_t days_from_civil(Date date);
Date civil_from_days(std::int64_t days);
Date date_of(Timestamp t);  // the UTC calendar date of t

// "2026-11-29T14:19:38.123Z"
std::string format_utc(Timestamp t);
// Accepts exactly the form format_utc writes (milliseconds optional: "...T14:19:38Z").
Result<Timestamp> parse_utc(std::string_view text);
// "2026-11-29"
std::string format_date(Date d);
Result<Date> parse_date(std::string_view text);

// A calendar month.
struct YearMonth {
    int year = 1970;
    int month = 1;
    auto operator<=>(const YearMonth&) const = default;
};
// "YYYY-MM"
std::string format_year_month(YearMonth m);
// InvalidArgument unless exactly "YYYY-MM" with a month 01..12.
Result<YearMonth> parse_year_month(std::string_view text);
YearMonth next_month(YearMonth m);
YearMonth previous_month(YearMonth m);
// The UTC calendar month of instant t.
YearMonth month_of(Timestamp t);

// A terminal clock further than this from the server's (either way) is flagged: on the terminal's
// status bar and on the server's terminals page.
inline constexpr std::int64_t kClockWarningMs = 2 * 60 * 1000;

// The outside world's clock, passed in wherever time is needed. Thread-safe implementations only.
class Clock {
public:
    virtual ~Clock() = default;
    virtual Timestamp now() const = 0;
};

// A clock that returns a settable time; for tests and replays.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Timestamp t = {}) : t_(t) {}
    Timestamp now() const override { return t_; }
    void set(Timestamp t) { t_ = t; }
    void advance_ms(std::int64_t ms) { t_.ms += ms; }

private:
    Timestamp t_;
};

}  // namespace stampline
