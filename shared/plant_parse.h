// Plant configuration from TOML text: parse and validate, with errors a plant engineer can act on.
//
// A plant is spread over several files; every top-level table may sit in any of them and
// parse_plant merges them. The demo plant (config/demo/) splits it like this:
//
//   plant.toml            [plant] code, name, default_language, time_zone; [rules] options;
//                         [analytics] options; [calendar] days_off, holidays, [[calendar.shifts]]
//                         name, start, end, stages (optional)
//   stages.toml           [stages.<CODE>] name
//   products.toml         [products.<CODE>] name, gtin (optional), route
//   stations.toml         [stations.<ID>] name, stages
//   checklists.toml       [[checklists.<FROM>.<TO>.items]] id, text   (one per route junction)
//   nonconformances.toml  [nc_categories.<CODE>] name; [nc_codes.<CODE>] category,
//                         default_severity, text; [dispositions.<code>] name
//
// Every `name` / `text` is a table with both languages: name = { ru = "…", en = "…" }.
// [rules] keys are optional (defaults as in RuleOptions); every other key listed is required
// except products.*.gtin, plant.default_language ("ru" or "en", default "ru"), plant.time_zone
// (an IANA name, default "UTC"), the [analytics] keys and the whole [calendar] (without it the
// plant works around the clock). [calendar]: days_off = ["sat", "sun"] (mon..sun), holidays =
// [2027-01-01, …] (TOML dates), and at least one shift: start / end "HH:MM" on the local clock
// (an end at or before the start: the next day), stages (default: every stage); every route
// stage must be staffed by some shift.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shared/plant.h"
#include "shared/status.h"

namespace stampline {

// One TOML file of a plant configuration.
struct ConfigSource {
    std::string name;  // shown in errors, e.g. "config/demo/stages.toml"
    std::string text;
};

// Builds and validates the plant from `files`. Pure: no file I/O (see plant_files.h).
//
// On any problem returns InvalidArgument and no Plant; the message lists every problem found,
// one per line, in file order (files as given) then line order, each as
//   `<file>:<line>: <key path>: <what is wrong>`
// e.g. `config/demo/products.toml:12: products.KSO298.route[3]: unknown stage 'WELD' (known: …)`.
// Array indices in key paths count from 0. A missing key is reported at the line of the table
// that should hold it. TOML syntax errors are reported as
//   `<file>:<line>:<column>: TOML syntax error: <description>`
// and, when any file has one, nothing else is checked. Follow-on noise is held back: a
// checklist is called unused only when every route is valid.
//
// Entities keep the order of their definitions (file order, then line order).
//
// `zones` resolves plant.time_zone (time_zone_db.h's load_time_zone reads the IANA database;
// the default knows only "UTC", so that parsing stays pure where the zone does not matter).
using ZoneLookup = Result<TimeZone> (*)(std::string_view name);
Result<TimeZone> utc_only(std::string_view name);
Result<Plant> parse_plant(const std::vector<ConfigSource>& files, ZoneLookup zones = utc_only);

}  // namespace stampline
