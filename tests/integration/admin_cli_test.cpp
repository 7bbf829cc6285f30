// The `stampline` admin CLI against the real server: each command's effect is checked through
// the API, not only its output.
#include <doctest/doctest.h>

#include "integration/test_server.h"

using namespace stampline::itest;

namespace {

CommandResult cli(TestServer& s, std::vector<std::string> args) {
    args.insert(args.begin(), STAMPLINE_CLI_BIN);
    args.push_back("--server");
    args.push_back("http://127.0.0.1:" + std::to_string(s.process().port()));
    args.push_back("--token");
    args.push_back(s.admin());
    return run_command(args);
}

}  // namespace

TEST_CASE("admin cli: stamp issue, suspend, reinstate, revoke and list change the registry") {
    TestServer s;
    CommandResult issued = cli(s, {"stamp", "issue", "017", "--holder", "Иванов И. И.", "--stages",
                                   "WIRING,ADJUST", "--due", "2027-06-30", "--pin", "1234"});
    REQUIRE_MESSAGE(issued.exit_code == 0, issued.err);
    CHECK(contains(issued.out, "Иванов И. И."));
    CHECK(cli(s, {"stamp", "suspend", "017"}).exit_code == 0);
    Reply r = s.api().get("/api/v1/stamps", s.admin());
    CHECK(r.json["stamps"][0]["status"] == "suspended");
    CHECK(cli(s, {"stamp", "reinstate", "017"}).exit_code == 0);
    CHECK(cli(s, {"stamp", "revoke", "017"}).exit_code == 0);
    CommandResult again = cli(s, {"stamp", "reinstate", "017"});
    CHECK(again.exit_code != 0);
    CHECK(contains(again.err, "409"));
    CommandResult list = cli(s, {"stamp", "list"});
    CHECK(contains(list.out, "017"));
    CHECK(contains(list.out, "revoked"));
}

TEST_CASE("admin cli: set-pin replaces the stamp's PIN hash and refuses a malformed PIN") {
    TestServer s;
    s.stamp("017", {"WIRING"});
    CHECK(cli(s, {"stamp", "set-pin", "017", "--pin", "4321"}).exit_code == 0);
    Reply r = s.api().get("/api/v1/stamps", s.admin());
    CHECK(r.json["stamps"][0]["pin_hash"].get<std::string>().rfind("$argon2id$", 0) == 0);
    CommandResult bad = cli(s, {"stamp", "set-pin", "017", "--pin", "12ab"});
    CHECK(bad.exit_code != 0);
    CHECK(contains(bad.err, "PIN"));
}

TEST_CASE("admin cli: a created token works until the cli revokes it") {
    TestServer s;
    CommandResult created = cli(s, {"token", "create", "--role", "auditor", "--label", "Петрова"});
    REQUIRE_MESSAGE(created.exit_code == 0, created.err);
    const auto at = created.out.find("slt_");
    REQUIRE(at != std::string::npos);
    const std::string secret = created.out.substr(at, created.out.find('\n', at) - at);
    CHECK(s.api().get("/api/v1/quarantine", secret).status == 200);
    const auto id_at = created.out.find("t-");
    const std::string id = created.out.substr(id_at, created.out.find(' ', id_at) - id_at);
    CHECK(contains(cli(s, {"token", "list"}).out, id));
    CHECK(cli(s, {"token", "revoke", id}).exit_code == 0);
    CHECK(s.api().get("/api/v1/quarantine", secret).status == 401);
}

TEST_CASE("admin cli: sheet issue prints the payload and trail prints who signed each stage") {
    TestServer s;
    CommandResult sheet =
        cli(s, {"sheet", "issue", "--serial", "2611000427", "--type", "SHU", "--order", "Z26117"});
    REQUIRE_MESSAGE(sheet.exit_code == 0, sheet.err);
    CHECK(sheet.out.rfind("SL1-SHU-2611000427-Z26117-1-", 0) == 0);
    s.walk("2611000427", "SHU", "ASSEMBLY");
    CommandResult trail = cli(s, {"trail", "2611000427"});
    REQUIRE_MESSAGE(trail.exit_code == 0, trail.err);
    CHECK(contains(trail.out, "current stage ASSEMBLY"));
    CHECK(contains(trail.out, "Мастер Универсал"));
    CHECK(contains(trail.out, "INCOMING     done"));
    CommandResult missing = cli(s, {"trail", "NOSUCH"});
    CHECK(missing.exit_code != 0);
    CHECK(contains(missing.err, "404"));
}

TEST_CASE("admin cli: a command without a token or with a wrong one fails with one clear line") {
    TestServer s;
    CommandResult none = run_command({STAMPLINE_CLI_BIN, "stamp", "list", "--server",
                                      "http://127.0.0.1:" + std::to_string(s.process().port())});
    CHECK(none.exit_code != 0);
    CHECK(contains(none.err, "no token"));
    CommandResult wrong = run_command({STAMPLINE_CLI_BIN, "stamp", "list", "--server",
                                       "http://127.0.0.1:" + std::to_string(s.process().port()),
                                       "--token", "slt_forged"});
    CHECK(wrong.exit_code != 0);
    CHECK(contains(wrong.err, "401"));
    CommandResult down = run_command(
        {STAMPLINE_CLI_BIN, "stamp", "list", "--server", "http://127.0.0.1:1", "--token", "x"});
    CHECK(down.exit_code != 0);
    CHECK(contains(down.err, "cannot reach the server"));
}

TEST_CASE(
    "admin cli: init creates a database that verify then finds intact, and init never overwrites") {
    TempDir dir;
    const std::string db = dir.file("new.db");
    CommandResult init =
        run_command({STAMPLINE_CLI_BIN, "init", "--db", db, "--plant", demo_plant_dir()});
    REQUIRE_MESSAGE(init.exit_code == 0, init.err);
    CHECK(contains(init.out, "slt_"));
    CommandResult verify = run_command({STAMPLINE_CLI_BIN, "verify", "--db", db});
    CHECK(verify.exit_code == 0);
    CHECK(contains(verify.out, "chain intact: 0 events"));
    CommandResult again =
        run_command({STAMPLINE_CLI_BIN, "init", "--db", db, "--plant", demo_plant_dir()});
    CHECK(again.exit_code != 0);
    CHECK(contains(again.err, "already exists"));
}
