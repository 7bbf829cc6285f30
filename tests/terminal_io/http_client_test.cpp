// The terminal's HTTP client against the real server: the reference round trip, 304, per-event
// answers, and how whole-request failures map to error codes.
#include <doctest/doctest.h>

#include "shared/plant_files.h"
#include "shared/system_clock.h"
#include "terminal/sync/http_server_client.h"
#include "terminal_io/fixture.h"

namespace stampline::tio {

using terminal::EventAnswer;
using terminal::make_http_server_client;

namespace {

const SystemClock clock;  // the terminal's

void check_text(const LocalText& got, const LocalText& want, const std::string& what) {
    CHECK_MESSAGE(got.ru == want.ru, what);
    CHECK_MESSAGE(got.en == want.en, what);
}

// Every field of the plant, compared one by one (Plant has no operator==).
void check_same_plant(const Plant& got, const Plant& want) {
    CHECK(got.code == want.code);
    check_text(got.name, want.name, "plant name");
    CHECK(got.default_language == want.default_language);
    REQUIRE(got.stages.size() == want.stages.size());
    for (std::size_t i = 0; i < want.stages.size(); ++i) {
        CHECK(got.stages[i].code == want.stages[i].code);
        check_text(got.stages[i].name, want.stages[i].name, want.stages[i].code);
    }
    REQUIRE(got.products.size() == want.products.size());
    for (std::size_t i = 0; i < want.products.size(); ++i) {
        const ProductType &g = got.products[i], &w = want.products[i];
        CHECK(g.code == w.code);
        check_text(g.name, w.name, w.code);
        CHECK(g.gtin == w.gtin);
        CHECK(g.route == w.route);
    }
    REQUIRE(got.stations.size() == want.stations.size());
    for (std::size_t i = 0; i < want.stations.size(); ++i) {
        const Station &g = got.stations[i], &w = want.stations[i];
        CHECK(g.id == w.id);
        check_text(g.name, w.name, w.id);
        CHECK(g.stages == w.stages);
    }
    REQUIRE(got.checklists.size() == want.checklists.size());
    for (std::size_t i = 0; i < want.checklists.size(); ++i) {
        const Checklist &g = got.checklists[i], &w = want.checklists[i];
        CHECK(g.from_stage == w.from_stage);
        CHECK(g.to_stage == w.to_stage);
        REQUIRE(g.items.size() == w.items.size());
        for (std::size_t k = 0; k < w.items.size(); ++k) {
            CHECK(g.items[k].id == w.items[k].id);
            check_text(g.items[k].text, w.items[k].text, w.items[k].id);
        }
    }
    REQUIRE(got.nc_categories.size() == want.nc_categories.size());
    for (std::size_t i = 0; i < want.nc_categories.size(); ++i) {
        CHECK(got.nc_categories[i].code == want.nc_categories[i].code);
        check_text(got.nc_categories[i].name, want.nc_categories[i].name,
                   want.nc_categories[i].code);
    }
    REQUIRE(got.nc_codes.size() == want.nc_codes.size());
    for (std::size_t i = 0; i < want.nc_codes.size(); ++i) {
        const NcCode &g = got.nc_codes[i], &w = want.nc_codes[i];
        CHECK(g.code == w.code);
        CHECK(g.category == w.category);
        check_text(g.text, w.text, w.code);
        CHECK(g.default_severity == w.default_severity);
    }
    REQUIRE(got.dispositions.size() == want.dispositions.size());
    for (std::size_t i = 0; i < want.dispositions.size(); ++i) {
        CHECK(got.dispositions[i].code == want.dispositions[i].code);
        check_text(got.dispositions[i].name, want.dispositions[i].name, want.dispositions[i].code);
    }
    CHECK(got.rules.open_nc_blocks_signoff == want.rules.open_nc_blocks_signoff);
    CHECK(got.rules.blocking_severity == want.rules.blocking_severity);
    CHECK(got.rules.require_acceptance == want.rules.require_acceptance);
    CHECK(got.rules.independent_verification == want.rules.independent_verification);
    CHECK(got.rules.pin_max_attempts == want.rules.pin_max_attempts);
    CHECK(got.rules.session_timeout_s == want.rules.session_timeout_s);
}

}  // namespace

TEST_CASE("the reference read from the server equals the demo plant config and its stamps") {
    itest::TestServer s;
    s.stamp("101", {"TZ", "DESIGN"}, "2031-05-17", "Иванов И. И.");
    REQUIRE(s.api()
                .post("/api/v1/stamps",
                      {{"id", "202"},
                       {"holder", "Петрова А. С."},
                       {"stages", json::array({"WIRING"})},
                       {"attestation_due", "2030-01-31"},
                       {"pin", "4821"}},
                      s.admin())
                .status == 201);
    REQUIRE(s.api().post("/api/v1/stamps/101/suspend", json::object(), s.admin()).status == 200);
    auto client =
        make_http_server_client(url_of(s), s.token("terminal", "ST-TZ-1"), "ST-TZ-1", clock);

    auto answer = client->reference("");
    REQUIRE_MESSAGE(answer.has_value(), answer.status().to_string());
    REQUIRE(answer->has_value());
    const terminal::ReferenceAnswer& ref = **answer;
    CHECK(ref.etag.size() == 66);

    Result<Plant> config = load_plant_dir(itest::demo_plant_dir());
    REQUIRE(config.has_value());
    check_same_plant(ref.reference.plant, *config);

    const itest::Reply raw = s.api().get("/api/v1/reference", s.admin());
    REQUIRE(ref.reference.stamps.size() == 2);
    const StampRecord& a = ref.reference.stamps[0];
    CHECK(a.id == "101");
    CHECK(a.holder == "Иванов И. И.");
    CHECK(a.stages == std::vector<std::string>{"TZ", "DESIGN"});
    CHECK(a.status == StampStatus::Suspended);
    CHECK(a.attestation_due == Date{2031, 5, 17});
    CHECK(a.badge_issue == 1);
    CHECK(a.pin_hash.empty());
    const StampRecord& b = ref.reference.stamps[1];
    CHECK(b.id == "202");
    CHECK(b.status == StampStatus::Active);
    CHECK(b.pin_hash.rfind("$argon2id$", 0) == 0);
    CHECK(b.pin_hash == raw.json["stamps"][1]["pin_hash"].get<std::string>());

    // The body kept for the cache parses to the same reference.
    Result<terminal::Reference> again = terminal::reference_from_json(ref.json);
    REQUIRE(again.has_value());
    check_same_plant(again->plant, *config);
    CHECK(again->stamps.size() == 2);
}

TEST_CASE("an unchanged reference answers 304 and a changed one a new body and tag") {
    itest::TestServer s;
    s.stamp("101", {"TZ"});
    auto client =
        make_http_server_client(url_of(s), s.token("terminal", "ST-TZ-1"), "ST-TZ-1", clock);
    auto first = client->reference("");
    REQUIRE(first.has_value());
    REQUIRE(first->has_value());
    const std::string etag = (*first)->etag;

    auto same = client->reference(etag);
    REQUIRE(same.has_value());
    CHECK_FALSE(same->has_value());

    REQUIRE(s.api().post("/api/v1/stamps/101/suspend", json::object(), s.admin()).status == 200);
    auto changed = client->reference(etag);
    REQUIRE(changed.has_value());
    REQUIRE(changed->has_value());
    CHECK((*changed)->etag != etag);
    CHECK((*changed)->reference.stamps.at(0).status == StampStatus::Suspended);
}

TEST_CASE("a batch is answered per event: accepted, duplicate with its first answer, refused") {
    itest::TestServer s;
    s.sheet("U1");
    s.stamp("101", {"TZ"});
    auto client =
        make_http_server_client(url_of(s), s.token("terminal", "ST-TZ-1"), "ST-TZ-1", clock);
    const Event ok = to_event(s.events().sign_off("U1", "TZ", "101"));
    const Event unknown = to_event(s.events().sign_off("NOSHEET", "TZ", "101"));
    const std::vector<Event> first{ok, unknown};
    auto a = client->post_events(first);
    REQUIRE_MESSAGE(a.has_value(), a.status().to_string());
    REQUIRE(a->size() == 2);
    CHECK((*a)[0].id == ok.id);
    CHECK((*a)[0].status == EventAnswer::Status::Accepted);
    CHECK((*a)[1].status == EventAnswer::Status::Refused);
    CHECK((*a)[1].reason == "unknown_unit");
    CHECK_FALSE((*a)[1].message.empty());

    auto b = client->post_events(first);
    REQUIRE(b.has_value());
    CHECK((*b)[0].status == EventAnswer::Status::Duplicate);
    CHECK_FALSE((*b)[0].first_refused);
    CHECK((*b)[1].status == EventAnswer::Status::Duplicate);
    CHECK((*b)[1].first_refused);
    CHECK((*b)[1].reason == "unknown_unit");

    auto trail = client->trail("U1");
    REQUIRE(trail.has_value());
    REQUIRE(trail->size() == 2);
    CHECK((*trail)[0].kind() == EventKind::SheetIssued);
    CHECK((*trail)[1].id == ok.id);
}

TEST_CASE("whole-request failures map to error codes with the server's message") {
    itest::TestServer s;
    s.sheet("U1");
    s.stamp("101", {"TZ", "DESIGN"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    const Event e = to_event(s.events().sign_off("U1", "TZ", "101"));
    const std::vector<Event> one{e};

    SUBCASE("a wrong token is Unauthorized") {
        auto client = make_http_server_client(url_of(s), "slt_wrong", "ST-TZ-1", clock);
        auto r = client->post_events(one);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code() == Code::Unauthorized);
        CHECK(client->reference("").error().code() == Code::Unauthorized);
    }
    SUBCASE("another station's event is PermissionDenied") {
        auto client = make_http_server_client(url_of(s), terminal, "ST-TZ-1", clock);
        const std::vector<Event> foreign{to_event(s.events().sign_off("U1", "DESIGN", "101"))};
        auto r = client->post_events(foreign);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code() == Code::PermissionDenied);
        CHECK(r.error().message().find("ST-DES-1") != std::string::npos);
    }
    SUBCASE("an event the server cannot decode is InvalidArgument naming the field") {
        auto client = make_http_server_client(url_of(s), terminal, "ST-TZ-1", clock);
        Event bad = e;
        bad.serial = "";
        const std::vector<Event> batch{bad};
        auto r = client->post_events(batch);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code() == Code::InvalidArgument);
        CHECK(r.error().message().find("serial") != std::string::npos);
    }
    SUBCASE("a batch over the server's limit is InvalidArgument") {
        auto client = make_http_server_client(url_of(s), terminal, "ST-TZ-1", clock);
        std::vector<Event> many;
        for (int i = 0; i < 501; ++i) many.push_back(nc_event(s.events(), "U1", "TZ", "101"));
        auto r = client->post_events(many);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code() == Code::InvalidArgument);
        CHECK(r.error().message().find("413") != std::string::npos);
    }
    SUBCASE("an unknown unit's trail is NotFound") {
        auto client = make_http_server_client(url_of(s), terminal, "ST-TZ-1", clock);
        auto r = client->trail("NOSUCH-1");
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code() == Code::NotFound);
    }
    SUBCASE("nothing listening is Unavailable") {
        auto client =
            make_http_server_client(url_of_port(unused_port()), terminal, "ST-TZ-1", clock);
        auto r = client->post_events(one);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code() == Code::Unavailable);
        CHECK(client->trail("U1").error().code() == Code::Unavailable);
        CHECK(client->reference("").error().code() == Code::Unavailable);
    }
    CHECK(s.health()["events"] == 1);  // the sheet only: nothing above was recorded
}

