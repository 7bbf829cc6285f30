#include "integration/plant_group_fixture.h"

#include <doctest/doctest.h>

namespace stampline::itest {

std::string partner_plant_dir() {
    return std::string(STAMPLINE_TEST_DATA) + "/plants/partner";
}

std::string init_record(const std::string& locator, const std::string& plant_dir) {
    const CommandResult init = server_command({"init", "--db", locator, "--plant", plant_dir});
    REQUIRE_MESSAGE(init.exit_code == 0, init.err);
    const auto at = init.out.find("slt_");
    REQUIRE_MESSAGE(at != std::string::npos, "no admin token in: " << init.out);
    return init.out.substr(at, init.out.find_first_of(" \n", at) - at);
}

void simulate_month(int port, const std::string& admin, const std::string& plant_dir,
                    std::uint64_t seed) {
    const CommandResult run =
        admin_command({"simulate", "--plant", plant_dir, "--server",
                       "http://127.0.0.1:" + std::to_string(port), "--token", admin, "--units",
                       "40", "--days", "30", "--seed", std::to_string(seed), "--batch", "200"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.out << run.err);
    REQUIRE_MESSAGE(contains(run.out, "refused 0"), run.out);
}

GroupMonths::GroupMonths() {
    REQUIRE(server_.record().postgresql());
    const std::string& locator = server_.record().locator();
    partner_admin_ = init_record(locator, partner_plant_dir());
    simulate_month(server_.process().port(), server_.admin(), demo_plant_dir(), kDemoSeed);
    {
        TempDir home;
        ServerProcess partner(home.path(), {"--db", locator, "--plant", partner_plant_dir()});
        simulate_month(partner.port(), partner_admin_, partner_plant_dir(), kPartnerSeed);
    }
    server_.restart_with({"--group-plant", demo_plant_dir(), "--group-plant", partner_plant_dir()});
}

SqliteMonth::SqliteMonth(const std::string& plant_dir, std::uint64_t seed) {
    const std::string db = dir_.file("plant.db");
    admin_ = init_record(db, plant_dir);
    server_ = std::make_unique<ServerProcess>(
        dir_.path(), std::vector<std::string>{"--db", db, "--plant", plant_dir});
    api_ = std::make_unique<ApiClient>(server_->port());
    simulate_month(server_->port(), admin_, plant_dir, seed);
}

}  // namespace stampline::itest
