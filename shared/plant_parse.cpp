#include "shared/plant_parse.h"

#include <algorithm>
#include <tuple>

#include "shared/identity.h"
#include "shared/plant_parser.h"

namespace stampline {

namespace plant_config {

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
    parse_complaint_rules(plant);

    if (!diags_.empty()) return report();
    return plant;
}

}  // namespace plant_config

Result<TimeZone> utc_only(std::string_view name) {
    if (name == "UTC") return TimeZone();
    return not_found("unknown time zone '" + std::string(name) + "' (this reader knows only UTC)");
}

Result<Plant> parse_plant(const std::vector<ConfigSource>& files, ZoneLookup zones) {
    return plant_config::Parser(files, zones).run();
}

}  // namespace stampline
