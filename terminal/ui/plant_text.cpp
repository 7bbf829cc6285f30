#include "terminal/ui/plant_text.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "terminal/core/catalog.h"

namespace stampline::terminal::ui {

namespace {

const char* lang(const AppState& s) {
    return language_code(s.settings.language);
}

const Plant* plant(const AppState& s) {
    return s.reference ? &s.reference->plant : nullptr;
}

Timestamp local(const AppState& s, Timestamp t) {
    return Timestamp{t.ms + std::int64_t{s.settings.utc_offset_minutes} * 60'000};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - (a % b < 0 ? 1 : 0);
}

}  // namespace

std::string station_name(const AppState& s) {
    const Plant* p = plant(s);
    const Station* st = p ? p->station(s.settings.station) : nullptr;
    return st ? st->name.in(lang(s)) : s.settings.station;
}

std::string stage_name(const AppState& s, std::string_view code) {
    const Plant* p = plant(s);
    const Stage* st = p ? p->stage(code) : nullptr;
    return st ? st->name.in(lang(s)) : std::string(code);
}

std::string stage_short_name(const AppState& s, std::string_view code) {
    std::string name = stage_name(s, code);
    const std::size_t bracket = name.find(" (");
    if (bracket != std::string::npos && bracket > 0) name.resize(bracket);
    return name;
}

std::string station_stages(const AppState& s) {
    const Plant* p = plant(s);
    const Station* st = p ? p->station(s.settings.station) : nullptr;
    if (!st) return "";
    std::string out;
    for (const std::string& stage : st->stages) {
        if (!out.empty()) out += ", ";
        out += stage_short_name(s, stage);
    }
    return out;
}

std::string product_name(const AppState& s, std::string_view code) {
    const Plant* p = plant(s);
    const ProductType* pt = p ? p->product(code) : nullptr;
    return pt ? pt->name.in(lang(s)) : std::string(code);
}

std::string nc_category_name(const AppState& s, std::string_view code) {
    if (const Plant* p = plant(s))
        for (const NcCategory& c : p->nc_categories)
            if (c.code == code) return c.name.in(lang(s));
    return std::string(code);
}

std::string nc_code_text(const AppState& s, std::string_view code) {
    const Plant* p = plant(s);
    const NcCode* c = p ? p->nc_code(code) : nullptr;
    return c ? c->text.in(lang(s)) : std::string(code);
}

std::string disposition_name(const AppState& s, std::string_view code) {
    const Plant* p = plant(s);
    const Disposition* d = p ? p->disposition(code) : nullptr;
    return d ? d->name.in(lang(s)) : std::string(code);
}

std::string severity_key(Severity severity) {
    return std::string("ui.severity.") + severity_name(severity);
}

std::string stamp_holder(const AppState& s, std::string_view stamp) {
    const StampRecord* r = s.reference ? s.reference->stamp(stamp) : nullptr;
    return r ? r->holder : "";
}

std::string short_name(std::string_view full) {
    std::vector<std::string_view> words;
    for (std::size_t i = 0; i < full.size();) {
        const std::size_t j = std::min(full.find(' ', i), full.size());
        if (j > i) words.push_back(full.substr(i, j - i));
        i = j + 1;
    }
    if (words.size() < 2) return std::string(full);
    std::string out(words[0]);
    for (std::size_t w = 1; w < words.size(); ++w) {
        const std::string_view word = words[w];
        if (word.size() >= 2 && word[word.size() - 1] == '.') {  // already an initial
            out += ' ';
            out += word;
            continue;
        }
        // The first character, whole (UTF-8), then a dot.
        const unsigned char c = static_cast<unsigned char>(word[0]);
        const std::size_t n = std::min<std::size_t>(word.size(), c >= 0xF0   ? 4
                                                                 : c >= 0xE0 ? 3
                                                                 : c >= 0xC0 ? 2
                                                                             : 1);
        out += ' ';
        out += word.substr(0, n);
        out += '.';
    }
    return out;
}

std::string local_time(const AppState& s, Timestamp t) {
    const std::int64_t minutes = floor_div(local(s, t).ms, 60'000);
    const std::int64_t of_day = minutes - floor_div(minutes, 1440) * 1440;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(of_day / 60),
                  static_cast<int>(of_day % 60));
    return buf;
}

std::string local_date(const AppState& s, Timestamp t) {
    const Date d = date_of(local(s, t));
    char buf[16];
    if (s.settings.language == Language::Ru)
        std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", d.day, d.month, d.year);
    else
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::string short_when(const AppState& s, Timestamp t) {
    const Date d = date_of(local(s, t));
    if (d == date_of(local(s, s.now))) return local_time(s, t);
    char buf[16];
    if (s.settings.language == Language::Ru)
        std::snprintf(buf, sizeof buf, "%02d.%02d ", d.day, d.month);
    else
        std::snprintf(buf, sizeof buf, "%02d-%02d ", d.month, d.day);
    return buf + local_time(s, t);
}

}  // namespace stampline::terminal::ui
