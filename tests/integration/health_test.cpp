// /healthz, /metrics and the request ids.
#include <doctest/doctest.h>

#include <set>

#include "integration/test_server.h"

namespace stampline::itest {

TEST_CASE("metrics count requests by route and status, event answers, quarantine and DB size") {
    TestServer s;
    s.sheet("M1");
    s.ensure_walker_stamp();
    const json e = s.events().sign_off("M1", "TZ", "ALL");
    s.post_one(s.admin(), e);
    s.post_one(s.admin(), e);
    s.post_one(s.admin(), s.events().sign_off("M404", "TZ", "ALL"));
    s.api().get("/api/v1/units/NOPE/trail", s.admin());

    Reply m = s.api().get("/metrics");
    REQUIRE(m.status == 200);
    CHECK(m.header("Content-Type").rfind("text/plain", 0) == 0);
    const std::string& t = m.body;
    CHECK(t.find("# TYPE stampline_http_requests_total counter") != std::string::npos);
    CHECK(t.find(R"(stampline_http_requests_total{route="POST /api/v1/events",status="200"} 3)") !=
          std::string::npos);
    const std::string trail_404 = R"(stampline_http_requests_total{route="GET )"
                                  R"(/api/v1/units/{serial}/trail",status="404"} 1)";
    CHECK(t.find(trail_404) != std::string::npos);
    CHECK(
        t.find(R"(stampline_http_request_duration_seconds_count{route="POST /api/v1/events"} 3)") !=
        std::string::npos);
    CHECK(t.find(R"(stampline_events_total{status="accepted"} 1)") != std::string::npos);
    CHECK(t.find(R"(stampline_events_total{status="duplicate"} 1)") != std::string::npos);
    CHECK(t.find(R"(stampline_events_total{status="refused"} 1)") != std::string::npos);
    CHECK(t.find("stampline_quarantine_size 1\n") != std::string::npos);
    CHECK(t.find("stampline_events_stored 2\n") != std::string::npos);
    CHECK(t.find("stampline_db_bytes 0\n") == std::string::npos);
    CHECK(t.find("stampline_db_bytes ") != std::string::npos);
}

TEST_CASE("every response carries its own request id") {
    TestServer s;
    std::set<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        const Reply ok = s.api().get("/healthz");
        const Reply err = s.api().get("/api/v1/stamps");
        const Reply none = s.api().get("/no/such/path");
        CHECK(none.status == 404);
        CHECK(none.error() == "not_found");
        for (const Reply* r : {&ok, &err, &none}) {
            CHECK(r->header("X-Request-Id").size() == 36);
            ids.insert(r->header("X-Request-Id"));
        }
    }
    CHECK(ids.size() == 15);
    CHECK(s.stop() == 0);
    const std::string log = s.process().stderr_text();
    for (const std::string& id : ids) CHECK(log.find("request_id=" + id) != std::string::npos);
}

}  // namespace stampline::itest
