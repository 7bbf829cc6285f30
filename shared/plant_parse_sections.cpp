// The sections of the plant configuration, one function each (plant_parser.h).
#include <algorithm>

#include "shared/plant_parser.h"

namespace stampline::plant_config {

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

// complaint_reasons.<code> and lifecycle_stages.<code>: optional together; reasons need stages.
void Parser::parse_complaint_rules(Plant& plant) {
    if (defs("complaint_reasons").empty()) return;
    require("lifecycle_stages");
    const auto word_code = [&](const Def& def, const char* what) {
        if (is_disposition_code(def.code)) return true;
        error(def.file, def.line, def.path,
              std::string("bad ") + what + " code '" + def.code +
                  "' (use 1-32 characters a-z, 0-9, '_', e.g. transport_damage)");
        return false;
    };
    for (const Def& def : defs("complaint_reasons")) {
        bool ok = word_code(def, "complaint reason");
        Fields f(*this, def.file, *def.table, def.path);
        std::optional<LocalText> name = f.text("name");
        std::optional<int64_t> first = f.integer("first_answer_days", Need::Required);
        std::optional<int64_t> resolution = f.integer("resolution_days", Need::Required);
        std::optional<bool> working = f.boolean("working_days", Need::Optional);
        std::optional<bool> fault = f.boolean("product_fault", Need::Optional);
        ok = ok && name && first && resolution;
        if (first && (*first < 1 || *first > 365)) {
            error(def.file, *def.table->get("first_answer_days"), f.path("first_answer_days"),
                  "must be 1..365 days (got " + std::to_string(*first) + ")");
            ok = false;
        }
        if (first && resolution && (*resolution < *first || *resolution > 730)) {
            error(def.file, *def.table->get("resolution_days"), f.path("resolution_days"),
                  "must be first_answer_days.." + std::string("730 days (got ") +
                      std::to_string(*resolution) + ")");
            ok = false;
        }
        f.check_unknown();
        if (ok)
            plant.complaint_reasons.push_back({def.code, *name, static_cast<int>(*first),
                                               static_cast<int>(*resolution),
                                               working.value_or(false), fault.value_or(false)});
    }
    for (const Def& def : defs("lifecycle_stages")) {
        const bool ok = word_code(def, "lifecycle stage");
        Fields f(*this, def.file, *def.table, def.path);
        std::optional<LocalText> name = f.text("name");
        f.check_unknown();
        if (ok && name) plant.lifecycle_stages.push_back({def.code, *name});
    }
}

}  // namespace stampline::plant_config
