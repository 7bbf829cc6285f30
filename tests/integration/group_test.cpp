// The head office's view across plants (group_plants) on a real PostgreSQL record: two plants'
// simulated months in one database give, per plant, the figures of that plant's own SQLite run
// of the same seed; the plant filter, an unknown plant and the roles. Run as "postgresql: ..."
// (tests/CMakeLists.txt); elsewhere each case prints the skip line and stops.
#include <doctest/doctest.h>

#include <fstream>
#include <iostream>

#include "integration/plant_group_fixture.h"
#include "integration/test_record.h"
#include "integration/web_session.h"
#include "pg/pg_test_database.h"

using namespace stampline::itest;

namespace {

// The group's entry of plant `code` in a /api/v1/group/analytics answer, or null.
json plant_entry(const json& group, const std::string& code) {
    for (const json& p : group["plants"])
        if (p["code"] == code) return p;
    return nullptr;
}

// a == b, with the JSON patch from a to b when they differ.
void check_same(const std::string& what, const json& a, const json& b) {
    CHECK_MESSAGE(a == b, what << " differs: " << json::diff(a, b).dump());
}

// The group's figures of plant `code` against the plant's own SQLite run of the same seed.
void check_plant_equals_own_run(TestServer& office, const std::string& auditor,
                                const std::string& code, const std::string& plant_dir,
                                std::uint64_t seed) {
    SqliteMonth own(plant_dir, seed);
    const std::string q = std::string("?") + kGroupPeriod;
    const Reply group = office.api().get("/api/v1/group/analytics" + q + "&plant=" + code, auditor);
    REQUIRE_MESSAGE(group.status == 200, group.body);
    REQUIRE(group.json["plants"].size() == 1);
    const json entry = group.json["plants"][0];
    CHECK(entry["code"] == code);
    // The month is there: NCs in the Pareto and the planted problem named as the bottleneck.
    CHECK(entry["pareto"]["groups"][0]["total_count"].get<int>() > 0);
    CHECK(entry["bottleneck"]["top_quality"]["stage"] == "WIRING");
    for (const char* analysis : {"pareto", "bottleneck", "escapes"}) {
        const Reply alone =
            own.api().get("/api/v1/analytics/" + std::string(analysis) + q, own.admin());
        REQUIRE_MESSAGE(alone.status == 200, alone.body);
        check_same(code + " " + analysis, entry[analysis], alone.json);
    }
    // A Pareto of another grouping and measure: the parameters reach each plant's analysis.
    const std::string by_origin = q + "&group=origin&measure=items";
    const Reply grouped =
        office.api().get("/api/v1/group/analytics" + by_origin + "&plant=" + code, auditor);
    REQUIRE_MESSAGE(grouped.status == 200, grouped.body);
    const Reply grouped_alone = own.api().get("/api/v1/analytics/pareto" + by_origin, own.admin());
    REQUIRE(grouped_alone.status == 200);
    check_same(code + " pareto by origin", grouped.json["plants"][0]["pareto"], grouped_alone.json);

    // The review pack, as of a fixed instant. The chain head's hash covers each event's receipt
    // time, which differs between the two runs: its position must be the same, the hash not.
    const std::string month = std::string("month=") + kGroupMonth + "&as_of=2026-12-02T00:00:00Z";
    const Reply pack =
        office.api().get("/api/v1/group/review-pack?plant=" + code + "&" + month, auditor);
    REQUIRE_MESSAGE(pack.status == 200, pack.body);
    const Reply pack_alone = own.api().get("/api/v1/analytics/review-pack?" + month, own.admin());
    REQUIRE_MESSAGE(pack_alone.status == 200, pack_alone.body);
    json a = pack.json;
    json b = pack_alone.json;
    CHECK(a["chain_head"]["seq"] == b["chain_head"]["seq"]);
    a.erase("chain_head");
    b.erase("chain_head");
    check_same(code + " review pack", a, b);
}

}  // namespace

TEST_CASE(
    "head office: two plants' simulated months in one PostgreSQL database show, per plant, the "
    "figures of that plant's own SQLite run of the same seed") {
    if (skip_unless_postgresql()) return;
    GroupMonths months;
    TestServer& office = months.head_office();
    const std::string auditor = office.token("auditor");

    const Reply all =
        office.api().get(std::string("/api/v1/group/analytics?") + kGroupPeriod, auditor);
    REQUIRE_MESSAGE(all.status == 200, all.body);
    REQUIRE(all.json["plants"].size() == 2);
    CHECK(all.json["plants"][0]["code"] == "VEZ-DEMO");
    CHECK(all.json["plants"][1]["code"] == "VEZ-PARTNER");
    CHECK(all.json["plants"][1]["name"]["en"] == "Kama Switchgear Plant (partner plant)");
    // Two seeds, two different months: the plants' figures are their own, not one plant twice.
    CHECK(plant_entry(all.json, "VEZ-DEMO")["pareto"] !=
          plant_entry(all.json, "VEZ-PARTNER")["pareto"]);

    check_plant_equals_own_run(office, auditor, "VEZ-DEMO", demo_plant_dir(), kDemoSeed);
    check_plant_equals_own_run(office, auditor, "VEZ-PARTNER", partner_plant_dir(), kPartnerSeed);
}

