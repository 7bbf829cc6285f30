// The server over TLS with a plant CA made by `stampline tls init` in the test: clients that
// trust that CA are served (HSTS on every answer, Secure session cookies, the https:// origin
// for forms); a client with another CA, or one that reaches the server by a name its
// certificate does not carry, is refused with a message saying which; a certificate replaced
// and SIGHUP sent is used for new connections while open ones go on with the old; a certificate
// that cannot be used stops the start (naming the file) or, on SIGHUP, leaves the old in use.
#include <doctest/doctest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "integration/test_server.h"

namespace stampline::itest {

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// `stampline stamp list` against the server on https://host:port, trusting ca.
CommandResult cli_over_tls(TestServer& s, const std::string& ca, const std::string& host) {
    setenv("STAMPLINE_CA_FILE", ca.c_str(), 1);
    CommandResult r = admin_command({"stamp", "list", "--server",
                                     "https://" + host + ":" + std::to_string(s.process().port()),
                                     "--token", s.admin()});
    unsetenv("STAMPLINE_CA_FILE");
    return r;
}

// Polls until `done` holds (5 s at most).
template <class Done>
bool eventually(const Done& done) {
    const auto until = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return done();
}

}  // namespace

TEST_CASE("tls: a client trusting the plant CA made by tls init is served over https with HSTS") {
    TempDir dir;
    const PlantTls tls = plant_tls(dir.file("tls"));
    TestServer s(tls);
    const Reply health = s.api().get("/healthz");
    CHECK(health.status == 200);
    CHECK(health.header("Strict-Transport-Security") == "max-age=31536000");
    CHECK(s.process().stdout_text() ==
          "listening on https://127.0.0.1:" + std::to_string(s.process().port()) + "\n");
    // The API works as over plain HTTP: a sign-off stored and read back.
    s.sheet("TLS1");
    CHECK(s.api().get("/api/v1/units/TLS1/trail", s.admin()).status == 200);
    // Plain HTTP to the TLS port gets no answer.
    CHECK(ApiClient(s.process().port()).get("/healthz").status == 0);
}

TEST_CASE(
    "tls: a web sign-in over https sets a Secure cookie and a form is taken from the https origin "
    "only") {
    TempDir dir;
    const PlantTls tls = plant_tls(dir.file("tls"));
    TestServer s(tls);
    const std::string host = "127.0.0.1:" + std::to_string(s.process().port());
    const auto sign_in = [&](const std::string& origin) {
        return s.api().raw("POST", "/ui/login", "token=" + s.admin(),
                           "application/x-www-form-urlencoded", {{"Origin", origin}});
    };
    const Reply plain_origin = sign_in("http://" + host);
    CHECK(plain_origin.status == 403);
    CHECK(plain_origin.header("Set-Cookie").empty());
    const Reply signed_in = sign_in("https://" + host);
    CHECK(signed_in.status == 303);
    const std::string cookie = signed_in.header("Set-Cookie");
    CHECK(cookie.starts_with("stampline_session="));
    CHECK(contains(cookie, "; Secure"));
    CHECK(contains(cookie, "HttpOnly"));
}

TEST_CASE(
    "tls: the admin CLI is refused by a server whose certificate is from another CA or for "
    "another name, and says which") {
    TempDir dir;
    const PlantTls tls = plant_tls(dir.file("tls"));  // for 127.0.0.1 only
    const PlantTls other = plant_tls(dir.file("other"));
    TestServer s(tls);

    const CommandResult trusted = cli_over_tls(s, tls.ca, "127.0.0.1");
    CHECK_MESSAGE(trusted.exit_code == 0, trusted.err);

    const CommandResult wrong_ca = cli_over_tls(s, other.ca, "127.0.0.1");
    CHECK(wrong_ca.exit_code != 0);
    CHECK_MESSAGE(
        contains(wrong_ca.err, "certificate is not trusted by STAMPLINE_CA_FILE " + other.ca),
        wrong_ca.err);

    // localhost is this machine (127.0.0.1) too, but not a name the certificate carries.
    const CommandResult wrong_host = cli_over_tls(s, tls.ca, "localhost");
    CHECK(wrong_host.exit_code != 0);
    CHECK_MESSAGE(contains(wrong_host.err, "certificate is not for the host in https://localhost"),
                  wrong_host.err);
}

