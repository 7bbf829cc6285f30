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

}  // namespace stampline::itest