TEST_CASE("a reference body that does not parse is refused naming the field") {
    using terminal::reference_from_json;
    const auto message = [](const std::string& text) {
        Result<terminal::Reference> r = reference_from_json(text);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code() == Code::InvalidArgument);
        return r.error().message();
    };
    CHECK(message("{").find("not valid JSON") != std::string::npos);
    CHECK(message(R"({"v":2,"plant":{},"stamps":[]})").find("protocol version 2") !=
          std::string::npos);
    CHECK(message(R"({"v":1,"stamps":[]})").find("'plant'") != std::string::npos);
    const std::string plant =
        R"({"code":"P","name":{"ru":"","en":""},"default_language":"ru","stages":[{"code":"TZ",
        "name":{"ru":"a","en":"b"}}],"products":[],"stations":[],"checklists":[],
        "nc_categories":[],"nc_codes":[],"dispositions":[],"rules":{"open_nc_blocks_signoff":true,
        "blocking_severity":"major","require_acceptance":true,"independent_verification":true,
        "pin_max_attempts":5,"session_timeout_s":120}})";
    Result<terminal::Reference> ok =
        reference_from_json(R"({"v":1,"plant":)" + plant + R"(,"stamps":[]})");
    REQUIRE_MESSAGE(ok.has_value(), ok.status().to_string());
    CHECK(ok->plant.stages.at(0).name.en == "b");
    CHECK(message(R"({"v":1,"plant":)" + plant +
                  R"(,"stamps":[{"id":"1","holder":"h","stages":["TZ"],"status":"gone",)"
                  R"("attestation_due":"2030-01-01","badge_issue":1,"pin_hash":""}]})")
              .find("'stamps[0].status'") != std::string::npos);
    CHECK(message(R"({"v":1,"plant":)" + plant +
                  R"(,"stamps":[{"id":"1","holder":"h","stages":["TZ"],"status":"active",)"
                  R"("attestation_due":"2030-01-01","badge_issue":"1","pin_hash":""}]})")
              .find("'stamps[0].badge_issue' must be an integer") != std::string::npos);
}