TEST_CASE(
    "head office: the plant filter shows one plant, an unknown plant or parameter is refused "
    "naming it, and only the served plant's auditors and admins may look") {
    if (skip_unless_postgresql()) return;
    GroupMonths months;
    TestServer& office = months.head_office();
    const std::string auditor = office.token("auditor");
    const std::string q = std::string("?") + kGroupPeriod;

    const Reply one =
        office.api().get("/api/v1/group/analytics" + q + "&plant=VEZ-PARTNER", auditor);
    REQUIRE_MESSAGE(one.status == 200, one.body);
    REQUIRE(one.json["plants"].size() == 1);
    CHECK(one.json["plants"][0]["code"] == "VEZ-PARTNER");
    CHECK(one.json["plants"][0]["bottleneck"]["top_quality"]["stage"] == "WIRING");

    const Reply unknown = office.api().get("/api/v1/group/analytics" + q + "&plant=NOPE", auditor);
    CHECK(unknown.status == 404);
    CHECK(unknown.field() == "plant");
    CHECK(contains(unknown.body, "NOPE"));
    const Reply unknown_pack =
        office.api().get("/api/v1/group/review-pack?plant=NOPE&month=2026-11", auditor);
    CHECK(unknown_pack.status == 404);
    CHECK(contains(unknown_pack.body, "NOPE"));

    const Reply bad_from = office.api().get("/api/v1/group/analytics?from=2026-13-01", auditor);
    CHECK(bad_from.status == 400);
    CHECK(bad_from.field() == "from");
    const Reply no_plant = office.api().get("/api/v1/group/review-pack?month=2026-11", auditor);
    CHECK(no_plant.status == 400);
    CHECK(no_plant.field() == "plant");
    const Reply bad_month =
        office.api().get("/api/v1/group/review-pack?plant=VEZ-DEMO&month=2026-13", auditor);
    CHECK(bad_month.status == 400);
    CHECK(bad_month.field() == "month");
    const Reply stray = office.api().get("/api/v1/group/analytics?color=red", auditor);
    CHECK(stray.status == 400);
    CHECK(stray.field() == "color");

    const std::string terminal = office.token("terminal", station_for("WIRING"));
    CHECK(office.api().get("/api/v1/group/analytics" + q, terminal).status == 403);
    CHECK(office.api()
              .get("/api/v1/group/review-pack?plant=VEZ-DEMO&month=2026-11", terminal)
              .status == 403);
    CHECK(office.api().get("/api/v1/group/analytics" + q).status == 401);
    // A token of the partner plant is not one of the head office's (tokens belong to a plant).
    CHECK(office.api().get("/api/v1/group/analytics" + q, months.partner_admin()).status == 401);
}

TEST_CASE("a server without group_plants answers the group routes 404") {
    TestServer s;
    const std::string auditor = s.token("auditor");
    const Reply r = s.api().get("/api/v1/group/analytics", auditor);
    CHECK(r.status == 404);
    CHECK(contains(r.body, "group_plants"));
    CHECK(s.api().get("/api/v1/group/review-pack?plant=VEZ-DEMO&month=2026-11", auditor).status ==
          404);
    WebSession web(s);
    web.sign_in_with_link(auditor);
    CHECK(web.get("/ui/group").status == 404);
    const Reply pareto = web.get("/ui/pareto");
    REQUIRE(pareto.status == 200);
    CHECK_FALSE(contains(pareto.body, "href=\"/ui/group\""));  // no group, no link
}

TEST_CASE(
    "group_plants is refused over a SQLite record and a plant missing from the database stops the "
    "start") {
    TempDir dir;
    const std::string db = dir.file("plant.db");
    init_record(db, demo_plant_dir());
    const CommandResult sqlite = server_command({"serve", "--db", db, "--plant", demo_plant_dir(),
                                                 "--group-plant", demo_plant_dir(), "--port", "0"});
    CHECK(sqlite.exit_code == 2);
    CHECK(contains(sqlite.err, "group_plants"));
    if (skip_unless_postgresql()) return;
    const TestRecord record(dir, "unused.db");
    init_record(record.locator(), demo_plant_dir());
    const CommandResult missing =
        server_command({"serve", "--db", record.locator(), "--plant", demo_plant_dir(),
                        "--group-plant", partner_plant_dir(), "--port", "0"});
    CHECK(missing.exit_code == 2);
    CHECK(contains(missing.err, "group_plants"));
    CHECK(contains(missing.err, "VEZ-PARTNER"));
}

