// The terminal's configuration keeps the identity rule (shared/identity.h) for its station: a
// format character in terminal.station, or in --station, is refused naming the file, line and key.
#include "terminal/app/terminal_config.h"

#include <doctest/doctest.h>

#include <string>

using namespace stampline;
using namespace stampline::terminal;

TEST_CASE("a format character in the terminal's station is refused naming file, line and key") {
    const std::string text = "[terminal]\nstation = \"ST-TZ-1\u202E\"\noutbox = \"/tmp/o.db\"\n";
    Result<TerminalOptions> parsed = parse_terminal_config(text, "terminal.toml");
    REQUIRE_FALSE(parsed);
    const std::string message = parsed.error().message();
    CHECK_MESSAGE(message.find("terminal.toml:2") != std::string::npos, message);
    CHECK_MESSAGE(message.find("terminal.station") != std::string::npos, message);
    CHECK_MESSAGE(message.find("U+202E") != std::string::npos, message);
    CHECK_MESSAGE(message.find("\u202E") == std::string::npos, message);

    // The same station given on the command line.
    Result<TerminalOptions> good = parse_terminal_config(
        "[terminal]\nstation = \"ST-TZ-1\"\noutbox = \"/tmp/o.db\"\n[server]\n"
        "url = \"http://127.0.0.1:1\"\ntoken = \"t\"\n",
        "terminal.toml");
    REQUIRE_MESSAGE(good, good.error().message());
    CHECK(validate_terminal_options(*good));
    good->settings.station = "ST-TZ-1\u200B";
    const Status s = validate_terminal_options(*good);
    REQUIRE_FALSE(s);
    CHECK(s.message().find("station") == 0);
    CHECK(s.message().find("U+200B") != std::string::npos);
}
