// Signing in and out: badge checks, the PIN pad, wrong PINs and lockouts, the inactivity timeout.
#include "tests/terminal/terminal_fixture.h"

namespace stampline::terminal::test {

TEST_CASE("a valid badge opens the PIN pad for its holder") {
    Terminal t;
    CHECK(t.state.screen == Screen::Idle);
    const auto effects = t.scan(badge_text("102"));
    CHECK(effects.empty());
    CHECK(t.state.screen == Screen::Pin);
    REQUIRE(t.state.pin.has_value());
    CHECK(t.state.pin->badge == BadgeId{"102", 1});
    CHECK(t.state.pin->holder == "Петров П. П.");
    CHECK_FALSE(t.state.session.has_value());
}

TEST_CASE("the PIN is sent to the shell for verification and not kept in the state") {
    Terminal t;
    t.scan(badge_text("102"));
    const auto effects = t.enter_pin("4321");
    const VerifyPin* verify = find_effect<VerifyPin>(effects);
    REQUIRE(verify != nullptr);
    CHECK(verify->stamp == "102");
    CHECK(verify->pin == "4321");
    CHECK(verify->pin_hash == "$argon2id$hash-of-102");
    CHECK(t.state.pin->checking);
    CHECK(t.state.pin->digits.empty());
    // Keys pressed while the PIN is checked are ignored.
    t.act(PinDigit{'7'});
    CHECK(t.state.pin->digits.empty());
}

TEST_CASE("the right PIN signs in and asks for the identification sheet") {
    Terminal t;
    t.scan(badge_text("102"));
    t.enter_pin("1234");
    t.clock.advance_ms(300);
    t.act(PinVerified{"102", true});
    REQUIRE(t.state.session.has_value());
    CHECK(t.state.session->stamp == "102");
    CHECK(t.state.session->holder == "Петров П. П.");
    CHECK(t.state.session->signed_in_at == Timestamp{kStart.ms + 300});
    CHECK(t.state.screen == Screen::ScanSheet);
    CHECK_FALSE(t.state.pin.has_value());
}

TEST_CASE("a PIN shorter than four digits is not sent for verification") {
    Terminal t;
    t.scan(badge_text("102"));
    const auto effects = t.enter_pin("123");
    CHECK(effects.empty());
    CHECK(t.state.pin->error == Message{"pin.too_short", {"4"}});
    CHECK(t.state.pin->digits == "123");
}

TEST_CASE("the PIN pad takes at most eight digits and erases the last one") {
    Terminal t;
    t.scan(badge_text("102"));
    for (char d : std::string("1234567890")) t.act(PinDigit{d});
    CHECK(t.state.pin->digits == "12345678");
    t.act(PinErase{});
    CHECK(t.state.pin->digits == "1234567");
}

TEST_CASE("a wrong PIN clears the pad and says how many attempts are left") {
    Terminal t;
    t.scan(badge_text("102"));
    t.enter_pin("0000");
    t.act(PinVerified{"102", false});
    CHECK(t.state.screen == Screen::Pin);
    CHECK_FALSE(t.state.pin->checking);
    CHECK(t.state.pin->digits.empty());
    CHECK(t.state.pin->error == Message{"pin.wrong", {"4"}});
    CHECK(t.state.pin_failures["102"].failures == 1);
    CHECK_FALSE(t.state.session.has_value());
}

TEST_CASE("a third wrong PIN locks the badge out until the lockout ends") {
    Terminal t;
    t.state.settings.pin_max_attempts = 3;
    t.state.settings.pin_lockout_ms = 10 * 60'000;
    t.state.settings.utc_offset_minutes = 180;  // Moscow: 06:00 UTC is 09:00
    t.scan(badge_text("102"));
    for (int i = 0; i < 3; ++i) {
        t.enter_pin("0000");
        t.act(PinVerified{"102", false});
    }
    CHECK(t.state.screen == Screen::Idle);
    CHECK_FALSE(t.state.pin.has_value());
    CHECK(t.state.scan_error == Message{"pin.locked_out", {"102", "09:10"}});

    // Scanned again during the lockout: refused with the time it ends.
    t.clock.advance_ms(9 * 60'000);
    t.scan(badge_text("102"));
    CHECK(t.state.screen == Screen::Idle);
    CHECK(t.state.scan_error == Message{"pin.locked_out", {"102", "09:10"}});

    // Once it has ended, the badge opens the pad again with a fresh count.
    t.clock.advance_ms(60'000);
    t.scan(badge_text("102"));
    CHECK(t.state.screen == Screen::Pin);
    t.enter_pin("0000");
    t.act(PinVerified{"102", false});
    CHECK(t.state.pin->error == Message{"pin.wrong", {"2"}});
}

TEST_CASE("a lockout concerns only the stamp whose PINs were wrong") {
    Terminal t;
    t.state.settings.pin_max_attempts = 1;
    t.scan(badge_text("102"));
    t.enter_pin("0000");
    t.act(PinVerified{"102", false});
    CHECK(t.state.scan_error.key == "pin.locked_out");
    t.sign_in("106");
    CHECK(t.state.session->stamp == "106");
}

TEST_CASE("the right PIN resets the count of wrong ones") {
    Terminal t;
    t.scan(badge_text("102"));
    t.enter_pin("0000");
    t.act(PinVerified{"102", false});
    t.enter_pin("1234");
    t.act(PinVerified{"102", true});
    CHECK(t.state.session.has_value());
    CHECK(t.state.pin_failures.count("102") == 0);
}

TEST_CASE("a wrong PIN still counts when its pad was cancelled before the answer") {
    Terminal t;
    t.scan(badge_text("102"));
    t.enter_pin("0000");
    t.act(PinCancel{});
    CHECK(t.state.screen == Screen::Idle);
    t.act(PinVerified{"102", false});
    CHECK(t.state.pin_failures["102"].failures == 1);
    CHECK(t.state.screen == Screen::Idle);
    CHECK_FALSE(t.state.session.has_value());
}

TEST_CASE("PinCancel and Back on the PIN pad return to idle") {
    Terminal t;
    t.scan(badge_text("102"));
    t.act(PinCancel{});
    CHECK(t.state.screen == Screen::Idle);
    CHECK_FALSE(t.state.pin.has_value());
    t.scan(badge_text("102"));
    t.act(Back{});
    CHECK(t.state.screen == Screen::Idle);
    CHECK_FALSE(t.state.pin.has_value());
}

TEST_CASE("a badge of a stamp not in the register is refused") {
    Terminal t;
    t.scan(badge_text("999"));
    CHECK(t.state.screen == Screen::Idle);
    CHECK(t.state.scan_error == Message{"pin.unknown_stamp", {"999"}});
}

TEST_CASE("a suspended stamp cannot sign in") {
    Terminal t;
    t.scan(badge_text("103"));
    CHECK(t.state.screen == Screen::Idle);
    CHECK(t.state.scan_error == Message{"pin.suspended", {"103", "Сидоров С. С."}});
}

TEST_CASE("a revoked stamp cannot sign in") {
    Terminal t;
    t.scan(badge_text("104"));
    CHECK(t.state.screen == Screen::Idle);
    CHECK(t.state.scan_error == Message{"pin.revoked", {"104", "Козлов К. К."}});
}

TEST_CASE("a stamp whose attestation is overdue cannot sign in") {
    Terminal t;
    t.scan(badge_text("105"));
    CHECK(t.state.screen == Screen::Idle);
    CHECK(t.state.scan_error ==
          Message{"pin.attestation_expired", {"105", "Орлова О. О.", "01.01.2026"}});
}

TEST_CASE("a stamp can still sign in on its attestation day") {
    Terminal t;
    t.stamp("102").attestation_due = date_of(kStart);
    t.scan(badge_text("102"));
    CHECK(t.state.screen == Screen::Pin);
}

TEST_CASE("a badge older than the stamp's current issue is refused as replaced") {
    Terminal t;
    t.stamp("102").badge_issue = 3;
    t.scan(badge_text("102", 2));
    CHECK(t.state.screen == Screen::Idle);
    CHECK(t.state.scan_error == Message{"pin.badge_superseded", {"102", "2", "3"}});
}

TEST_CASE("a badge newer than the terminal's register is refused until the reference updates") {
    Terminal t;
    t.scan(badge_text("102", 2));
    CHECK(t.state.screen == Screen::Idle);
    CHECK(t.state.scan_error == Message{"pin.badge_unknown_issue", {"102", "2", "1"}});
}

TEST_CASE("a stamp that does not cover this station's stage cannot sign in") {
    Terminal t;                 // ST-WIR: WIRING
    t.scan(badge_text("101"));  // TZ, ASSEMBLY
    CHECK(t.state.screen == Screen::Idle);
    CHECK(t.state.scan_error == Message{"pin.not_covering", {"101", "Иванов И. И.", "WIRING"}});
}

TEST_CASE("a stamp without a PIN cannot sign in") {
    Terminal t;
    t.stamp("102").pin_hash.clear();
    t.scan(badge_text("102"));
    CHECK(t.state.screen == Screen::Idle);
    CHECK(t.state.scan_error == Message{"pin.not_set", {"102", "Петров П. П."}});
}

TEST_CASE("without reference data a badge is refused with a request to connect to the server") {
    Terminal t;
    t.state.reference.reset();
    t.scan(badge_text("102"));
    CHECK(t.state.screen == Screen::Idle);
    CHECK(t.state.scan_error == Message{"pin.no_reference", {}});
}

TEST_CASE("a terminal configured for a station the plant does not have signs nobody in") {
    Terminal t("ST-NOWHERE");
    t.scan(badge_text("102"));
    CHECK(t.state.screen == Screen::Idle);
    CHECK(t.state.scan_error == Message{"refusal.unknown_station", {"ST-NOWHERE"}});
}

TEST_CASE("a refused badge while signed in leaves the session as it was") {
    Terminal t;
    t.sign_in("102");
    t.scan(badge_text("104"));
    CHECK(t.state.session->stamp == "102");
    CHECK(t.state.screen == Screen::ScanSheet);
    CHECK(t.state.scan_error.key == "pin.revoked");
}

TEST_CASE("scanning a badge while signed in signs out and starts a PIN entry for that badge") {
    Terminal t;
    t.up_to_wiring();
    t.sign_in("102");
    t.open_unit();
    t.act(StartAcceptance{});
    t.scan(badge_text("106"));
    CHECK_FALSE(t.state.session.has_value());
    CHECK_FALSE(t.state.card.has_value());
    CHECK_FALSE(t.state.acceptance.has_value());
    CHECK(t.state.screen == Screen::Pin);
    CHECK(t.state.pin->badge.stamp == "106");
}

TEST_CASE("SignOut drops the session and the card") {
    Terminal t;
    t.up_to_wiring();
    t.sign_in("102");
    t.open_unit();
    t.act(SignOut{});
    CHECK(t.state.screen == Screen::Idle);
    CHECK_FALSE(t.state.session.has_value());
    CHECK_FALSE(t.state.card.has_value());
}

TEST_CASE("the session ends after the timeout without worker actions, dropping open forms") {
    Terminal t;
    t.up_to_wiring();
    t.sign_in("102");
    t.open_unit();
    t.act(StartNc{});
    REQUIRE(t.state.screen == Screen::NcForm);
    t.clock.advance_ms(t.state.settings.session_timeout_ms - 1);
    t.act(Tick{});
    CHECK(t.state.screen == Screen::NcForm);
    t.clock.advance_ms(1);
    t.act(Tick{});
    CHECK(t.state.screen == Screen::Idle);
    CHECK_FALSE(t.state.session.has_value());
    CHECK_FALSE(t.state.card.has_value());
    CHECK_FALSE(t.state.nc_form.has_value());
}

TEST_CASE("worker actions keep the session alive, answers and ticks do not") {
    Terminal t;
    t.sign_in("102");
    t.clock.advance_ms(100'000);
    t.act(Tick{});
    t.act(SyncReport{});
    t.act(PinDigit{'1'});  // a worker action, even where it does nothing
    t.clock.advance_ms(100'000);
    t.act(Tick{});
    CHECK(t.state.session.has_value());
    t.clock.advance_ms(20'000);
    t.act(Tick{});
    CHECK_FALSE(t.state.session.has_value());
}

TEST_CASE("an act sent for recording is not undone by the auto sign-out") {
    Terminal t;
    t.up_to_wiring();
    t.sign_in("102");
    t.open_unit();
    t.act(StartNc{});
    t.act(NcPickCode{"WIR-01"});
    const auto effects = t.act(SubmitNc{});
    const Event e = t.recorded(effects);
    t.clock.advance_ms(t.state.settings.session_timeout_ms);
    t.act(Tick{});
    CHECK(t.state.screen == Screen::Idle);
    REQUIRE(t.state.recording.size() == 1);
    CHECK(t.state.recording[0].id == e.id);
    // The outbox confirms it later: nothing to show, nothing undone.
    t.act(Recorded{e.id, Status::ok()});
    CHECK(t.state.recording.empty());
    CHECK(t.state.screen == Screen::Idle);
}

TEST_CASE("the PIN pad times out back to idle as well") {
    Terminal t;
    t.scan(badge_text("102"));
    t.clock.advance_ms(t.state.settings.session_timeout_ms);
    t.act(Tick{});
    CHECK(t.state.screen == Screen::Idle);
    CHECK_FALSE(t.state.pin.has_value());
}

TEST_CASE("a refused scan is shown until the worker does something else") {
    Terminal t;
    t.scan(badge_text("104"));
    CHECK_FALSE(t.state.scan_error.empty());
    t.act(SetLanguage{Language::En});
    CHECK_FALSE(t.state.scan_error.empty());
    t.scan(badge_text("102"));
    CHECK(t.state.scan_error.empty());
}

TEST_CASE("a refusal left on the idle screen clears after the inactivity timeout") {
    Terminal t;
    t.scan(badge_text("104"));
    t.clock.advance_ms(t.state.settings.session_timeout_ms);
    t.act(Tick{});
    CHECK(t.state.scan_error.empty());
    CHECK(t.state.screen == Screen::Idle);
}

}  // namespace stampline::terminal::test
