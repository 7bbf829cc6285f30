// Plant configuration from TOML text: parse and validate, with errors a plant engineer can act on.
//
// A plant is spread over several files; every top-level table may sit in any of them and
// parse_plant merges them. The demo plant (config/demo/) splits it like this:
//
//   plant.toml            [plant] code, name, default_language; [rules] options
//   stages.toml           [stages.<CODE>] name
//   products.toml         [products.<CODE>] name, gtin (optional), route
//   stations.toml         [stations.<ID>] name, stages
//   checklists.toml       [[checklists.<FROM>.<TO>.items]] id, text   (one per route junction)
//   nonconformances.toml  [nc_categories.<CODE>] name; [nc_codes.<CODE>] category,
//                         default_severity, text; [dispositions.<code>] name
//
// Every `name` / `text` is a table with both languages: name = { ru = "…", en = "…" }.
// [rules] keys are optional (defaults as in RuleOptions); every other key listed is required
// except products.*.gtin and plant.default_language ("ru" or "en", default "ru").
#pragma once

#include <string>
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
Result<Plant> parse_plant(const std::vector<ConfigSource>& files);

}  // namespace stampline
