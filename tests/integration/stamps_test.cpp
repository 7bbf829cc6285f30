// The stamp registry over HTTP: issue, list for terminals, suspend, reinstate, revoke, stages,
// attestation, PIN and badge, each change taking effect on the next event.
#include <doctest/doctest.h>

#include "integration/test_server.h"

namespace stampline::itest {

namespace {

json find_stamp(TestServer& s, const std::string& token, const std::string& id) {
    Reply r = s.api().get("/api/v1/stamps", token);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    for (const json& st : r.json["stamps"])
        if (st["id"] == id) return st;
    return nullptr;
}

}  // namespace

TEST_CASE(
    "a stamp is issued, suspended, reinstated and revoked, and each state decides sign-offs") {
    TestServer s;
    for (const char* serial : {"L1", "L2", "L3", "L4"}) s.sheet(serial);
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    EventFactory& ev = s.events();

    Reply issued = s.api().post("/api/v1/stamps",
                                {{"id", "017"},
                                 {"holder", "Иванов И. И."},
                                 {"stages", {"TZ"}},
                                 {"attestation_due", "2099-06-30"}},
                                s.admin());
    REQUIRE_MESSAGE(issued.status == 201, issued.body);
    CHECK(issued.json["status"] == "active");
    CHECK(issued.json["badge_issue"] == 1);
    CHECK(issued.json["has_pin"] == false);

    const json listed = find_stamp(s, terminal, "017");
    REQUIRE_FALSE(listed.is_null());
    CHECK(listed["holder"] == "Иванов И. И.");
    CHECK(listed["stages"] == json::array({"TZ"}));
    CHECK(listed["attestation_due"] == "2099-06-30");
    CHECK(listed.contains("pin_hash"));
    CHECK(s.post_one(terminal, ev.sign_off("L1", "TZ", "017"))["status"] == "accepted");

    Reply suspended = s.api().post("/api/v1/stamps/017/suspend", json::object(), s.admin());
    REQUIRE(suspended.status == 200);
    CHECK(suspended.json["status"] == "suspended");
    CHECK(find_stamp(s, terminal, "017")["status"] == "suspended");
    CHECK(s.post_one(terminal, ev.sign_off("L2", "TZ", "017"))["reason"] == "stamp_suspended");

    // An action may come with no body at all.
    Reply reinstated =
        s.api().raw("POST", "/api/v1/stamps/017/reinstate", "", "", ApiClient::bearer(s.admin()));
    REQUIRE(reinstated.status == 200);
    CHECK(reinstated.json["status"] == "active");
    CHECK(s.post_one(terminal, ev.sign_off("L3", "TZ", "017"))["status"] == "accepted");

    Reply revoked = s.api().post("/api/v1/stamps/017/revoke", json::object(), s.admin());
    REQUIRE(revoked.status == 200);
    CHECK(revoked.json["status"] == "revoked");
    CHECK(s.post_one(terminal, ev.sign_off("L4", "TZ", "017"))["reason"] == "stamp_revoked");

    Reply again = s.api().post("/api/v1/stamps/017/reinstate", json::object(), s.admin());
    CHECK(again.status == 409);
    CHECK(again.error() == "conflict");
    CHECK(find_stamp(s, terminal, "017")["status"] == "revoked");
}

TEST_CASE("changing a stamp's stages and attestation date changes what it may sign") {
    TestServer s;
    s.sheet("L5");
    s.stamp("018", {"DESIGN"}, "2020-01-31");
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    EventFactory& ev = s.events();
    CHECK(s.post_one(terminal, ev.sign_off("L5", "TZ", "018"))["reason"] ==
          "stamp_attestation_expired");

    Reply due = s.api().put("/api/v1/stamps/018/attestation", {{"attestation_due", "2099-01-01"}},
                            s.admin());
    REQUIRE(due.status == 200);
    CHECK(due.json["attestation_due"] == "2099-01-01");
    CHECK(s.post_one(terminal, ev.sign_off("L5", "TZ", "018"))["reason"] ==
          "stamp_not_covering_stage");

    Reply stages =
        s.api().put("/api/v1/stamps/018/stages", {{"stages", {"TZ", "DESIGN"}}}, s.admin());
    REQUIRE(stages.status == 200);
    CHECK(stages.json["stages"] == json::array({"TZ", "DESIGN"}));
    CHECK(s.post_one(terminal, ev.sign_off("L5", "TZ", "018"))["status"] == "accepted");
}

TEST_CASE("a PIN is stored only as its argon2id hash and a new badge bumps the badge issue") {
    TestServer s;
    Reply issued = s.api().post("/api/v1/stamps",
                                {{"id", "019"},
                                 {"holder", "Смирнова Е. К."},
                                 {"stages", {"WIRING"}},
                                 {"attestation_due", "2099-01-01"},
                                 {"pin", "4821"}},
                                s.admin());
    REQUIRE_MESSAGE(issued.status == 201, issued.body);
    CHECK(issued.json["has_pin"] == true);
    const std::string first_hash = issued.json["pin_hash"];
    CHECK(first_hash.rfind("$argon2id$", 0) == 0);
    CHECK(issued.body.find("4821") == std::string::npos);

    Reply pin = s.api().put("/api/v1/stamps/019/pin", {{"pin", "7305"}}, s.admin());
    REQUIRE(pin.status == 200);
    CHECK(pin.json["pin_hash"] != first_hash);
    CHECK(pin.body.find("7305") == std::string::npos);

    Reply badge = s.api().post("/api/v1/stamps/019/badge", json::object(), s.admin());
    REQUIRE(badge.status == 200);
    CHECK(badge.json["badge_issue"] == 2);
    CHECK(find_stamp(s, s.token("terminal", "ST-WIR-1"), "019")["badge_issue"] == 2);
}

TEST_CASE("issuing an existing stamp id is 409 and changing an unknown stamp is 404") {
    TestServer s;
    s.stamp("020", {"TZ"});
    Reply dup = s.api().post(
        "/api/v1/stamps",
        {{"id", "020"}, {"holder", "X"}, {"stages", {"TZ"}}, {"attestation_due", "2099-01-01"}},
        s.admin());
    CHECK(dup.status == 409);
    CHECK(dup.error() == "conflict");
    CHECK(s.api().post("/api/v1/stamps/999/suspend", json::object(), s.admin()).status == 404);
    CHECK(s.api().put("/api/v1/stamps/999/stages", {{"stages", {"TZ"}}}, s.admin()).status == 404);
    CHECK(s.api().post("/api/v1/stamps/999/badge", json::object(), s.admin()).status == 404);
}

}  // namespace stampline::itest
