// An event id posted again with other content is a conflict, never a duplicate (DESIGN.md §5):
// answered "conflict" with the hash of what the server keeps for the id, kept apart with both
// texts, counted in /metrics; the log, its chain and the quarantine are unchanged.
#include <doctest/doctest.h>

#include "integration/test_server.h"
#include "shared/canonical_event.h"
#include "shared/event_json.h"
#include "shared/sha256.h"

namespace stampline::itest {

namespace {

std::string kept_sha256(const json& wire) {
    return sha256_hex(canonical_event(event_from_json(wire).value()));
}

}  // namespace

TEST_CASE("an accepted event's id posted again with other content is answered conflict") {
    TestServer s;
    s.sheet("K1", "SHU");
    s.stamp("501", {"TZ"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    const json first = s.events().make("nc_raised", "K1", "ST-TZ-1", "TZ", "501",
                                       {{"code", "DOC-01"},
                                        {"severity", "minor"},
                                        {"origin_stage", "TZ"},
                                        {"quantity", 1},
                                        {"disposition", "rework"},
                                        {"note", "first text"}});
    REQUIRE(s.post_one(terminal, first)["status"] == "accepted");
    const auto events = s.health()["events"].get<long>();
    const auto quarantined = s.health()["quarantined"].get<long>();

    json altered = first;
    altered["note"] = "altered text";
    const json r = s.post_one(terminal, altered);
    CHECK_MESSAGE(r["status"] == "conflict", r.dump());
    CHECK(r["first"] == "accepted");
    CHECK(r["reason"] == "id_conflict");
    CHECK(r["stored_sha256"] == kept_sha256(first));
    CHECK(s.post_one(terminal, altered)["status"] == "conflict");  // a retry: the same answer
    CHECK(s.post_one(terminal, first)["status"] == "duplicate");   // the kept one still is

    CHECK(s.health()["events"].get<long>() == events);
    CHECK(s.health()["quarantined"].get<long>() == quarantined);
    const CommandResult verify = s.verify();
    CHECK_MESSAGE(verify.exit_code == 0, verify.out << verify.err);
    const json trail = s.api().get("/api/v1/units/K1/trail", s.admin()).json;
    CHECK(trail.dump().find("altered text") == std::string::npos);

    Reply q = s.api().get("/api/v1/quarantine", s.token("auditor"));
    REQUIRE(q.json["id_conflicts"].size() == 1);  // the retry is kept once
    const json& kept = q.json["id_conflicts"][0];
    CHECK(kept["id"] == first["id"]);
    CHECK(kept["station"] == "ST-TZ-1");
    CHECK(kept["posted"].get<std::string>().find("altered text") != std::string::npos);
    CHECK(kept["stored"].get<std::string>().find("first text") != std::string::npos);

    const std::string metrics = s.api().get("/metrics").body;
    CHECK(metrics.find("stampline_id_conflicts 1\n") != std::string::npos);
    CHECK(metrics.find("stampline_events_total{status=\"conflict\"} 2\n") != std::string::npos);
}

TEST_CASE("a refused event's id posted again with other content is a conflict too") {
    TestServer s;
    s.stamp("501", {"TZ"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    const json first = s.events().sign_off("NOSUCH", "TZ", "501");
    REQUIRE(s.post_one(terminal, first)["status"] == "refused");
    CHECK(s.post_one(terminal, first)["status"] == "duplicate");
    json other = first;
    other["serial"] = "NOSUCH2";
    const json r = s.post_one(terminal, other);
    CHECK_MESSAGE(r["status"] == "conflict", r.dump());
    CHECK(r["first"] == "refused");
    CHECK(r["stored_sha256"] == kept_sha256(first));
    CHECK(s.quarantine().size() == 1);
}

}  // namespace stampline::itest
