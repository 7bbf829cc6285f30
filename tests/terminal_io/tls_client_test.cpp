// The terminal's client over TLS against the real server, with a plant CA made by
// `stampline tls init` in the test: with that CA it syncs; with another CA, by a name the
// certificate does not carry, or to a server without TLS it is refused, and says why in its
// error and as the status bar's catalog key.
#include <doctest/doctest.h>

#include "shared/system_clock.h"
#include "terminal/sync/http_server_client.h"
#include "terminal_io/fixture.h"

namespace stampline::tio {

namespace {

using itest::contains;

const SystemClock clock;  // the terminal's

std::size_t trail_size(itest::TestServer& s, const std::string& serial) {
    const itest::Reply r = s.api().get("/api/v1/units/" + serial + "/trail", s.admin());
    REQUIRE_MESSAGE(r.status == 200, r.body);
    return r.json["events"].size();
}

std::string https_url(itest::TestServer& s, const std::string& host = "127.0.0.1") {
    return "https://" + host + ":" + std::to_string(s.process().port());
}

}  // namespace

TEST_CASE("tls: the terminal's client trusting the plant CA syncs its events over https") {
    itest::TempDir dir;
    const itest::PlantTls tls = itest::plant_tls(dir.file("tls"));
    itest::TestServer s(tls);
    s.sheet("U1");
    s.stamp("101", {"TZ"});
    const std::size_t before = trail_size(s, "U1");
    auto client = terminal::make_http_server_client(https_url(s), s.token("terminal", "ST-TZ-1"),
                                                    "ST-TZ-1", clock, tls.ca);
    const std::vector<Event> one{to_event(s.events().sign_off("U1", "TZ", "101"))};
    auto answers = client->post_events(one);
    REQUIRE_MESSAGE(answers.has_value(), answers.error().message());
    REQUIRE(answers->size() == 1);
    CHECK((*answers)[0].status == terminal::EventAnswer::Status::Accepted);
    CHECK(client->link_problem().empty());
    CHECK(client->clock_offset_ms().has_value());
    CHECK(trail_size(s, "U1") == before + 1);
}

TEST_CASE(
    "tls: the terminal's client refuses a server certificate from another CA, for another name, "
    "or no TLS at all, and names the problem for the status bar") {
    itest::TempDir dir;
    const itest::PlantTls tls = itest::plant_tls(dir.file("tls"));
    const itest::PlantTls other = itest::plant_tls(dir.file("other"));
    itest::TestServer s(tls);
    s.sheet("U1");
    s.stamp("101", {"TZ"});
    const std::string token = s.token("terminal", "ST-TZ-1");
    const std::vector<Event> one{to_event(s.events().sign_off("U1", "TZ", "101"))};
    const std::size_t before = trail_size(s, "U1");

    SUBCASE("another CA") {
        auto client =
            terminal::make_http_server_client(https_url(s), token, "ST-TZ-1", clock, other.ca);
        auto r = client->post_events(one);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code() == Code::Unavailable);
        CHECK_MESSAGE(contains(r.error().message(),
                               "the server's certificate is not trusted by ca_file " + other.ca),
                      r.error().message());
        CHECK(client->link_problem() == "ui.status.tls_untrusted");
    }
    SUBCASE("a name the certificate does not carry") {
        auto client = terminal::make_http_server_client(https_url(s, "localhost"), token, "ST-TZ-1",
                                                        clock, tls.ca);
        auto r = client->post_events(one);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code() == Code::Unavailable);
        CHECK_MESSAGE(contains(r.error().message(), "the server's certificate is not for the host"),
                      r.error().message());
        CHECK(client->link_problem() == "ui.status.tls_wrong_host");
    }
    SUBCASE("a server without TLS") {
        itest::TestServer plain;
        auto client =
            terminal::make_http_server_client(https_url(plain), token, "ST-TZ-1", clock, tls.ca);
        auto r = client->reference("");
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code() == Code::Unavailable);
        CHECK(client->link_problem() == "ui.status.tls_failed");
    }
    // Nothing of the refused attempts reached the server.
    CHECK(trail_size(s, "U1") == before);
}

}  // namespace stampline::tio
