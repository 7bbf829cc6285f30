#include "terminal_e2e/station_fixture.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "shared/badge_payload.h"
#include "shared/sheet_payload.h"

namespace stampline::e2e {

std::string badge_payload(const std::string& stamp, int issue) {
    Result<std::string> p = encode_badge_payload({stamp, issue});
    REQUIRE(p);
    return *p;
}

std::string sheet_payload(const std::string& serial, const std::string& product,
                          const std::string& order, int version) {
    Result<std::string> p = encode_sheet_payload({serial, product, order, version});
    REQUIRE(p);
    return *p;
}

std::string screenshot_path(const std::string& name) {
    std::filesystem::create_directories(STAMPLINE_SCREENS_DIR);
    return std::string(STAMPLINE_SCREENS_DIR) + "/" + name + ".png";
}

Station::Station(const std::string& station, const std::string& stage,
                 std::vector<std::string> extra, std::vector<std::string> wrapper)
    : station_(station),
      url_("http://127.0.0.1:" + std::to_string(server_.process().port())),
      extra_(std::move(extra)) {
    prepare(stage);
    start_terminal(std::move(wrapper));
}

Station::Station(const itest::PlantTls& tls, const std::string& station, const std::string& stage)
    : server_(tls),
      station_(station),
      url_("https://127.0.0.1:" + std::to_string(server_.process().port())),
      extra_({"--ca-file", tls.ca}) {
    prepare(stage);
    start_terminal();
}

void Station::prepare(const std::string& stage) {
    itest::Reply r = server_.api().post("/api/v1/stamps",
                                        {{"id", kStamp},
                                         {"holder", "Иванов Иван Иванович"},
                                         {"stages", {stage}},
                                         {"attestation_due", "2099-12-31"},
                                         {"pin", kPin}},
                                        server_.admin());
    REQUIRE_MESSAGE(r.status == 201, r.body);
    token_ = server_.token("terminal", station_);
    input_ = std::make_unique<XInput>(xvfb_.display());
}

void Station::start_terminal(std::vector<std::string> wrapper) {
    terminal_.reset();
    terminal_ = std::make_unique<TerminalProcess>(TerminalArgs{
        xvfb_.display(), dir_.path(), url_, token_, station_, extra_, std::move(wrapper)});
    terminal_->wait_for([](const json& s) { return s.value("reference", false); },
                        "reference data loaded");
}

void Station::restart_terminal(std::vector<std::string> wrapper) {
    start_terminal(std::move(wrapper));
}

void Station::sign_in(const std::string& stamp, const std::string& pin) {
    terminal_->wait_for_screen("idle");
    input_->scan(badge_payload(stamp));
    terminal_->wait_for_screen("pin");
    enter_pin(pin);
    const json s = terminal_->wait_for_screen("scan_sheet");
    CHECK(s["session"] == stamp);
}

void Station::enter_pin(const std::string& pin) {
    input_->type_slowly(pin);
    terminal_->wait_for([&](const json& s) { return s["pin"]["digits"] == pin.size(); },
                        "the PIN's digits shown");
    input_->key(keycode::kReturn);
}

json Station::server_trail(const std::string& serial) {
    itest::Reply r = server_.api().get("/api/v1/units/" + serial + "/trail", server_.admin());
    REQUIRE_MESSAGE(r.status == 200, r.body);
    return r.json;
}

}  // namespace stampline::e2e
