// The SQLite side of `stampline store copy`: a plant's record read from its database file, row
// by row, into a PlantRecordSink (plant_record.h).
#pragma once

#include <string>

#include "server/store/plant_record.h"
#include "shared/status.h"

namespace stampline::server::sqlite {

// Reads the database at path on a read-only connection, in one read transaction (one moment of
// the record, while a server may go on writing), and calls sink with every row of every table
// of the record, table by table in PlantRecordSink's order. The file is never written or
// migrated: a file of an older schema version is InvalidArgument ("migrate it first"). Returns
// what was read; the first error of the file or of the sink otherwise (the file's name the path).
Result<PlantRecordCounts> export_record(const std::string& path, PlantRecordSink& sink);

}  // namespace stampline::server::sqlite
