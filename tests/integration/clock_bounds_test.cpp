// The bounds on a terminal's clock (trail_rules.h check_act_time): acts a terminal dates in 1970,
// in 2099, before the unit's sheet was issued or beyond the offline window are quarantined with
// their reason, whatever else they are; nothing enters the log and the chain stays intact. (The
// office's posts are not bounded: simulate_test posts two months of the past as admin.)
#include <doctest/doctest.h>

#include "integration/test_server.h"

namespace stampline::itest {

namespace {

constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kDayMs = 86'400'000;

// A sign-off of TZ on unit `serial` by stamp 501 from ST-TZ-1, dated `at`.
json sign_off_at(TestServer& s, const std::string& serial, Timestamp at) {
    json e = s.events().sign_off(serial, "TZ", "501");
    e["terminal_time"] = format_utc(at);
    return e;
}

Timestamp now_plus(std::int64_t ms) {
    return Timestamp{SystemClock().now().ms + ms};
}

// Posts e from the terminal, expects a refusal with `reason` kept in the quarantine, and the
// event log and its chain unchanged.
void refused_and_kept(TestServer& s, const std::string& terminal, const json& e,
                      const std::string& reason) {
    const auto events_before = s.health()["events"].get<long>();
    const json r = s.post_one(terminal, e);
    CHECK_MESSAGE(r["status"] == "refused", r.dump());
    CHECK_MESSAGE(r["reason"] == reason, r.dump());
    const json q = s.quarantine_entry(e["id"].get<std::string>());
    REQUIRE_MESSAGE(q.is_object(), "not in the quarantine: " << e.dump());
    CHECK(q["reason"] == reason);
    CHECK(q["event"]["terminal_time"] == e["terminal_time"]);
    CHECK(s.health()["events"].get<long>() == events_before);
    const CommandResult verify = s.verify();
    CHECK_MESSAGE(verify.exit_code == 0, verify.out << verify.err);
}

}  // namespace

TEST_CASE("a terminal clock set back to 1970 cannot sign with a stamp whose attestation ran out") {
    TestServer s;
    s.sheet("C1970", "SHU");
    s.stamp("501", {"TZ"}, "2026-01-31");  // attestation ran out in January
    const std::string terminal = s.token("terminal", "ST-TZ-1");

    const json today = s.events().sign_off("C1970", "TZ", "501");
    CHECK(s.post_one(terminal, today)["reason"] == "stamp_attestation_expired");

    const json back = sign_off_at(s, "C1970", parse_utc("1970-01-02T00:00:00Z").value());
    refused_and_kept(s, terminal, back, "offline_too_long");
}

TEST_CASE("an act dated in 2099 is quarantined clock_ahead") {
    TestServer s;
    s.sheet("C2099", "SHU");
    s.stamp("501", {"TZ"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    refused_and_kept(s, terminal,
                     sign_off_at(s, "C2099", parse_utc("2099-06-01T12:00:00Z").value()),
                     "clock_ahead");
    // Within the tolerance (5 minutes in the demo plant) the act is the terminal's to date.
    CHECK(s.post_one(terminal, sign_off_at(s, "C2099", now_plus(2 * kMinuteMs)))["status"] ==
          "accepted");
}

TEST_CASE("an act dated before the unit's sheet was issued is quarantined clock_behind_unit") {
    TestServer s;
    s.sheet("CBEHIND", "SHU");
    s.stamp("501", {"TZ"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    refused_and_kept(s, terminal, sign_off_at(s, "CBEHIND", now_plus(-60 * kMinuteMs)),
                     "clock_behind_unit");
    // A minute behind is within the tolerance.
    CHECK(s.post_one(terminal, sign_off_at(s, "CBEHIND", now_plus(-kMinuteMs)))["status"] ==
          "accepted");
}

TEST_CASE("an act older than the offline window is quarantined offline_too_long") {
    TestServer s;
    s.sheet("COLD", "SHU");
    s.stamp("501", {"TZ"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    refused_and_kept(s, terminal, sign_off_at(s, "COLD", now_plus(-8 * kDayMs)),
                     "offline_too_long");
}

TEST_CASE("an auditor accepts a clock-refused act from the quarantine with the reason recorded") {
    TestServer s;
    s.sheet("CACC", "SHU");
    s.stamp("501", {"TZ"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    const std::string auditor = s.token("auditor");
    const json act = sign_off_at(s, "CACC", now_plus(-60 * kMinuteMs));
    const std::string id = act["id"].get<std::string>();
    refused_and_kept(s, terminal, act, "clock_behind_unit");

    // Neither without a reason nor by a terminal.
    CHECK(s.api().post("/api/v1/quarantine/" + id + "/accept", json::object(), auditor).status ==
          400);
    CHECK(
        s.api().post("/api/v1/quarantine/" + id + "/accept", {{"reason", "x"}}, terminal).status ==
        403);
    CHECK(s.health()["events"].get<long>() == 1);

    const std::string reason =
        "terminal ST-TZ-1 battery swap reset its clock; act confirmed "
        "with the fitter and the sheet";
    const Reply ok =
        s.api().post("/api/v1/quarantine/" + id + "/accept", {{"reason", reason}}, auditor);
    REQUIRE_MESSAGE(ok.status == 200, ok.body);
    const json accepted = ok.json;
    CHECK(accepted["accepted"] == true);
    CHECK(accepted["seq"] == 2);
    CHECK(accepted["reason"] == reason);

    // In the trail, at its own time; out of the open quarantine; kept there resolved.
    const json trail = s.api().get("/api/v1/units/CACC/trail", s.admin()).json;
    REQUIRE(trail["events"].size() == 2);
    CHECK(trail["events"][1]["event"]["id"] == id);
    CHECK(trail["events"][1]["act_time"] == act["terminal_time"]);
    CHECK(s.quarantine_entry(id).is_null());
    const json all = s.api().get("/api/v1/quarantine?all=1", auditor).json["entries"];
    REQUIRE(all.size() == 1);
    CHECK(all[0]["resolved"] == true);
    CHECK(all[0]["resolution"] == "accepted: " + reason);
    CHECK(all[0]["accepted_seq"] == 2);
    CHECK(all[0]["reason"] == "clock_behind_unit");  // the first answer stays on record

    // The terminal's retry now learns it is recorded; a second acceptance is refused.
    const json again = s.post_one(terminal, act);
    CHECK(again["status"] == "duplicate");
    CHECK(again["first"] == "accepted");
    CHECK(s.api()
              .post("/api/v1/quarantine/" + id + "/accept", {{"reason", reason}}, auditor)
              .status == 409);
    const CommandResult verify = s.verify();
    CHECK_MESSAGE(verify.exit_code == 0, verify.out << verify.err);
}

TEST_CASE(
    "only clock refusals can be accepted from the quarantine, and the trail rules still hold") {
    TestServer s;
    s.sheet("CRULE", "SHU");
    s.stamp("501", {"TZ"});
    s.stamp("502", {"TZ"}, "2026-01-31");  // attestation ran out in January
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    const std::string auditor = s.token("auditor");

    // Refused for the stamp, not the clock: it can only be resolved.
    const json expired = s.events().sign_off("CRULE", "TZ", "502");
    REQUIRE(s.post_one(terminal, expired)["reason"] == "stamp_attestation_expired");
    const Reply not_clock =
        s.api().post("/api/v1/quarantine/" + expired["id"].get<std::string>() + "/accept",
                     {{"reason", "please"}}, auditor);
    CHECK(not_clock.status == 409);
    CHECK(not_clock.body.find("stamp_attestation_expired") != std::string::npos);

    // Refused for the clock, and signed with the expired stamp: accepting it would let the
    // stamp sign, so the rules refuse it at the act's time.
    json late = s.events().sign_off("CRULE", "TZ", "502");
    late["terminal_time"] = format_utc(now_plus(-60 * kMinuteMs));
    REQUIRE(s.post_one(terminal, late)["reason"] == "clock_behind_unit");
    const Reply rules =
        s.api().post("/api/v1/quarantine/" + late["id"].get<std::string>() + "/accept",
                     {{"reason", "confirmed"}}, auditor);
    CHECK(rules.status == 409);
    CHECK(rules.body.find("stamp_attestation_expired") != std::string::npos);
    CHECK(s.quarantine().size() == 2);
    CHECK(s.health()["events"].get<long>() == 1);
    CHECK(s.api()
              .post("/api/v1/quarantine/" + s.events().new_id() + "/accept", {{"reason", "x"}},
                    auditor)
              .status == 404);
}

TEST_CASE("acts are judged and ordered by the terminal's corrected time, not its own clock") {
    TestServer s;
    s.sheet("CCORR", "SHU");
    s.stamp("501", {"TZ", "DESIGN"});
    const std::string tz = s.token("terminal", "ST-TZ-1");
    const std::string design = s.token("terminal", station_for("DESIGN"));

    // A terminal whose clock runs 10 minutes ahead, as it measured against the server.
    json ahead = sign_off_at(s, "CCORR", now_plus(10 * kMinuteMs));
    CHECK(s.post_one(tz, ahead)["reason"] == "clock_ahead");  // without its correction
    ahead = sign_off_at(s, "CCORR", now_plus(10 * kMinuteMs));
    const Timestamp corrected = now_plus(0);
    ahead["corrected_time"] = format_utc(corrected);
    REQUIRE(s.post_one(tz, ahead)["status"] == "accepted");

    // The next stage, 1 ms after, on a terminal whose clock is right: 10 minutes "before" the
    // first act by the clocks, after it in fact. (Its time is set, not read: a post can take
    // less than a millisecond, and the two acts then tied.)
    json next = s.events().accept("CCORR", "SHU", "DESIGN", "501");
    next["terminal_time"] = format_utc(Timestamp{corrected.ms + 1});
    const json r = s.post_one(design, next);
    CHECK_MESSAGE(r["status"] == "accepted", r.dump());

    const json events = s.api().get("/api/v1/units/CCORR/trail", s.admin()).json["events"];
    REQUIRE(events.size() == 3);
    CHECK(events[1]["act_time"] == ahead["corrected_time"]);
    CHECK(events[1]["event"]["terminal_time"] == ahead["terminal_time"]);
    CHECK(events[1]["act_time"].get<std::string>() < events[2]["act_time"].get<std::string>());
    CHECK(events[1]["event"]["terminal_time"].get<std::string>() >
          events[2]["event"]["terminal_time"].get<std::string>());
}

}  // namespace stampline::itest
