// The terminal on a Russian keyboard layout (issue 16, must show 5): the X server's keymap set to
// "ru" with setxkbmap (the test's Xvfb runs with -noreset, so the layout stays while clients come
// and go), then the badge scanned, the PIN typed and the sheet scanned, all as physical key
// codes. Scans decode from key codes, so the layout cannot change them (a US-layout scanner on a
// Russian host would otherwise type "ЫД1-..." for "SL1-...").
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <memory>

#include "terminal_e2e/station_fixture.h"

namespace stampline::e2e {

namespace {

// Runs a command and returns its standard output.
std::string run(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(command.c_str(), "r"), pclose);
    REQUIRE(p != nullptr);
    std::string out;
    std::array<char, 256> buf{};
    while (fgets(buf.data(), buf.size(), p.get())) out += buf.data();
    return out;
}

}  // namespace

TEST_CASE("on a Russian X keymap a worker's badge, PIN and sheet scans work as on a US one") {
    Station st("ST-ASM-1", "ASSEMBLY");
    st.server().sheet("2611000801", "KSO298", "Z26117");
    st.server().walk("2611000801", "KSO298", "ASSEMBLY");
    const std::string display = st.terminal_display();
    run("setxkbmap -display " + display + " -layout ru");
    const std::string query = run("setxkbmap -display " + display + " -query");
    INFO(query);
    REQUIRE(query.find("layout:     ru") != std::string::npos);

    st.sign_in(Station::kStamp, Station::kPin);
    st.input().scan(sheet_payload("2611000801", "KSO298", "Z26117"));
    const json s = st.terminal().wait_for(
        [](const json& s) {
            return s.value("screen", "") == "unit_card" && s["card"]["source"] == "server";
        },
        "the unit card");
    CHECK(s["card"]["serial"] == "2611000801");
    CHECK(s["scan_error"] == "");
    // Still Russian after the terminal's own connections came and went.
    CHECK(run("setxkbmap -display " + display + " -query").find("layout:     ru") !=
          std::string::npos);
}

}  // namespace stampline::e2e
