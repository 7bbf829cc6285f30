// The real terminal window against the real server over TLS, with a plant CA made by
// `stampline tls init` in the test (a certificate for 127.0.0.1): a worker's sign-off reaches
// the server over https; a terminal given another CA, or the server's address by a name its
// certificate does not carry (localhost), stays offline and says why on its status bar, with its
// acts kept in its outbox.
#include <doctest/doctest.h>

#include "terminal_e2e/station_fixture.h"

namespace stampline::e2e {

namespace {

// The terminal on the station's display with its own (empty) outbox in dir, against url,
// trusting ca.
std::unique_ptr<TerminalProcess> terminal_trusting(Station& st, const std::string& dir,
                                                   const std::string& url, const std::string& ca) {
    return std::make_unique<TerminalProcess>(TerminalArgs{
        st.terminal_display(), dir, url, st.token(), st.station(), {"--ca-file", ca}, {}});
}

json wait_for_problem(TerminalProcess& t, const std::string& text) {
    return t.wait_for(
        [&](const json& s) { return s["sync"]["problem"] == text && !s["sync"]["online"]; },
        "the status bar saying: " + text);
}

}  // namespace

TEST_CASE("tls: a sign-off made at the terminal reaches the server over https with the plant CA") {
    itest::TempDir dir;
    const itest::PlantTls tls = itest::plant_tls(dir.file("tls"));
    Station st(tls, "ST-TZ-1", "TZ");
    CHECK(st.server_url().starts_with("https://"));
    st.server().sheet("TLS0001", "SHU", "Z26118");
    const std::size_t before = st.server_trail("TLS0001")["events"].size();

    st.sign_in(Station::kStamp, Station::kPin);
    st.terminal().command("SCAN " + sheet_payload("TLS0001", "SHU", "Z26118"));
    st.terminal().wait_for(
        [](const json& s) {
            return s.value("screen", "") == "unit_card" && s["card"]["serial"] == "TLS0001";
        },
        "the unit's card");
    st.input().key(keycode::kF1 + 1);
    st.terminal().wait_for_screen("sign_off");
    st.input().key(keycode::kReturn);
    const json r = st.terminal().wait_for_screen("result");
    REQUIRE_MESSAGE(r["result"]["recorded"] == true, r.dump(1));
    const json synced = st.terminal().wait_for(
        [](const json& s) { return s["sync"]["outbox_depth"] == 0 && s["sync"]["online"]; },
        "the sign-off sent");
    CHECK(synced["sync"]["problem"] == "");
    const json trail = st.server_trail("TLS0001");
    REQUIRE(trail["events"].size() == before + 1);
    const json& e = trail["events"][before]["event"];
    CHECK(e["type"] == "stage_signed_off");
    CHECK(e["stamp"] == Station::kStamp);
    CHECK(e["station"] == "ST-TZ-1");
}

TEST_CASE(
    "tls: a terminal with another CA, or reaching the server by a name its certificate lacks, "
    "says so on its status bar and sends nothing") {
    itest::TempDir dir;
    const itest::PlantTls tls = itest::plant_tls(dir.file("tls"));
    const itest::PlantTls other = itest::plant_tls(dir.file("other"));
    Station st(tls, "ST-TZ-1", "TZ");
    const int events = st.server().health()["events"].get<int>();
    st.terminal().kill_hard();

    itest::TempDir wrong_ca_dir;
    auto wrong_ca = terminal_trusting(st, wrong_ca_dir.path(), st.server_url(), other.ca);
    const json untrusted = wait_for_problem(*wrong_ca, "Сертификат сервера не доверен");
    CHECK(untrusted["sync"]["last_error"].get<std::string>().find("not trusted by ca_file " +
                                                                  other.ca) != std::string::npos);
    wrong_ca->screenshot(screenshot_path("tls-untrusted"));
    wrong_ca.reset();

    itest::TempDir wrong_host_dir;
    const std::string by_other_name =
        "https://localhost:" + std::to_string(st.server().process().port());
    auto wrong_host = terminal_trusting(st, wrong_host_dir.path(), by_other_name, tls.ca);
    wait_for_problem(*wrong_host, "Сертификат не для этого адреса");
    wrong_host->screenshot(screenshot_path("tls-wrong-host"));

    CHECK(st.server().health()["events"].get<int>() == events);
}

}  // namespace stampline::e2e
