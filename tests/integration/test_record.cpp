#include "integration/test_record.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <iostream>
#include <string_view>

#include "integration/test_server.h"
#include "pg/pg_test_database.h"

namespace stampline::itest {

bool testing_postgresql() {
    const char* chosen = getenv("STAMPLINE_TEST_STORE");
    return chosen != nullptr && std::string_view(chosen) == "postgresql";
}

bool skip_unless_postgresql() {
    if (testing_postgresql()) return false;
    std::cout << pgtest::kSkipLine << std::endl;
    return true;
}

TestRecord::TestRecord(const TempDir& dir, const std::string& file) {
    if (!testing_postgresql()) {
        locator_ = dir.file(file);
        return;
    }
    // Without a cluster (and not required) the skip line makes CTest report the case skipped.
    if (pgtest::skip_without_pg_test_cluster()) FAIL("no PostgreSQL test cluster");
    Result<pgtest::PgTestDatabase> database = pgtest::PgTestDatabase::create();
    REQUIRE_MESSAGE(database.has_value(), database.status().to_string());
    database_ = std::make_unique<pgtest::PgTestDatabase>(std::move(database).value());
    locator_ = "postgresql:" + database_->conninfo();
}

TestRecord::~TestRecord() = default;

std::string TestRecord::init() const {
    CommandResult init =
        run_command({STAMPLINE_SERVER_BIN, "init", "--db", locator_, "--plant", demo_plant_dir()});
    REQUIRE_MESSAGE(init.exit_code == 0, init.err);
    const auto at = init.out.find("slt_");
    REQUIRE_MESSAGE(at != std::string::npos, "no admin token in: " << init.out);
    return init.out.substr(at, init.out.find_first_of(" \n", at) - at);
}

CommandResult TestRecord::verify() const {
    std::vector<std::string> args{STAMPLINE_SERVER_BIN, "verify", "--db", locator_};
    if (postgresql()) args.insert(args.end(), {"--plant-code", demo_plant().code});
    return run_command(args);
}

}  // namespace stampline::itest
