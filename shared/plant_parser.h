// The plant configuration parser's inner parts, shared by its two files: plant_parse.cpp (values,
// keys and lines; the merging of the files; the report) and plant_parse_sections.cpp (one
// function per section). Only those two include this header: it is where toml++ types stop.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shared/plant_parse.h"

namespace stampline::plant_config {

constexpr size_t kNoFile = std::numeric_limits<size_t>::max();

// ---- names, paths and lines (plant_parse.cpp) ------------------------------------------------

std::string_view type_name(toml::node_type type);
// "parent.key", quoting the key as TOML would need it.
std::string key_path(std::string_view parent, std::string_view key);
std::string index_path(std::string_view parent, size_t index);
// The line where `node` starts. Tables created implicitly have no position of their own; they
// get the first line of their contents.
uint32_t line_of(const toml::node& node);
std::string join(const std::vector<std::string>& items, std::string_view sep);

// ---- code formats ----------------------------------------------------------------------------

// Stage, station, NC category and NC codes, checklist item ids: the identity rule for codes.
bool is_code(std::string_view s);
constexpr std::string_view kCodeRule = "use 1-32 characters A-Z, 0-9, '-', '_'";
// Product codes go into sheet barcodes: the identity rule for product types.
bool is_product_code(std::string_view s);
// Disposition codes are words: 1..32 of a-z 0-9 _.
bool is_disposition_code(std::string_view s);
// The GS1 check digit of the first 13 digits of a GTIN-14.
char gtin_check_digit(std::string_view gtin);

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

inline constexpr Section kSections[] = {
    {"plant", Shape::Single},           {"rules", Shape::Single},
    {"stages", Shape::Keyed},           {"products", Shape::Keyed},
    {"stations", Shape::Keyed},         {"checklists", Shape::Junction},
    {"nc_categories", Shape::Keyed},    {"nc_codes", Shape::Keyed},
    {"dispositions", Shape::Keyed},     {"analytics", Shape::Single},
    {"calendar", Shape::Single},        {"complaint_reasons", Shape::Keyed},
    {"lifecycle_stages", Shape::Keyed},
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
    void parse_complaint_rules(Plant& plant);
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

}  // namespace stampline::plant_config
