#include "shared/plant_parse.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>

#include "shared/identity.h"

namespace stampline {

namespace {

constexpr size_t kNoFile = std::numeric_limits<size_t>::max();

// ---- names, paths and lines ------------------------------------------------------------------

std::string_view type_name(toml::node_type type) {
    switch (type) {
        case toml::node_type::none: return "nothing";
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a float";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date-time";
    }
    return "a value";
}

bool is_bare_key_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

// "parent.key", quoting the key as TOML would need it.
std::string key_path(std::string_view parent, std::string_view key) {
    std::string out(parent);
    if (!out.empty()) out += '.';
    if (!key.empty() && std::all_of(key.begin(), key.end(), is_bare_key_char)) {
        out += key;
    } else {
        out += '"';
        for (char c : key) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out;
}

std::string index_path(std::string_view parent, size_t index) {
    return std::string(parent) + "[" + std::to_string(index) + "]";
}

// The line where `node` starts. Tables created implicitly have no position of their own; they
// get the first line of their contents.
uint32_t line_of(const toml::node& node) {
    uint32_t line = node.source().begin.line;
    if (line > 0) return line;
    uint32_t best = 0;
    auto consider = [&best](const toml::node& child) {
        uint32_t l = line_of(child);
        if (l > 0 && (best == 0 || l < best)) best = l;
    };
    if (const toml::table* t = node.as_table()) {
        for (auto&& [key, child] : *t) consider(child);
    } else if (const toml::array* a = node.as_array()) {
        for (const toml::node& child : *a) consider(child);
    }
    return best;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const std::string& item : items) {
        if (!out.empty()) out += sep;
        out += item;
    }
    return out;
}

// ---- code formats ----------------------------------------------------------------------------

// Stage, station, NC category and NC codes, checklist item ids: the identity rule for codes.
bool is_code(std::string_view s) {
    return check_identity(IdentityKind::Code, "code", s).is_ok();
}
constexpr std::string_view kCodeRule = "use 1-32 characters A-Z, 0-9, '-', '_'";

// Product codes go into sheet barcodes: the identity rule for product types.
bool is_product_code(std::string_view s) {
    return check_identity(IdentityKind::ProductType, "product type", s).is_ok();
}

// Disposition codes are words: 1..32 of a-z 0-9 _.
bool is_disposition_code(std::string_view s) {
    return !s.empty() && s.size() <= 32 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

// The GS1 check digit of the first 13 digits of a GTIN-14.
char gtin_check_digit(std::string_view gtin) {
    int sum = 0;
    for (size_t i = 0; i < 13; ++i) sum += (gtin[12 - i] - '0') * (i % 2 == 0 ? 3 : 1);
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

// ---- the merged configuration ----------------------------------------------------------------

enum class Shape {
    Single,    // [plant]
    Keyed,     // [stages.<CODE>]
    Junction,  // [checklists.<FROM>.<TO>]
};

struct Section {
    std::string_view key;
    Shape shape;
};

constexpr Section kSections[] = {
    {"plant", Shape::Single},        {"rules", Shape::Single},    {"stages", Shape::Keyed},
    {"products", Shape::Keyed},      {"stations", Shape::Keyed},  {"checklists", Shape::Junction},
    {"nc_categories", Shape::Keyed}, {"nc_codes", Shape::Keyed},  {"dispositions", Shape::Keyed},
    {"analytics", Shape::Single},    {"calendar", Shape::Single},
};

// One table that defines a thing (the plant, a stage, a checklist …) and where it is.
struct Def {
    size_t file = 0;
    uint32_t line = 0;
    std::string path;  // "stages.TZ"
    std::string code;  // "TZ"; for a checklist its from-stage
    std::string to;    // checklists: the to-stage
    const toml::table* table = nullptr;
};

struct Diagnostic {
    size_t file = kNoFile;  // kNoFile: not tied to one place
    uint32_t line = 0;
    std::string text;
};

// A place a route passes from one stage to the next.
struct JunctionUse {
    std::string from, to;
    size_t file;
    uint32_t line;
    std::string path;  // the route element of the to-stage
};

class Parser;

enum class Need { Required, Optional };

// Reads the keys of one table, reporting missing keys, wrong types and, in check_unknown(),
// keys that were never asked for.
class Fields {
public:
    Fields(Parser& parser, size_t file, const toml::table& table, std::string path)
        : parser_(parser), file_(file), table_(table), path_(std::move(path)) {}

    std::string path(std::string_view key) const { return key_path(path_, key); }
    size_t file() const { return file_; }

    const toml::node* node(std::string_view key, Need need);
    std::optional<std::string> string(std::string_view key, Need need);
    std::optional<bool> boolean(std::string_view key, Need need);
    std::optional<int64_t> integer(std::string_view key, Need need);
    // An optional integer in lo..hi into *out; true when one was given and in range (an error
    // names it otherwise).
    bool ranged(std::string_view key, int64_t lo, int64_t hi, int* out);
    const toml::array* array(std::string_view key, Need need);
    std::optional<LocalText> text(std::string_view key);  // { ru = "…", en = "…" }, required
    void check_unknown();

private:
    template <typename T>
    const toml::value<T>* typed(std::string_view key, Need need, std::string_view expected);

    Parser& parser_;
    size_t file_;
    const toml::table& table_;
    std::string path_;
    std::vector<std::string> asked_;
};

class Parser {
public:
    Parser(const std::vector<ConfigSource>& files, ZoneLookup zones)
        : files_(files), zones_(zones) {}

    Result<Plant> run();

    void error(size_t file, uint32_t line, std::string_view path, std::string_view what) {
        std::string text = files_[file].name + ":" + std::to_string(line) + ": ";
        text += path;
        text += ": ";
        text += what;
        diags_.push_back({file, line, std::move(text)});
    }
    void error(size_t file, const toml::node& node, std::string_view path, std::string_view what) {
        error(file, line_of(node), path, what);
    }
    void wrong_type(size_t file, const toml::node& node, std::string_view path,
                    std::string_view expected) {
        error(
            file, node, path,
            "expected " + std::string(expected) + ", found " + std::string(type_name(node.type())));
    }

private:
    bool parse_files();
    void merge(size_t file, const toml::table& root);
    void add(std::string_view section, Def def);
    const std::vector<Def>& defs(std::string_view section) {
        return sections_[std::string(section)];
    }
    bool require(std::string_view section);
    std::string where(size_t file, uint32_t line) const {
        return files_[file].name + ":" + std::to_string(line);
    }
    bool known_stage(std::string_view code) const { return stage_codes_.count(code) > 0; }
    std::string unknown_stage(std::string_view code) const {
        return "unknown stage '" + std::string(code) + "' (known: " + join(stage_list_, ", ") + ")";
    }

    void parse_plant_table(Plant& plant);
    void parse_rules(Plant& plant);
    void parse_analytics(Plant& plant);
    void parse_calendar(Plant& plant);
    void parse_shift(Plant& plant, size_t file, const toml::node& node, const std::string& path);
    void parse_stages(Plant& plant);
    void parse_products(Plant& plant);
    void parse_stations(Plant& plant);
    void parse_checklists(Plant& plant);
    void parse_nc_catalog(Plant& plant);
    void parse_dispositions(Plant& plant);
    void check_junctions();
    Status report();

    const std::vector<ConfigSource>& files_;
    ZoneLookup zones_;
    std::vector<toml::table> roots_;
    std::vector<Diagnostic> diags_;
    std::map<std::string, std::vector<Def>, std::less<>> sections_;
    std::map<std::string, std::pair<size_t, uint32_t>> defined_;  // path -> first definition
    std::set<std::string, std::less<>> stage_codes_;              // every defined stage
    std::vector<std::string> stage_list_;                         // the same, in order
    std::vector<JunctionUse> junctions_;                          // in route order
    bool routes_ok_ = true;  // every product's route is valid: junctions_ is complete
};

// ---- Fields ----------------------------------------------------------------------------------

const toml::node* Fields::node(std::string_view key, Need need) {
    asked_.emplace_back(key);
    const toml::node* n = table_.get(key);
    if (!n && need == Need::Required) {
        parser_.error(file_, line_of(table_), path(key), "missing required key");
    }
    return n;
}

template <typename T>
const toml::value<T>* Fields::typed(std::string_view key, Need need, std::string_view expected) {
    const toml::node* n = node(key, need);
    if (!n) return nullptr;
    const toml::value<T>* v = n->as<T>();
    if (!v) parser_.wrong_type(file_, *n, path(key), expected);
    return v;
}

std::optional<std::string> Fields::string(std::string_view key, Need need) {
    if (auto* v = typed<std::string>(key, need, "a string")) return v->get();
    return std::nullopt;
}

std::optional<bool> Fields::boolean(std::string_view key, Need need) {
    if (auto* v = typed<bool>(key, need, "true or false")) return v->get();
    return std::nullopt;
}

std::optional<int64_t> Fields::integer(std::string_view key, Need need) {
    if (auto* v = typed<int64_t>(key, need, "an integer")) return v->get();
    return std::nullopt;
}

bool Fields::ranged(std::string_view key, int64_t lo, int64_t hi, int* out) {
    const std::optional<int64_t> v = integer(key, Need::Optional);
    if (!v) return false;
    if (*v < lo || *v > hi) {
        parser_.error(file_, *table_.get(key), path(key),
                      std::to_string(*v) + " is out of range (" + std::to_string(lo) + ".." +
                          std::to_string(hi) + ")");
        return false;
    }
    *out = static_cast<int>(*v);
    return true;
}

const toml::array* Fields::array(std::string_view key, Need need) {
    const toml::node* n = node(key, need);
    if (!n) return nullptr;
    const toml::array* a = n->as_array();
    if (!a) parser_.wrong_type(file_, *n, path(key), "an array");
    return a;
}

std::optional<LocalText> Fields::text(std::string_view key) {
    const toml::node* n = node(key, Need::Required);
    if (!n) return std::nullopt;
    const toml::table* t = n->as_table();
    if (!t) {
        parser_.wrong_type(file_, *n, path(key), "a table { ru = \"...\", en = \"...\" }");
        return std::nullopt;
    }
    Fields sub(parser_, file_, *t, path(key));
    std::optional<std::string> lang[2];
    const char* langs[2] = {"ru", "en"};
    for (int i = 0; i < 2; ++i) {
        lang[i] = sub.string(langs[i], Need::Required);
        if (lang[i] && lang[i]->empty()) {
            parser_.error(file_, *t->get(langs[i]), sub.path(langs[i]), "must not be empty");
            lang[i].reset();
        }
    }
    sub.check_unknown();
    if (!lang[0] || !lang[1]) return std::nullopt;
    return LocalText{*lang[0], *lang[1]};
}

void Fields::check_unknown() {
    for (auto&& [key, value] : table_) {
        if (std::find(asked_.begin(), asked_.end(), key.str()) != asked_.end()) continue;
        parser_.error(file_, value, path(key.str()),
                      "unknown key (allowed: " + join(asked_, ", ") + ")");
    }
}

// ---- merging the files -----------------------------------------------------------------------

bool Parser::parse_files() {
    roots_.reserve(files_.size());
    bool ok = true;
    for (size_t i = 0; i < files_.size(); ++i) {
        try {
            roots_.push_back(
                toml::parse(std::string_view(files_[i].text), std::string_view(files_[i].name)));
        } catch (const toml::parse_error& e) {
            ok = false;
            roots_.emplace_back();
            const toml::source_position& pos = e.source().begin;
            diags_.push_back({i, pos.line,
                              files_[i].name + ":" + std::to_string(pos.line) + ":" +
                                  std::to_string(pos.column) +
                                  ": TOML syntax error: " + std::string(e.description())});
        }
    }
    return ok;
}

void Parser::add(std::string_view section, Def def) {
    auto [it, inserted] = defined_.emplace(def.path, std::make_pair(def.file, def.line));
    if (!inserted) {
        error(def.file, def.line, def.path,
              "defined twice: here and at " + where(it->second.first, it->second.second));
        return;
    }
    sections_[std::string(section)].push_back(std::move(def));
}

void Parser::merge(size_t file, const toml::table& root) {
    for (auto&& [key, node] : root) {
        std::string path = key_path("", key.str());
        const Section* section = nullptr;
        for (const Section& s : kSections)
            if (s.key == key.str()) section = &s;
        if (!section) {
            std::vector<std::string> allowed;
            for (const Section& s : kSections) allowed.emplace_back(s.key);
            error(file, node, path, "unknown table (allowed: " + join(allowed, ", ") + ")");
            continue;
        }
        const toml::table* table = node.as_table();
        if (!table) {
            wrong_type(file, node, path, "a table");
            continue;
        }
        if (section->shape == Shape::Single) {
            add(section->key, Def{file, line_of(*table), path, "", "", table});
            continue;
        }
        for (auto&& [code, child] : *table) {
            std::string child_path = key_path(path, code.str());
            const toml::table* child_table = child.as_table();
            if (!child_table) {
                wrong_type(file, child, child_path, "a table");
                continue;
            }
            if (section->shape == Shape::Keyed) {
                add(section->key, Def{file, line_of(*child_table), child_path,
                                      std::string(code.str()), "", child_table});
                continue;
            }
            for (auto&& [to, grandchild] : *child_table) {
                std::string junction_path = key_path(child_path, to.str());
                const toml::table* junction = grandchild.as_table();
                if (!junction) {
                    wrong_type(file, grandchild, junction_path, "a table");
                    continue;
                }
                add(section->key, Def{file, line_of(*junction), junction_path,
                                      std::string(code.str()), std::string(to.str()), junction});
            }
        }
    }
}

// Reports a required section that no file defines; true when it is present.
bool Parser::require(std::string_view section) {
    if (!defs(section).empty()) return true;
    std::vector<std::string> names;
    for (const ConfigSource& f : files_) names.push_back(f.name);
    bool single = section == "plant";
    std::string text(section);
    text += ": missing required table [";
    text += section;
    text += single ? "]" : ".<CODE>]";
    text += " (none of these files defines it: " + join(names, ", ") + ")";
    diags_.push_back({kNoFile, 0, std::move(text)});
    return false;
}

// ---- the sections ----------------------------------------------------------------------------

void Parser::parse_plant_table(Plant& plant) {
    if (!require("plant")) return;
    const Def& def = defs("plant").front();
    Fields f(*this, def.file, *def.table, def.path);
    if (auto code = f.string("code", Need::Required)) {
        if (is_code(*code)) {
            plant.code = *code;
        } else {
            error(def.file, *def.table->get("code"), f.path("code"),
                  "bad plant code '" + *code + "' (" + std::string(kCodeRule) + ")");
        }
    }
    if (auto name = f.text("name")) plant.name = *name;
    if (auto lang = f.string("default_language", Need::Optional)) {
        if (*lang == "ru" || *lang == "en") {
            plant.default_language = *lang;
        } else {
            error(def.file, *def.table->get("default_language"), f.path("default_language"),
                  "unknown language '" + *lang + "' (use \"ru\" or \"en\")");
        }
    }
    if (auto zone = f.string("time_zone", Need::Optional)) {
        if (Result<TimeZone> z = zones_(*zone)) {
            plant.zone = std::move(*z);
        } else {
            error(def.file, *def.table->get("time_zone"), f.path("time_zone"), z.error().message());
        }
    }
    f.check_unknown();
}

void Parser::parse_rules(Plant& plant) {
    if (defs("rules").empty()) return;  // every rule has a default
    const Def& def = defs("rules").front();
    Fields f(*this, def.file, *def.table, def.path);
    RuleOptions& rules = plant.rules;
    if (auto v = f.boolean("open_nc_blocks_signoff", Need::Optional)) {
        rules.open_nc_blocks_signoff = *v;
    }
    if (auto v = f.string("blocking_severity", Need::Optional)) {
        if (!parse_severity(*v, &rules.blocking_severity)) {
            error(def.file, *def.table->get("blocking_severity"), f.path("blocking_severity"),
                  "unknown severity '" + *v + "' (use minor, major or critical)");
        }
    }
    if (auto v = f.boolean("require_acceptance", Need::Optional)) rules.require_acceptance = *v;
    if (auto v = f.boolean("independent_verification", Need::Optional)) {
        rules.independent_verification = *v;
    }
    f.ranged("pin_max_attempts", 1, 20, &rules.pin_max_attempts);
    f.ranged("session_timeout_s", 10, 3600, &rules.session_timeout_s);
    f.ranged("offline_window_days", 1, 90, &rules.offline_window_days);
    f.ranged("clock_ahead_tolerance_s", 0, 86400, &rules.clock_ahead_tolerance_s);
    f.ranged("clock_behind_tolerance_s", 0, 86400, &rules.clock_behind_tolerance_s);
    f.check_unknown();
}

void Parser::parse_analytics(Plant& plant) {
    if (defs("analytics").empty()) return;  // every option has a default
    const Def& def = defs("analytics").front();
    Fields f(*this, def.file, *def.table, def.path);
    AnalyticsOptions& a = plant.analytics;
    f.ranged("repeat_months", 1, 24, &a.repeat_months);
    f.ranged("repeat_min_months", 1, 24, &a.repeat_min_months);
    if (a.repeat_min_months > a.repeat_months) {
        const std::string_view key =
            def.table->contains("repeat_min_months") ? "repeat_min_months" : "repeat_months";
        error(def.file, *def.table->get(key), f.path(key),
              "repeat_min_months (" + std::to_string(a.repeat_min_months) +
                  ") is more than repeat_months (" + std::to_string(a.repeat_months) + ")");
    }
    f.ranged("ranking_min_units", 1, 100000, &a.ranking_min_units);
    f.ranged("weight_minor", 0, 1000, &a.weight_minor);
    f.ranged("weight_major", 0, 1000, &a.weight_major);
    f.ranged("weight_critical", 0, 1000, &a.weight_critical);
    f.check_unknown();
}

void Parser::parse_calendar(Plant& plant) {
    if (defs("calendar").empty()) return;  // no calendar: the plant works around the clock
    const Def& def = defs("calendar").front();
    Fields f(*this, def.file, *def.table, def.path);
    WorkCalendar& c = plant.calendar;
    if (const toml::array* days = f.array("days_off", Need::Optional)) {
        for (size_t i = 0; i < days->size(); ++i) {
            const toml::node& n = *days->get(i);
            const int day = n.is_string() ? parse_weekday(n.as_string()->get()) : -1;
            if (day < 0) {
                error(def.file, n, index_path(f.path("days_off"), i),
                      "expected a day of the week: mon, tue, wed, thu, fri, sat or sun");
            } else {
                c.days_off[static_cast<size_t>(day)] = true;
            }
        }
        if (std::all_of(c.days_off.begin(), c.days_off.end(), [](bool off) { return off; }))
            error(def.file, *days, f.path("days_off"), "every day of the week is a day off");
    }
    if (const toml::array* holidays = f.array("holidays", Need::Optional)) {
        for (size_t i = 0; i < holidays->size(); ++i) {
            const toml::node& n = *holidays->get(i);
            const toml::value<toml::date>* d = n.as_date();
            if (!d) {
                wrong_type(def.file, n, index_path(f.path("holidays"), i), "a date (2027-01-01)");
                continue;
            }
            const toml::date v = d->get();
            c.holidays.push_back(Date{v.year, v.month, v.day});
        }
        std::sort(c.holidays.begin(), c.holidays.end());
    }
    if (const toml::array* shifts = f.array("shifts", Need::Required)) {
        if (shifts->empty()) error(def.file, *shifts, f.path("shifts"), "no shifts");
        for (size_t i = 0; i < shifts->size(); ++i)
            parse_shift(plant, def.file, *shifts->get(i), index_path(f.path("shifts"), i));
    }
    f.check_unknown();
    if (!c.defined()) return;
    for (const std::string& stage : stage_list_) {
        if (std::none_of(c.shifts.begin(), c.shifts.end(),
                         [&](const Shift& s) { return s.staffs(stage); }))
            error(def.file, def.line, f.path("shifts"),
                  "stage '" + stage + "' is staffed by no shift (give it one, or list no stages)");
    }
}

void Parser::parse_shift(Plant& plant, size_t file, const toml::node& node,
                         const std::string& path) {
    const toml::table* table = node.as_table();
    if (!table) {
        wrong_type(file, node, path, "a table (a [[calendar.shifts]] entry)");
        return;
    }
    Fields f(*this, file, *table, path);
    Shift shift;
    bool ok = true;
    if (auto name = f.string("name", Need::Required)) {
        shift.name = *name;
    } else {
        ok = false;
    }
    for (auto [key, minute] :
         {std::pair{"start", &shift.start_minute}, std::pair{"end", &shift.end_minute}}) {
        auto clock = f.string(key, Need::Required);
        *minute = clock ? parse_clock_minute(*clock) : -1;
        if (clock && *minute < 0)
            error(file, *table->get(key), f.path(key),
                  "bad time '" + *clock + "' (the local clock as \"HH:MM\", e.g. \"08:00\")");
        ok = ok && *minute >= 0;
    }
    if (const toml::array* stages = f.array("stages", Need::Optional)) {
        for (size_t i = 0; i < stages->size(); ++i) {
            const toml::node& n = *stages->get(i);
            const std::string p = index_path(f.path("stages"), i);
            if (!n.is_string()) {
                wrong_type(file, n, p, "a stage code (a string)");
                ok = false;
            } else if (!known_stage(n.as_string()->get())) {
                error(file, n, p, unknown_stage(n.as_string()->get()));
                ok = false;
            } else {
                shift.stages.push_back(n.as_string()->get());
            }
        }
    }
    f.check_unknown();
    if (ok) plant.calendar.shifts.push_back(std::move(shift));
}

void Parser::parse_stages(Plant& plant) {
    if (!require("stages")) return;
    for (const Def& def : defs("stages")) {
        stage_codes_.insert(def.code);
        stage_list_.push_back(def.code);
    }
    for (const Def& def : defs("stages")) {
        if (!is_code(def.code)) {
            error(def.file, def.line, def.path,
                  "bad stage code '" + def.code + "' (" + std::string(kCodeRule) + ")");
        }
        Fields f(*this, def.file, *def.table, def.path);
        std::optional<LocalText> name = f.text("name");
        f.check_unknown();
        if (name) plant.stages.push_back({def.code, *name});
    }
}

void Parser::parse_products(Plant& plant) {
    if (!require("products")) return;
    std::map<std::string, std::string> gtin_owner;  // gtin -> "products.X (file:line)"
    for (const Def& def : defs("products")) {
        if (!is_product_code(def.code)) {
            error(def.file, def.line, def.path,
                  "bad product code '" + def.code +
                      "' (use 1-16 characters A-Z, 0-9: it goes into barcodes)");
        }
        Fields f(*this, def.file, *def.table, def.path);
        ProductType product;
        product.code = def.code;
        std::optional<LocalText> name = f.text("name");
        if (name) product.name = *name;

        if (auto gtin = f.string("gtin", Need::Optional)) {
            const toml::node& node = *def.table->get("gtin");
            std::string path = f.path("gtin");
            bool digits = gtin->size() == 14 && std::all_of(gtin->begin(), gtin->end(), [](char c) {
                              return c >= '0' && c <= '9';
                          });
            if (!digits) {
                error(def.file, node, path, "GTIN '" + *gtin + "' is not 14 digits");
            } else if (gtin_check_digit(*gtin) != (*gtin)[13]) {
                error(def.file, node, path,
                      "GTIN '" + *gtin + "' has a bad GS1 check digit (expected " +
                          gtin_check_digit(*gtin) + " at the end)");
            } else if (auto it = gtin_owner.find(*gtin); it != gtin_owner.end()) {
                error(def.file, node, path,
                      "GTIN '" + *gtin + "' is already used by " + it->second);
            } else {
                gtin_owner[*gtin] = def.path + " (" + where(def.file, line_of(node)) + ")";
                product.gtin = *gtin;
            }
        }

        const toml::array* route = f.array("route", Need::Required);
        bool route_ok = route != nullptr;
        if (route && route->empty()) {
            error(def.file, *route, f.path("route"),
                  "empty route (list the product's stages in production order)");
            route_ok = false;
        }
        if (route) {
            std::string route_path = f.path("route");
            std::map<std::string, size_t> seen;
            const toml::value<std::string>* prev = nullptr;
            for (size_t i = 0; i < route->size(); ++i) {
                const toml::node& element = *route->get(i);
                std::string path = index_path(route_path, i);
                const toml::value<std::string>* stage = element.as_string();
                if (!stage) {
                    wrong_type(def.file, element, path, "a stage code (a string)");
                    route_ok = false;
                    prev = nullptr;
                    continue;
                }
                const std::string& code = stage->get();
                if (!known_stage(code)) {
                    error(def.file, element, path, unknown_stage(code));
                    route_ok = false;
                } else if (auto it = seen.find(code); it != seen.end()) {
                    error(def.file, element, path,
                          "stage '" + code + "' repeats " + index_path("route", it->second) +
                              " (a route passes each stage once)");
                    route_ok = false;
                } else {
                    seen[code] = i;
                }
                if (prev) {
                    junctions_.push_back({prev->get(), code, def.file, line_of(element), path});
                }
                prev = stage;
                product.route.push_back(code);
            }
        }
        f.check_unknown();
        routes_ok_ = routes_ok_ && route_ok;
        if (name && route_ok) plant.products.push_back(std::move(product));
    }
}

void Parser::parse_stations(Plant& plant) {
    if (!require("stations")) return;
    for (const Def& def : defs("stations")) {
        if (!is_code(def.code)) {
            error(def.file, def.line, def.path,
                  "bad station id '" + def.code + "' (" + std::string(kCodeRule) + ")");
        }
        Fields f(*this, def.file, *def.table, def.path);
        Station station;
        station.id = def.code;
        std::optional<LocalText> name = f.text("name");
        if (name) station.name = *name;
        const toml::array* stages = f.array("stages", Need::Required);
        if (stages && stages->empty()) {
            error(def.file, *stages, f.path("stages"),
                  "no stages (a station signs off at least one stage)");
        }
        if (stages) {
            for (size_t i = 0; i < stages->size(); ++i) {
                const toml::node& element = *stages->get(i);
                std::string path = index_path(f.path("stages"), i);
                const toml::value<std::string>* stage = element.as_string();
                if (!stage) {
                    wrong_type(def.file, element, path, "a stage code (a string)");
                    continue;
                }
                const std::string& code = stage->get();
                if (!known_stage(code)) {
                    error(def.file, element, path, unknown_stage(code));
                } else if (std::find(station.stages.begin(), station.stages.end(), code) !=
                           station.stages.end()) {
                    error(def.file, element, path, "stage '" + code + "' is listed twice");
                } else {
                    station.stages.push_back(code);
                }
            }
        }
        f.check_unknown();
        if (name && stages && station.stages.size() == stages->size() && !stages->empty()) {
            plant.stations.push_back(std::move(station));
        }
    }
}

void Parser::parse_checklists(Plant& plant) {
    for (const Def& def : defs("checklists")) {
        bool ok = true;
        for (const std::string& stage : {def.code, def.to}) {
            if (!known_stage(stage)) {
                error(def.file, def.line, def.path, unknown_stage(stage));
                ok = false;
            }
        }
        // With a broken route the junctions are not all known: do not add noise.
        if (ok && routes_ok_) {
            bool used = std::any_of(junctions_.begin(), junctions_.end(), [&](const auto& j) {
                return j.from == def.code && j.to == def.to;
            });
            if (!used) {
                error(def.file, def.line, def.path,
                      "the junction " + def.code + " -> " + def.to +
                          " occurs in no product route (remove this checklist or fix the route)");
                ok = false;
            }
        }
        Fields f(*this, def.file, *def.table, def.path);
        Checklist checklist{def.code, def.to, {}};
        const toml::array* items = f.array("items", Need::Required);
        if (items && items->empty()) {
            error(def.file, *items, f.path("items"), "no items (list at least one check)");
            ok = false;
        }
        if (items) {
            std::map<std::string, size_t> seen;
            for (size_t i = 0; i < items->size(); ++i) {
                const toml::node& element = *items->get(i);
                std::string path = index_path(f.path("items"), i);
                const toml::table* table = element.as_table();
                if (!table) {
                    wrong_type(def.file, element, path, "a table { id = ..., text = ... }");
                    ok = false;
                    continue;
                }
                Fields item(*this, def.file, *table, path);
                std::optional<std::string> id = item.string("id", Need::Required);
                if (id && !is_code(*id)) {
                    error(def.file, *table->get("id"), item.path("id"),
                          "bad item id '" + *id + "' (" + std::string(kCodeRule) + ")");
                    id.reset();
                } else if (id && seen.count(*id)) {
                    error(def.file, *table->get("id"), item.path("id"),
                          "duplicate item id '" + *id + "' (first at " +
                              index_path("items", seen[*id]) + ")");
                    id.reset();
                } else if (id) {
                    seen[*id] = i;
                }
                std::optional<LocalText> text = item.text("text");
                item.check_unknown();
                if (id && text) {
                    checklist.items.push_back({*id, *text});
                } else {
                    ok = false;
                }
            }
        } else {
            ok = false;
        }
        f.check_unknown();
        if (ok) plant.checklists.push_back(std::move(checklist));
    }
}

void Parser::check_junctions() {
    std::set<std::pair<std::string, std::string>> reported;
    for (const JunctionUse& j : junctions_) {
        if (!known_stage(j.from) || !known_stage(j.to) || j.from == j.to) continue;
        bool has_checklist =
            std::any_of(defs("checklists").begin(), defs("checklists").end(),
                        [&](const Def& d) { return d.code == j.from && d.to == j.to; });
        if (has_checklist || !reported.insert({j.from, j.to}).second) continue;
        error(j.file, j.line, j.path,
              "no checklist for the junction " + j.from + " -> " + j.to + " (add [[checklists." +
                  j.from + "." + j.to + ".items]])");
    }
}

void Parser::parse_nc_catalog(Plant& plant) {
    bool have_categories = require("nc_categories");
    std::vector<std::string> category_list;
    for (const Def& def : defs("nc_categories")) {
        category_list.push_back(def.code);
        if (!is_code(def.code)) {
            error(def.file, def.line, def.path,
                  "bad category code '" + def.code + "' (" + std::string(kCodeRule) + ")");
        }
        Fields f(*this, def.file, *def.table, def.path);
        std::optional<LocalText> name = f.text("name");
        f.check_unknown();
        if (name) plant.nc_categories.push_back({def.code, *name});
    }

    if (!require("nc_codes")) return;
    for (const Def& def : defs("nc_codes")) {
        if (!is_code(def.code)) {
            error(def.file, def.line, def.path,
                  "bad NC code '" + def.code + "' (" + std::string(kCodeRule) + ")");
        }
        Fields f(*this, def.file, *def.table, def.path);
        NcCode code;
        code.code = def.code;
        bool ok = true;
        if (auto category = f.string("category", Need::Required)) {
            bool known = std::find(category_list.begin(), category_list.end(), *category) !=
                         category_list.end();
            if (!known && have_categories) {
                error(def.file, *def.table->get("category"), f.path("category"),
                      "unknown category '" + *category + "' (known: " + join(category_list, ", ") +
                          ")");
            }
            ok = ok && known;
            code.category = *category;
        } else {
            ok = false;
        }
        if (auto severity = f.string("default_severity", Need::Required)) {
            if (!parse_severity(*severity, &code.default_severity)) {
                error(def.file, *def.table->get("default_severity"), f.path("default_severity"),
                      "unknown severity '" + *severity + "' (use minor, major or critical)");
                ok = false;
            }
        } else {
            ok = false;
        }
        if (auto text = f.text("text")) {
            code.text = *text;
        } else {
            ok = false;
        }
        f.check_unknown();
        if (ok) plant.nc_codes.push_back(std::move(code));
    }
}

void Parser::parse_dispositions(Plant& plant) {
    if (!require("dispositions")) return;
    for (const Def& def : defs("dispositions")) {
        if (!is_disposition_code(def.code)) {
            error(def.file, def.line, def.path,
                  "bad disposition code '" + def.code +
                      "' (use 1-32 characters a-z, 0-9, '_', e.g. use_as_is)");
        }
        Fields f(*this, def.file, *def.table, def.path);
        std::optional<LocalText> name = f.text("name");
        f.check_unknown();
        if (name) plant.dispositions.push_back({def.code, *name});
    }
}

// ---- the whole ---------------------------------------------------------------------------------

Status Parser::report() {
    // Problems without a place first, then by file as given, then by line.
    auto rank = [](const Diagnostic& d) { return d.file == kNoFile ? 0 : d.file + 1; };
    std::stable_sort(diags_.begin(), diags_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
        if (rank(a) != rank(b)) return rank(a) < rank(b);
        return a.line < b.line;
    });
    std::string text;
    for (const Diagnostic& d : diags_) {
        if (!text.empty()) text += '\n';
        text += d.text;
    }
    return invalid(std::move(text));
}

Result<Plant> Parser::run() {
    if (files_.empty()) return invalid("no plant configuration files given");
    if (!parse_files()) return report();
    for (size_t i = 0; i < roots_.size(); ++i) merge(i, roots_[i]);
    for (auto& [name, list] : sections_) {
        std::stable_sort(list.begin(), list.end(), [](const Def& a, const Def& b) {
            return std::tie(a.file, a.line) < std::tie(b.file, b.line);
        });
    }

    Plant plant;
    parse_plant_table(plant);
    parse_rules(plant);
    parse_analytics(plant);
    parse_stages(plant);
    parse_calendar(plant);
    parse_products(plant);
    parse_stations(plant);
    parse_checklists(plant);
    check_junctions();
    parse_nc_catalog(plant);
    parse_dispositions(plant);

    if (!diags_.empty()) return report();
    return plant;
}

}  // namespace

Result<TimeZone> utc_only(std::string_view name) {
    if (name == "UTC") return TimeZone();
    return not_found("unknown time zone '" + std::string(name) + "' (this reader knows only UTC)");
}

Result<Plant> parse_plant(const std::vector<ConfigSource>& files, ZoneLookup zones) {
    return Parser(files, zones).run();
}

}  // namespace stampline
