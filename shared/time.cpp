#include "shared/time.h"

#include <cstdio>

#include "shared/printable.h"

namespace stampline {

namespace {

bool is_leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Reads exactly n decimal digits at text[pos]; -1 when any is not a digit.
int digits(std::string_view text, std::size_t pos, std::size_t n) {
    if (pos + n > text.size()) return -1;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (text[i] < '0' || text[i] > '9') return -1;
        v = v * 10 + (text[i] - '0');
    }
    return v;
}

}  // namespace

bool is_valid_date(int year, int month, int day) {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

// Howard Hinnant's days_from_civil.
std::int64_t days_from_civil(Date d) {
    const int y = d.year - (d.month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned mp = static_cast<unsigned>(d.month + (d.month > 2 ? -3 : 9));
    const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(d.day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Date civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int year = static_cast<int>(yoe + era * 400) + (month <= 2 ? 1 : 0);
    return {year, month, day};
}

Date date_of(Timestamp t) {
    std::int64_t days = t.ms / 86400000;
    if (t.ms % 86400000 < 0) --days;
    return civil_from_days(days);
}

std::string format_utc(Timestamp t) {
    std::int64_t days = t.ms / 86400000;
    std::int64_t rem = t.ms % 86400000;
    if (rem < 0) {
        rem += 86400000;
        --days;
    }
    const Date d = civil_from_days(days);
    if (d.year < 0 || d.year > 9999) {  // outside the protocol's years: however printf writes it
        char buf[40];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year, d.month,
                      d.day, static_cast<int>(rem / 3600000), static_cast<int>(rem / 60000 % 60),
                      static_cast<int>(rem / 1000 % 60), static_cast<int>(rem % 1000));
        return buf;
    }
    // By hand: this runs for every event written, stored or checked, and snprintf was slow.
    std::string out = "0000-00-00T00:00:00.000Z";
    const auto put = [&](std::size_t at, int width, int value) {
        for (std::size_t i = at + static_cast<std::size_t>(width); i-- > at; value /= 10)
            out[i] = static_cast<char>('0' + value % 10);
    };
    put(0, 4, d.year);
    put(5, 2, d.month);
    put(8, 2, d.day);
    put(11, 2, static_cast<int>(rem / 3600000));
    put(14, 2, static_cast<int>(rem / 60000 % 60));
    put(17, 2, static_cast<int>(rem / 1000 % 60));
    put(20, 3, static_cast<int>(rem % 1000));
    return out;
}

Result<Timestamp> parse_utc(std::string_view text) {
    const auto bad = [&] {
        return invalid("'" + std::string(text) +
                       "' is not a UTC time of the form 2026-11-29T14:19:38.123Z");
    };
    if (text.size() != 20 && text.size() != 24) return bad();
    const int y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
    const int h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
    if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
        return bad();
    int ms = 0;
    if (text.size() == 24) {
        if (text[19] != '.') return bad();
        ms = digits(text, 20, 3);
    }
    if (text.back() != 'Z' || y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || ms < 0)
        return bad();
    if (!is_valid_date(y, mo, d) || h > 23 || mi > 59 || s > 59) return bad();
    const std::int64_t days = days_from_civil({y, mo, d});
    return Timestamp{((days * 24 + h) * 60 + mi) * 60000 + s * 1000 + ms};
}

std::string format_date(Date d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

Result<Date> parse_date(std::string_view text) {
    const int y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || y < 0 || m < 0 || d < 0 ||
        !is_valid_date(y, m, d))
        return invalid("'" + std::string(text) + "' is not a date of the form 2026-11-29");
    return Date{y, m, d};
}

std::string format_year_month(YearMonth m) {
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02d", m.year, m.month);
    return out;
}

Result<YearMonth> parse_year_month(std::string_view text) {
    const int y = digits(text, 0, 4);
    const int m = digits(text, 5, 2);
    if (text.size() != 7 || text[4] != '-' || y < 1 || m < 1 || m > 12)
        return invalid("'" + printable_clipped(text) + "' is not a month YYYY-MM");
    return YearMonth{y, m};
}

YearMonth month_of(Timestamp t) {
    const Date d = date_of(t);
    return YearMonth{d.year, d.month};
}

YearMonth previous_month(YearMonth m) {
    return m.month == 1 ? YearMonth{m.year - 1, 12} : YearMonth{m.year, m.month - 1};
}

YearMonth next_month(YearMonth m) {
    return m.month == 12 ? YearMonth{m.year + 1, 1} : YearMonth{m.year, m.month + 1};
}

}  // namespace stampline
