// Loading the plant configuration from a directory of TOML files. The only file reading in shared/.
#pragma once

#include <string>

#include "shared/plant.h"
#include "shared/status.h"

namespace stampline {

// Reads every regular `*.toml` file in `dir` (not subdirectories; names starting with '.' are
// skipped), sorted by name, and builds the plant with parse_plant (plant_parse.h). Files are
// named in messages as `dir + "/" + filename`, e.g. "config/demo/stages.toml". The plant's
// source_digest covers the files' names and contents.
//
// Returns IOError naming the path when the directory or a file cannot be read, NotFound when
// the directory holds no `*.toml` file (the plant's time zone comes from the IANA database,
// time_zone_db.h), and parse_plant's InvalidArgument for a bad
// configuration. Never returns a partly loaded plant.
Result<Plant> load_plant_dir(const std::string& dir);

}  // namespace stampline
