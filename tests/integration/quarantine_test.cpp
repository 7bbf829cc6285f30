// GET /api/v1/quarantine and resolving entries.
#include <doctest/doctest.h>

#include "integration/test_server.h"

namespace stampline::itest {

TEST_CASE("a refused event is kept with its station and body until an auditor resolves it") {
    TestServer s;
    s.stamp("401", {"TZ"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    const json e = s.events().sign_off("Q404", "TZ", "401");
    REQUIRE(s.post_one(terminal, e)["status"] == "refused");

    const std::string auditor = s.token("auditor");
    Reply list = s.api().get("/api/v1/quarantine", auditor);
    REQUIRE(list.status == 200);
    REQUIRE(list.json["entries"].size() == 1);
    const json& q = list.json["entries"][0];
    CHECK(q["id"] == e["id"]);
    CHECK(q["station"] == "ST-TZ-1");
    CHECK(q["reason"] == "unknown_unit");
    CHECK(q["event"]["stamp"] == "401");
    CHECK(q["event"]["terminal_time"] == e["terminal_time"]);
    CHECK(q["resolved"] == false);

    Reply missing = s.api().post("/api/v1/quarantine/" + e["id"].get<std::string>() + "/resolve",
                                 json::object(), auditor);
    CHECK(missing.status == 400);
    CHECK(missing.field() == "resolution");

    Reply resolved =
        s.api().post("/api/v1/quarantine/" + e["id"].get<std::string>() + "/resolve",
                     {{"resolution", "sheet issued late; re-signed on paper"}}, auditor);
    REQUIRE_MESSAGE(resolved.status == 200, resolved.body);
    CHECK(resolved.json["resolved_by"].get<std::string>().rfind("auditor:t-", 0) == 0);

    CHECK(s.api().get("/api/v1/quarantine", auditor).json["entries"].empty());
    Reply all = s.api().get("/api/v1/quarantine?all=1", auditor);
    REQUIRE(all.json["entries"].size() == 1);
    CHECK(all.json["entries"][0]["resolved"] == true);
    CHECK(all.json["entries"][0]["resolution"] == "sheet issued late; re-signed on paper");
    CHECK(s.health()["quarantined"] == 0);
}

}  // namespace stampline::itest
