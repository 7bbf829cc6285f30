// `stampline simulate` against the real server binary: every act is accepted (health counts, an
// empty quarantine), the bottleneck and escape reports name the planted problem, and a re-run
// with the same seed records nothing twice.
#include <doctest/doctest.h>

#include "integration/test_server.h"
#include "integration/web_session.h"
#include "server/simulate/simulation.h"

using namespace stampline::itest;
namespace sim = stampline::server::simulate;

namespace {

constexpr int kUnits = 40;
constexpr std::uint64_t kSeed = 7;

CommandResult simulate_cli(TestServer& s) {
    return run_command({STAMPLINE_CLI_BIN, "simulate", "--plant", demo_plant_dir(), "--server",
                        "http://127.0.0.1:" + std::to_string(s.process().port()), "--token",
                        s.admin(), "--units", std::to_string(kUnits), "--days", "30", "--seed",
                        std::to_string(kSeed), "--batch", "200"});
}

}  // namespace

TEST_CASE(
    "stampline simulate posts a month that the server accepts whole and whose bottleneck "
    "is the planted stage") {
    sim::SimulationOptions o;
    o.units = kUnits;
    o.days = 30;
    o.seed = kSeed;
    auto expected = sim::simulate(demo_plant(), o);
    REQUIRE(expected);

    TestServer s;
    CommandResult run = simulate_cli(s);
    REQUIRE_MESSAGE(run.exit_code == 0, run.out << run.err);
    const std::string n = std::to_string(expected->events);
    CHECK(contains(run.out, "posted " + n + "/" + n + " events"));
    CHECK(contains(run.out, "refused 0"));

    // Three complete units come back from the field with the planted problem: three complaints,
    // each a field NC on its unit (dated now, after the simulated month).
    CHECK(contains(run.out, "complaints 3 (field escapes 3; closed by the commission: CL-"));
    const json health = s.health();
    CHECK(health["events"] == expected->events + 3);
    const Reply complaints = s.api().get("/api/v1/complaints?status=closed", s.admin());
    REQUIRE(complaints.status == 200);
    REQUIRE(complaints.json["complaints"].size() == 1);
    CHECK(complaints.json["complaints"][0]["decision"]["origin_stage"] == "WIRING");
    CHECK(health["quarantined"] == 0);
    CHECK(s.quarantine().empty());

    const std::string q = "?from=2026-11-02&to=2026-12-01";
    Reply b = s.api().get("/api/v1/analytics/bottleneck" + q, s.admin());
    REQUIRE_MESSAGE(b.status == 200, b.body);
    CHECK(b.json["top_quality"]["stage"] == "WIRING");
    CHECK(b.json["top_flow"]["stage"] == "ADJUST");

    Reply m = s.api().get("/api/v1/analytics/escapes" + q, s.admin());
    REQUIRE_MESSAGE(m.status == 200, m.body);
    json largest;
    for (const json& c : m.json["cells"])
        if (c["origin_stage"] != c["detected_stage"] &&
            (largest.is_null() || c["count"].get<int>() > largest["count"].get<int>()))
            largest = c;
    REQUIRE(!largest.is_null());
    CHECK(largest["origin_stage"] == "WIRING");
    CHECK(largest["detected_stage"] == "ACCEPT");

    // The same seed again: the same ids, so the server answers duplicate and records nothing.
    CommandResult again = simulate_cli(s);
    REQUIRE_MESSAGE(again.exit_code == 0, again.out << again.err);
    CHECK(contains(again.out, "duplicate " + n));
    CHECK(contains(again.out, "complaints 0 (field escapes 0"));
    CHECK(s.health()["events"] == expected->events + 3);
}

TEST_CASE("the Pareto and bottleneck pages of a simulated month point at the planted problem") {
    TestServer s;
    CommandResult run = simulate_cli(s);
    REQUIRE_MESSAGE(run.exit_code == 0, run.out << run.err);
    WebSession web(s);
    web.sign_in_with_link(s.token("auditor"));
    const std::string q = "?from=2026-11-02&to=2026-12-01";

    Reply b = web.get("/ui/bottleneck" + q);
    REQUIRE(b.status == 200);
    const std::string text = page_text(b.body);
    CHECK(contains(text, "Узкое место по качеству: WIRING Электромонтаж"));
    CHECK(contains(text, "Узкое место по потоку: ADJUST Наладка"));
    CHECK(contains(b.body, "<svg"));
    CHECK(contains(text, "Матрица пропусков"));

    Reply p = web.get("/ui/pareto" + q + "&group=origin&lang=en");
    REQUIRE(p.status == 200);
    CHECK(contains(page_text(p.body), "WIRING Wiring"));
    CHECK(contains(p.body, "<polyline"));

    // The tables' CSV links are the analytics API's, readable with the browser session.
    Reply csv = web.get("/api/v1/analytics/bottleneck" + q + "&format=csv");
    REQUIRE(csv.status == 200);
    CHECK(csv.body.find("quality,1,WIRING,") != std::string::npos);

    Reply bad = web.get("/ui/pareto?from=2026-13-01");
    CHECK(bad.status == 400);
    CHECK(contains(page_text(bad.body), "from"));
}