TEST_CASE(
    "the terminal measures its clock's offset from the server's and tells the server its own") {
    itest::TestServer s;
    s.sheet("U1");
    s.stamp("101", {"TZ"});
    // This terminal's clock runs 10 minutes ahead of the machine's (and the server's).
    ManualClock ahead{Timestamp{SystemClock().now().ms + 600'000}};
    auto client =
        make_http_server_client(url_of(s), s.token("terminal", "ST-TZ-1"), "ST-TZ-1", ahead);
    CHECK_FALSE(client->clock_offset_ms().has_value());
    json e = s.events().sign_off("U1", "TZ", "101");
    REQUIRE(client->post_events(std::vector<Event>{to_event(e)}).has_value());
    REQUIRE(client->clock_offset_ms().has_value());
    CHECK(*client->clock_offset_ms() > 590'000);
    CHECK(*client->clock_offset_ms() < 610'000);

    const std::string metrics = s.api().get("/metrics").body;
    const std::string line = "stampline_terminal_clock_offset_seconds{station=\"ST-TZ-1\"} ";
    const auto at = metrics.find(line);
    REQUIRE_MESSAGE(at != std::string::npos, metrics);
    const double offset = std::stod(metrics.substr(at + line.size()));
    CHECK(offset > 590);
    CHECK(offset < 610);
}

}  // namespace stampline::tio
