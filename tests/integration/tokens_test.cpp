// Access tokens: secrets shown once, roles, station binding, revocation.
#include <doctest/doctest.h>

#include "integration/test_server.h"

namespace stampline::itest {

TEST_CASE("a token's secret is shown once at creation and never listed") {
    TestServer s;
    const json created = s.new_token("terminal", "ST-WIR-1");
    const std::string secret = created["secret"];
    CHECK(secret.rfind("slt_", 0) == 0);
    CHECK(created["role"] == "terminal");
    CHECK(created["station"] == "ST-WIR-1");
    Reply list = s.api().get("/api/v1/tokens", s.admin());
    REQUIRE(list.status == 200);
    CHECK(list.body.find(secret) == std::string::npos);
    CHECK(list.body.find(created["id"].get<std::string>()) != std::string::npos);
    CHECK(s.api().get("/api/v1/stamps", secret).status == 200);
}

TEST_CASE("a revoked token gets 401 saying it was revoked") {
    TestServer s;
    const json created = s.new_token("auditor");
    const std::string id = created["id"];
    REQUIRE(s.api().get("/api/v1/quarantine", created["secret"]).status == 200);
    Reply del = s.api().del("/api/v1/tokens/" + id, s.admin());
    REQUIRE(del.status == 200);
    CHECK(del.json["revoked"] == true);
    Reply after = s.api().get("/api/v1/quarantine", created["secret"]);
    CHECK(after.status == 401);
    CHECK(after.json["message"].get<std::string>().find("revoked") != std::string::npos);
    CHECK(after.header("WWW-Authenticate").find("invalid_token") != std::string::npos);
    CHECK(s.api().del("/api/v1/tokens/t-00000000", s.admin()).status == 404);
}

TEST_CASE("a terminal token needs a plant station and other roles take none") {
    TestServer s;
    Reply unknown =
        s.api().post("/api/v1/tokens", {{"role", "terminal"}, {"station", "ST-X"}}, s.admin());
    CHECK(unknown.status == 400);
    CHECK(unknown.field() == "station");
    Reply auditor =
        s.api().post("/api/v1/tokens", {{"role", "auditor"}, {"station", "ST-TZ-1"}}, s.admin());
    CHECK(auditor.status == 400);
    CHECK(auditor.field() == "station");
    Reply admin =
        s.api().post("/api/v1/tokens", {{"role", "admin"}, {"label", "second admin"}}, s.admin());
    CHECK(admin.status == 201);
    CHECK(admin.json["station"].is_null());
}

}  // namespace stampline::itest
