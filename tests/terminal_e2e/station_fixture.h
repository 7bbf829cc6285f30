// One station as the e2e tests use it: the real server with the demo plant, a private Xvfb, the
// real terminal window for one station, and XTEST input into it.
#pragma once
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "integration/test_server.h"
#include "terminal_e2e/terminal_process.h"
#include "terminal_e2e/x_display.h"

namespace stampline::e2e {

// The badge and sheet payloads as printed.
std::string badge_payload(const std::string& stamp, int issue = 1);
std::string sheet_payload(const std::string& serial, const std::string& product,
                          const std::string& order, int version = 1);

// Where tests keep their screenshots: <build>/tests/terminal_e2e/screens/<name>.png.
std::string screenshot_path(const std::string& name);

// An environment variable for the terminals a test starts, restored after it.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value)
            setenv(name, value, 1);
        else
            unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_)
            setenv(name_, old_->c_str(), 1);
        else
            unsetenv(name_);
    }

private:
    const char* name_;
    std::optional<std::string> old_;
};

class Station {
public:
    // Server up, the stamp issued with a PIN and covering `stage`, Xvfb and the terminal started
    // for `station` (with the flags `extra`, under `wrapper` when given), online with the
    // reference loaded.
    Station(const std::string& station, const std::string& stage,
            std::vector<std::string> extra = {}, std::vector<std::string> wrapper = {});
    // The same over TLS: the server serves https:// with tls's certificate and the terminal
    // trusts tls's CA (--ca-file).
    Station(const itest::PlantTls& tls, const std::string& station, const std::string& stage);

    itest::TestServer& server() { return server_; }
    TerminalProcess& terminal() { return *terminal_; }
    XInput& input() { return *input_; }
    const std::string& terminal_display() const { return xvfb_.display(); }  // ":N"
    const std::string& station() const { return station_; }
    const std::string& dir() const { return dir_.path(); }
    const std::string& server_url() const { return url_; }
    const std::string& token() const { return token_; }

    // Starts the terminal again (after kill_hard) with the same outbox, under `wrapper` (e.g.
    // {"/usr/bin/faketime", "-f", "-2d"}: TerminalArgs::wrapper) when given. With the server down
    // it starts offline, from the reference cached in its outbox.
    void restart_terminal(std::vector<std::string> wrapper = {});
    // Badge scanned as key codes, PIN typed on the keyboard like a person, then Enter.
    void sign_in(const std::string& stamp, const std::string& pin);
    // On the PIN screen: the digits typed like a person, and Enter only once the terminal shows
    // them all. A starved X server can stamp keys queued to it with nearly the same time; an
    // Enter that close after the last digit is taken for a scanner's (keyboard_wedge.h) and
    // dropped, which a person's Enter never is.
    void enter_pin(const std::string& pin);
    // The unit's trail as the server holds it (GET as admin).
    json server_trail(const std::string& serial);

    static constexpr const char* kStamp = "017";
    static constexpr const char* kPin = "1701";

private:
    void prepare(const std::string& stage);
    void start_terminal(std::vector<std::string> wrapper = {});

    itest::TestServer server_;
    itest::TempDir dir_;
    std::string station_;
    std::string url_;
    std::string token_;
    std::vector<std::string> extra_;
    Xvfb xvfb_;
    std::unique_ptr<XInput> input_;
    std::unique_ptr<TerminalProcess> terminal_;
};

}  // namespace stampline::e2e
