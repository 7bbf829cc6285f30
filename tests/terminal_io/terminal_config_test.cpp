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

TEST_CASE(
    "the scanner read from its input device and the refusal bell are configured, and a "
    "bell setting that is not a boolean names file, line and key") {
    const std::string base =
        "[terminal]\nstation = \"ST-TZ-1\"\nrefusal_sound = false\n[server]\n"
        "url = \"http://127.0.0.1:1\"\ntoken = \"t\"\n[scanner]\nevdev = \"0c2e:0b61\"\n";
    Result<TerminalOptions> parsed = parse_terminal_config(base, "terminal.toml");
    REQUIRE_MESSAGE(parsed, parsed.error().message());
    CHECK(parsed->scanner.evdev == "0c2e:0b61");
    CHECK_FALSE(parsed->refusal_sound);
    Result<TerminalOptions> defaults = parse_terminal_config(
        "[terminal]\nstation = \"ST-TZ-1\"\n[server]\nurl = \"http://127.0.0.1:1\"\ntoken = "
        "\"t\"\n",
        "terminal.toml");
    REQUIRE(defaults);
    CHECK(defaults->refusal_sound);
    CHECK(defaults->scanner.evdev.empty());

    Result<TerminalOptions> bad_sound = parse_terminal_config(
        "[terminal]\nstation = \"ST-TZ-1\"\nrefusal_sound = \"loud\"\n", "terminal.toml");
    REQUIRE_FALSE(bad_sound);
    CHECK_MESSAGE(bad_sound.error().message().find("terminal.toml:3") != std::string::npos,
                  bad_sound.error().message());
    CHECK(bad_sound.error().message().find("terminal.refusal_sound") != std::string::npos);
}

TEST_CASE(
    "a CA file is taken for an https:// server, refused naming file, line and key for an http:// "
    "one, and one that cannot be read stops the start") {
    const auto config = [](const std::string& url) {
        return "[terminal]\nstation = \"ST-TZ-1\"\noutbox = \"/tmp/o.db\"\n[server]\nurl = \"" +
               url + "\"\ntoken = \"t\"\nca_file = \"/nowhere/plant-ca.crt\"\n";
    };
    Result<TerminalOptions> https = parse_terminal_config(config("https://srv:8470"), "t.toml");
    REQUIRE_MESSAGE(https, https.error().message());
    CHECK(https->ca_file == "/nowhere/plant-ca.crt");
    const Status unreadable = validate_terminal_options(*https);
    REQUIRE_FALSE(unreadable);
    CHECK(unreadable.message() ==
          "cannot read the CA file /nowhere/plant-ca.crt (server.ca_file or --ca-file)");

    Result<TerminalOptions> plain = parse_terminal_config(config("http://srv:8470"), "t.toml");
    REQUIRE_FALSE(plain);
    const std::string message = plain.error().message();
    CHECK_MESSAGE(message.find("t.toml:7") != std::string::npos, message);
    CHECK_MESSAGE(message.find("server.ca_file") != std::string::npos, message);
    CHECK_MESSAGE(message.find("https://") != std::string::npos, message);
}