TEST_CASE(
    "tls: after the certificate is replaced and SIGHUP sent, new connections get the new one and "
    "an open connection goes on with the old") {
    TempDir dir;
    const PlantTls first = plant_tls(dir.file("first"));
    const PlantTls second = plant_tls(dir.file("second"));
    fs::create_directories(dir.file("live"));
    const PlantTls live{"", "", dir.file("live/server.crt"), dir.file("live/server.key")};
    const auto install = [&](const PlantTls& from) {
        for (const auto& [src, dst] : {std::pair{from.cert, live.cert}, {from.key, live.key}}) {
            fs::copy_file(src, dst + ".new", fs::copy_options::overwrite_existing);
            fs::rename(dst + ".new", dst);  // as a deployment would: never half a file
        }
    };
    install(first);
    { std::ofstream(dir.file("server.toml")) << "keep_alive_timeout_s = 60\n"; }
    TestServer s(PlantTls{first.ca, "", live.cert, live.key},
                 {"--config", dir.file("server.toml")});
    const int port = s.process().port();
    ApiClient open(port, first.ca);  // one keep-alive connection, made with the first certificate
    REQUIRE(open.get("/healthz").status == 200);

    install(second);
    REQUIRE(kill(s.process().pid(), SIGHUP) == 0);
    CHECK(eventually([&] { return ApiClient(port, second.ca).get("/healthz").status == 200; }));
    CHECK(contains(s.process().stderr_text(), "TLS certificate " + live.cert + " loaded"));
    // A new connection gets the second certificate: the first CA no longer vouches for it.
    CHECK(ApiClient(port, first.ca).get("/healthz").status == 0);
    // The open connection goes on (had it been closed, the client would reconnect, get the
    // second certificate and refuse it).
    CHECK(open.get("/healthz").status == 200);
    CHECK(open.get("/api/v1/stamps", s.admin()).status == 200);

    // A certificate file that cannot be used: logged, and the one in use kept.
    { std::ofstream(live.cert, std::ios::trunc) << "not a certificate\n"; }
    REQUIRE(kill(s.process().pid(), SIGHUP) == 0);
    CHECK(eventually([&] {
        return contains(s.process().stderr_text(), "new connections keep the certificate in use");
    }));
    CHECK(contains(s.process().stderr_text(), "cannot use tls_cert " + live.cert));
    CHECK(ApiClient(port, second.ca).get("/healthz").status == 200);
}

TEST_CASE(
    "tls: a key that is not the certificate's, or a missing file, stops the start naming it") {
    TempDir dir;
    const PlantTls tls = plant_tls(dir.file("tls"));
    const PlantTls other = plant_tls(dir.file("other"));
    const std::string db = dir.file("tls.db");
    REQUIRE(server_command({"init", "--db", db, "--plant", demo_plant_dir()}).exit_code == 0);
    const auto serve = [&](const std::string& cert, const std::string& key) {
        return server_command({"serve", "--db", db, "--plant", demo_plant_dir(), "--port", "0",
                               "--tls-cert", cert, "--tls-key", key});
    };
    const CommandResult mismatch = serve(tls.cert, other.key);
    CHECK(mismatch.exit_code == 2);
    CHECK_MESSAGE(contains(mismatch.err, "cannot use tls_key " + other.key +
                                             ": it is not the key "
                                             "of " +
                                             tls.cert),
                  mismatch.err);
    const CommandResult missing = serve(dir.file("nowhere.crt"), tls.key);
    CHECK(missing.exit_code == 2);
    CHECK_MESSAGE(
        contains(missing.err, "cannot use tls_cert " + dir.file("nowhere.crt") + ": no such file"),
        missing.err);
    const CommandResult half = server_command(
        {"serve", "--db", db, "--plant", demo_plant_dir(), "--port", "0", "--tls-cert", tls.cert});
    CHECK(half.exit_code == 2);
    CHECK(contains(half.err, "TLS needs both tls_cert and tls_key"));
}

}  // namespace stampline::itest
