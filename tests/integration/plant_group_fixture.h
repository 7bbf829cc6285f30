// The head office's group in the integration tests: two plants' simulated months in one
// PostgreSQL database (the demo plant, seed 7, served by a TestServer; the partner plant of
// tests/data/plants/partner, seed 11), then that TestServer restarted as the head office with
// group_plants = both. And the same plant and seed simulated alone into a SQLite file, whose
// server's own analytics the group's figures must equal.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "integration/test_server.h"

namespace stampline::itest {

inline constexpr std::uint64_t kDemoSeed = 7;
inline constexpr std::uint64_t kPartnerSeed = 11;
// The simulated month (the simulator's default start, 30 days) and its review month.
inline constexpr const char* kGroupPeriod = "from=2026-11-02&to=2026-12-01";
inline constexpr const char* kGroupMonth = "2026-11";

std::string partner_plant_dir();

// `stampline-server init --db locator --plant plant_dir`; the first admin token.
std::string init_record(const std::string& locator, const std::string& plant_dir);

// `stampline simulate` of plant_dir (40 units, 30 days from 2026-11-02, seed) against the server
// on port with an admin token; fails the test when it does not exit 0.
void simulate_month(int port, const std::string& admin, const std::string& plant_dir,
                    std::uint64_t seed);

// Needs testing_postgresql(): the callers skip first.
class GroupMonths {
public:
    GroupMonths();
    // The head office: the demo plant's server with --group-plant demo --group-plant partner.
    TestServer& head_office() { return server_; }
    const std::string& partner_admin() const { return partner_admin_; }

private:
    TestServer server_;
    std::string partner_admin_;
};

// One plant's simulated month alone, in a SQLite file, and its server.
class SqliteMonth {
public:
    SqliteMonth(const std::string& plant_dir, std::uint64_t seed);
    ApiClient& api() { return *api_; }
    const std::string& admin() const { return admin_; }

private:
    TempDir dir_;
    std::string admin_;
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<ApiClient> api_;
};

}  // namespace stampline::itest
