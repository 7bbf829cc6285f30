// The stampline-server command line: init, verify, serve's settings and failures, signals, help.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "integration/test_server.h"
#include "shared/hash_chain.h"

namespace stampline::itest {

namespace {

// One line of text, ending in a newline, on stderr; nothing else.
void check_one_line_error(const CommandResult& r, const std::string& must_contain) {
    CHECK(r.exit_code != 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_MESSAGE(r.err.find(must_contain) != std::string::npos, r.err);
}

}  // namespace

TEST_CASE("init prints the first admin token once and never overwrites a database") {
    TempDir dir;
    const std::string db = dir.file("sub/dir/plant.db");
    const CommandResult first = server_command({"init", "--db", db, "--plant", demo_plant_dir()});
    REQUIRE_MESSAGE(first.exit_code == 0, first.err);
    CHECK(first.out.find("slt_") != std::string::npos);
    CHECK(first.out.find("shown once") != std::string::npos);
    const CommandResult second = server_command({"init", "--db", db, "--plant", demo_plant_dir()});
    check_one_line_error(second, "already exists");
    CHECK(second.out.find("slt_") == std::string::npos);
}

TEST_CASE("verify reports an intact chain with its event count") {
    TestServer s;
    s.sheet("V1");
    s.walk("V1", "SHU", "INCOMING");
    const CommandResult r = s.verify();
    CHECK(r.exit_code == 0);
    CHECK(r.out.starts_with("chain intact: 4 events, head 4:"));
}

TEST_CASE("verify names the first broken seq of a tampered log and exits 1") {
    TestServer s;
    s.sheet("V2");
    s.walk("V2", "SHU", "INCOMING");
    REQUIRE(s.stop() == 0);
    sql(s.db_path(),
        "DROP TRIGGER events_no_update;"
        "UPDATE events SET canonical = replace(canonical, 'ALL', 'XXX') WHERE seq = 3;");
    const CommandResult r = s.verify();
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(r.out.find("chain broken at seq 3") != std::string::npos, r.out);
}

TEST_CASE("verify --anchor holds for the history it was taken from and not for a rewritten one") {
    TestServer s;
    s.sheet("A1", "SHU", "Z1");
    s.walk("A1", "SHU", "INCOMING");
    const std::string out = s.verify().out;
    const auto at = out.find("head ");
    REQUIRE(at != std::string::npos);
    const std::string anchor = out.substr(at + 5, out.find('\n', at) - at - 5);  // "4:<hash>"
    CHECK(anchor.starts_with("4:"));
    s.sheet("A2");  // the log grows after the anchor was printed
    REQUIRE(s.stop() == 0);

    const auto verify_anchor = [&](const std::string& a) {
        return server_command({"verify", "--db", s.db_path(), "--anchor", a});
    };
    const CommandResult holds = verify_anchor(anchor);
    CHECK_MESSAGE(holds.exit_code == 0, holds.out << holds.err);
    CHECK(holds.out.find("anchor " + anchor + " holds") != std::string::npos);
    const CommandResult beyond = verify_anchor("99:" + anchor.substr(2));
    CHECK(beyond.exit_code == 1);
    CHECK(beyond.out.find("fewer than the anchor's seq 99") != std::string::npos);
    check_one_line_error(verify_anchor("4-" + anchor.substr(2)), "expected SEQ:HASH");

    // The first event's order rewritten and every later hash recomputed: the chain is intact
    // again, but the anchor on paper no longer matches it.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(s.db_path().c_str(), &db) == SQLITE_OK);
    std::vector<std::pair<std::int64_t, std::string>> rows;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT seq, canonical FROM events ORDER BY seq", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
        rows.emplace_back(sqlite3_column_int64(st, 0),
                          reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
    sqlite3_finalize(st);
    sqlite3_close(db);
    REQUIRE(rows.at(0).second.find("\"Z1\"") != std::string::npos);
    rows[0].second.replace(rows[0].second.find("\"Z1\""), 4, "\"Z9\"");
    std::string rewrite = "DROP TRIGGER events_no_update;";
    std::string previous;
    for (const auto& [seq, canonical] : rows) {
        previous = chain_hash(previous, canonical);
        rewrite += "UPDATE events SET canonical = '" + canonical + "', hash = '" + previous +
                   "' WHERE seq = " + std::to_string(seq) + ";";
    }
    sql(s.db_path(), rewrite);
    CHECK(s.verify().exit_code == 0);  // a consistent forgery
    const CommandResult forged = verify_anchor(anchor);
    CHECK(forged.exit_code == 1);
    CHECK_MESSAGE(forged.out.find("does not hold: event 4 has hash") != std::string::npos,
                  forged.out);
}

TEST_CASE("serve without a database, plant, or with a bad settings file fails with one line") {
    TempDir dir;
    const std::string db = dir.file("x.db");
    check_one_line_error(server_command({"serve", "--db", db, "--plant", demo_plant_dir()}),
                         "does not exist");
    REQUIRE(server_command({"init", "--db", db, "--plant", demo_plant_dir()}).exit_code == 0);
    check_one_line_error(server_command({"serve", "--db", db, "--plant", dir.file("noplant")}),
                         "noplant");
    check_one_line_error(server_command({"serve", "--config", dir.file("missing.toml")}),
                         "missing.toml");
    { std::ofstream(dir.file("bad.toml")) << "db = \"" << db << "\"\nprot = 8470\n"; }
    check_one_line_error(server_command({"serve", "--config", dir.file("bad.toml")}),
                         "bad.toml:2: 'prot'");
    { std::ofstream(dir.file("broken.toml")) << "db = \n"; }
    check_one_line_error(server_command({"serve", "--config", dir.file("broken.toml")}),
                         "broken.toml:1");
    {
        std::ofstream(dir.file("junk.db")) << "this is not a database, just text long enough to "
                                              "not look like an empty file........................"
                                              "..............................................\n";
    }
    check_one_line_error(
        server_command({"serve", "--db", dir.file("junk.db"), "--plant", demo_plant_dir()}),
        "junk.db");
}

TEST_CASE(
    "serve refuses a PostgreSQL store set up wrong with one line naming the setting, never "
    "echoing a password") {
    TempDir dir;
    const auto serve_with = [&](const std::string& name, const std::string& settings) {
        std::ofstream(dir.file(name)) << "plant = \"" << demo_plant_dir() << "\"\n" << settings;
        return server_command({"serve", "--config", dir.file(name)});
    };
    const CommandResult with_password = serve_with(
        "password.toml", "store = \"postgresql\"\npostgresql = \"host=db password=hunter2\"\n");
    check_one_line_error(with_password,
                         "postgresql: the PostgreSQL connection string must not carry a password");
    CHECK(with_password.err.find("hunter2") == std::string::npos);
    check_one_line_error(
        serve_with("both.toml",
                   "db = \"x.db\"\nstore = \"postgresql\"\npostgresql = \"host=db\"\n"),
        "remove db (x.db)");
    check_one_line_error(serve_with("none.toml", "store = \"postgresql\"\n"),
                         "store = \"postgresql\" needs postgresql = ");
    check_one_line_error(serve_with("kind.toml", "store = \"oracle\"\n"),
                         "store must be \"sqlite\" or \"postgresql\" (got \"oracle\")");
    check_one_line_error(serve_with("unused.toml", "db = \"x.db\"\npostgresql = \"host=db\"\n"),
                         "postgresql is set but store is not \"postgresql\"");
    check_one_line_error(
        serve_with(
            "empty-password.toml",
            "store = \"postgresql\"\npostgresql = \"host=db\"\npostgresql_password_file = \"" +
                dir.file("missing-password") + "\"\n"),
        "cannot read postgresql_password_file " + dir.file("missing-password"));
}

TEST_CASE("verify and migrate of a PostgreSQL database without --plant-code fail with one line") {
    check_one_line_error(server_command({"verify", "--db", "postgresql:host=/nonexistent"}),
                         "a PostgreSQL database holds several plants: say which (--plant-code)");
    check_one_line_error(server_command({"migrate", "--db", "postgresql:host=/nonexistent"}),
                         "--plant-code");
}

TEST_CASE("serve on a port in use fails with one line") {
    TestServer s;
    const CommandResult r =
        server_command({"serve", "--db", s.db_path(), "--plant", demo_plant_dir(), "--port",
                        std::to_string(s.process().port())});
    check_one_line_error(r, "cannot listen on 127.0.0.1:" + std::to_string(s.process().port()));
}

TEST_CASE("serve reads its settings file and flags win over it") {
    TempDir dir;
    const std::string db = dir.file("cfg.db");
    const CommandResult init = server_command({"init", "--db", db, "--plant", demo_plant_dir()});
    REQUIRE(init.exit_code == 0);
    {
        std::ofstream(dir.file("server.toml"))
            << "db = \"" << db << "\"\nplant = \"" << demo_plant_dir()
            << "\"\nhost = \"127.0.0.1\"\nport = 1\nthreads = 4\nmax_batch = 2\nunit_states = "
               "100\n";
    }
    // --port 0 (added by ServerProcess) wins over port = 1 from the file.
    ServerProcess p(dir.path(), {"--config", dir.file("server.toml")});
    CHECK(p.port() > 1);
    ApiClient api(p.port());
    const std::string token = init.out.substr(init.out.find("slt_"), 47);
    EventFactory ev;
    Reply r = api.post("/api/v1/events",
                       {{"v", 1},
                        {"events",
                         {ev.sign_off("C1", "TZ", "X"), ev.sign_off("C2", "TZ", "X"),
                          ev.sign_off("C3", "TZ", "X")}}},
                       token);
    CHECK(r.status == 413);  // max_batch = 2 from the file
    // `threads`, a key of earlier versions, is read and named as no longer used.
    CHECK(p.stderr_text().find("'threads' is no longer used") != std::string::npos);
    CHECK(p.stdout_text() == "listening on http://127.0.0.1:" + std::to_string(p.port()) + "\n");
}

TEST_CASE("SIGTERM stops the server gracefully with exit 0 and the data stays intact") {
    TestServer s;
    s.sheet("G1");
    CHECK(s.stop() == 0);
    CHECK(s.process().stderr_text().find("stopped") != std::string::npos);
    CHECK(s.verify().out.starts_with("chain intact: 1 events, head 1:"));
}

TEST_CASE("--help lists every subcommand and option") {
    const CommandResult top = server_command({"--help"});
    CHECK(top.exit_code == 0);
    for (const char* word : {"serve", "init", "verify", "Examples", "Exit status"})
        CHECK_MESSAGE(top.out.find(word) != std::string::npos, word);
    const CommandResult serve = server_command({"serve", "--help"});
    CHECK(serve.exit_code == 0);
    for (const char* opt : {"--config", "--db", "--plant", "--host", "--port", "--workers",
                            "--port-file", "--log-level"})
        CHECK_MESSAGE(serve.out.find(opt) != std::string::npos, opt);
    CHECK(server_command({"init", "--help"}).out.find("--plant") != std::string::npos);
    CHECK(server_command({"verify", "--help"}).out.find("--db") != std::string::npos);
}

}  // namespace stampline::itest