TEST_CASE(
    "head office: the group page shows every plant's figures side by side, filters to one plant "
    "and links to its read-only review pack") {
    if (skip_unless_postgresql()) return;
    GroupMonths months;
    TestServer& office = months.head_office();
    const std::string auditor = office.token("auditor");
    WebSession web(office);
    web.sign_in_with_link(auditor);
    const std::string q = std::string("?") + kGroupPeriod;

    const Reply all = web.get("/ui/group" + q);
    REQUIRE_MESSAGE(all.status == 200, all.body);
    const std::string text = page_text(all.body);
    CHECK(contains(all.body, "href=\"/ui/group\""));  // the navigation shows the group
    CHECK(contains(text, "Узкое место по заводам"));
    CHECK(contains(all.body, "data-plant=\"VEZ-DEMO\""));
    CHECK(contains(all.body, "data-plant=\"VEZ-PARTNER\""));
    CHECK(contains(all.body, "id=\"plant-VEZ-DEMO\""));
    CHECK(contains(all.body, "id=\"plant-VEZ-PARTNER\""));
    CHECK(contains(text, "ООО «Камский завод КРУ» (партнёр)"));
    // Each plant's most frequent NC code, as the group API gives it, is on the page.
    const Reply api = office.api().get("/api/v1/group/analytics" + q, auditor);
    REQUIRE(api.status == 200);
    for (const json& p : api.json["plants"]) {
        const std::string top = p["pareto"]["groups"][0]["rows"][0]["code"];
        CHECK_MESSAGE(contains(text, top), p["code"] << " " << top);
    }

    const Reply one = web.get("/ui/group" + q + "&plant=VEZ-PARTNER&lang=en");
    REQUIRE(one.status == 200);
    CHECK(contains(one.body, "id=\"plant-VEZ-PARTNER\""));
    CHECK_FALSE(contains(one.body, "id=\"plant-VEZ-DEMO\""));
    CHECK(contains(page_text(one.body), "Bottleneck per plant"));
    const std::string link = "/ui/group/review?plant=VEZ-PARTNER&amp;month=2026-11";
    REQUIRE(contains(one.body, link));

    const Reply review = web.get("/ui/group/review?plant=VEZ-PARTNER&month=2026-11");
    REQUIRE_MESSAGE(review.status == 200, review.body);
    const Reply pack =
        office.api().get("/api/v1/group/review-pack?plant=VEZ-PARTNER&month=2026-11", auditor);
    REQUIRE(pack.status == 200);
    const std::string top = pack.json["pareto"]["rows"][0]["code"];
    CHECK(contains(page_text(review.body), top));
    CHECK(contains(review.body, "/api/v1/group/review-pack?plant=VEZ-PARTNER&amp;month=2026-11"));
    // Read only: the decision form is the plant's own review's (the served plant's has it).
    CHECK_FALSE(contains(review.body, "method=\"post\" action=\"/ui/corrective-actions"));
    CHECK(contains(web.get("/ui/review?month=2026-11").body,
                   "method=\"post\" action=\"/ui/corrective-actions"));

    CHECK(web.get("/ui/group?plant=NOPE").status == 404);
    CHECK(web.get("/ui/group/review?plant=NOPE&month=2026-11").status == 404);
    CHECK(web.get("/ui/group?from=2026-13-01").status == 400);
}

TEST_CASE("group_plants in the settings file must be a list of plant directories") {
    TempDir dir;
    const std::string db = dir.file("plant.db");
    init_record(db, demo_plant_dir());
    auto serve_with = [&](const std::string& line) {
        const std::string file = dir.file("server.toml");
        std::ofstream(file) << "db = \"" << db << "\"\nplant = \"" << demo_plant_dir()
                            << "\"\nport = 0\n"
                            << line << "\n";
        return server_command({"serve", "--config", file});
    };
    const CommandResult text = serve_with("group_plants = \"config/demo\"");
    CHECK(text.exit_code == 2);
    CHECK(contains(text.err, "server.toml:4: 'group_plants' must be an array"));
    const CommandResult number = serve_with("group_plants = [1]");
    CHECK(number.exit_code == 2);
    CHECK(contains(number.err, "'group_plants' must hold plant directories"));
    const CommandResult sqlite = serve_with("group_plants = [\"" + demo_plant_dir() + "\"]");
    CHECK(sqlite.exit_code == 2);
    CHECK(contains(sqlite.err, "group_plants needs the record in PostgreSQL"));
}
