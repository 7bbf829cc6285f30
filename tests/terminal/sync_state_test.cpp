// Reports from the sync thread and the shell: sync status, the attention list, the reference, the
// scanner; and the language switch.
#include "tests/terminal/terminal_fixture.h"

namespace stampline::terminal::test {

TEST_CASE("a sync report replaces the sync state and the attention list") {
    Terminal t;
    SyncReport report;
    report.sync.online = true;
    report.sync.outbox_depth = 3;
    report.sync.last_sync = kStart;
    report.attention.push_back({Uuid{}, "SN1", "stage_signed_off", "stamp_revoked", "revoked"});
    t.act(report);
    CHECK(t.state.sync.online);
    CHECK(t.state.sync.outbox_depth == 3);
    REQUIRE(t.state.attention.size() == 1);
    CHECK(t.state.attention[0].reason == "stamp_revoked");

    t.act(SyncReport{});
    CHECK_FALSE(t.state.sync.online);
    CHECK(t.state.attention.empty());
}

TEST_CASE("the attention list opens over any screen and Back returns there") {
    Terminal t;
    t.up_to_wiring();
    t.sign_in("102");
    t.open_unit();
    t.act(StartNc{});
    t.act(ShowAttention{});
    CHECK(t.state.screen == Screen::Attention);
    CHECK(t.state.nc_form.has_value());
    t.act(Back{});
    CHECK(t.state.screen == Screen::NcForm);
}

TEST_CASE("an act confirmed while the attention list is open shows its result on return") {
    Terminal t;
    t.up_to_wiring();
    t.sign_in("102");
    t.open_unit();
    t.act(StartNc{});
    t.act(NcPickCode{"DOC-01"});
    const Event e = t.recorded(t.act(SubmitNc{}));
    t.act(ShowAttention{});
    t.act(Recorded{e.id, Status::ok()});
    CHECK(t.state.screen == Screen::Attention);
    t.act(Back{});
    CHECK(t.state.screen == Screen::Result);
    CHECK(t.state.result->recorded);
}

TEST_CASE("the attention list can be seen without signing in") {
    Terminal t;
    t.act(ShowAttention{});
    CHECK(t.state.screen == Screen::Attention);
    t.act(Back{});
    CHECK(t.state.screen == Screen::Idle);
}

TEST_CASE("ReferenceLoaded replaces the reference and re-derives the open card") {
    Terminal t;
    t.up_to_wiring();
    t.sign_in("102");
    t.open_unit();
    ReferenceLoaded fresh{*t.state.reference};
    fresh.reference.plant.stations[2].stages = {"ACCEPT"};  // ST-WIR moved to ACCEPT
    t.act(fresh);
    CHECK(t.state.reference->plant.station("ST-WIR")->stages == std::vector<std::string>{"ACCEPT"});
    CHECK(t.state.card->stage == "ACCEPT");
}

TEST_CASE("the reference arriving lets a waiting terminal sign in") {
    Terminal t;
    const Reference ref = *t.state.reference;
    t.state.reference.reset();
    t.scan(badge_text("102"));
    CHECK(t.state.scan_error.key == "pin.no_reference");
    t.act(ReferenceLoaded{ref});
    t.scan(badge_text("102"));
    CHECK(t.state.screen == Screen::Pin);
}

TEST_CASE("SetLanguage switches the language of the messages' arguments too") {
    Terminal t;
    t.state.reference->plant.stages[2].name = {"Электромонтаж", "Wiring"};
    t.scan(badge_text("101"));
    CHECK(t.state.scan_error.args[2] == "Электромонтаж");
    t.act(SetLanguage{Language::En});
    CHECK(t.state.settings.language == Language::En);
    t.scan(badge_text("101"));
    CHECK(t.state.scan_error.args[2] == "Wiring");
}

TEST_CASE("a scanner connecting or going away is noted for the status bar") {
    Terminal t;
    t.act(ScannerChanged{true, "usb 0c2e:0b61"});
    CHECK(t.state.scanner_connected);
    CHECK(t.state.scanner_detail == "usb 0c2e:0b61");
    t.act(ScannerChanged{false, "unplugged"});
    CHECK_FALSE(t.state.scanner_connected);
}

TEST_CASE("every reduce reads the clock first") {
    Terminal t;
    t.clock.advance_ms(1234);
    t.act(Tick{});
    CHECK(t.state.now == Timestamp{kStart.ms + 1234});
    CHECK(t.state.last_activity == kStart);
}

}  // namespace stampline::terminal::test
