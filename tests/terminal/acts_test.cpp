// Acts on the unit card: each is judged by the trail rules here first; only an allowed act is
// sent for recording, and the result turns green only when the outbox confirms it.
#include "tests/terminal/terminal_fixture.h"

namespace stampline::terminal::test {

namespace {

// Signed in as 102 at ST-WIR with SN1 due for WIRING.
struct AtWiring : Terminal {
    AtWiring() {
        up_to_wiring();
        sign_in("102");
        open_unit();
    }
    std::vector<Effect> accept_here(bool frame, bool bolts) {
        act(StartAcceptance{});
        act(SetCheck{0, frame});
        act(SetCheck{1, bolts});
        return act(SubmitAcceptance{});
    }
};

}  // namespace

TEST_CASE("the acceptance form lists the control point of the junction from the previous stage") {
    AtWiring t;
    t.act(StartAcceptance{});
    CHECK(t.state.screen == Screen::Acceptance);
    REQUIRE(t.state.acceptance.has_value());
    CHECK(t.state.acceptance->from_stage == "ASSEMBLY");
    REQUIRE(t.state.acceptance->rows.size() == 2);
    CHECK(t.state.acceptance->rows[0].item.id == "FRAME");
    CHECK(t.state.acceptance->rows[1].item.id == "BOLTS");
    CHECK_FALSE(t.state.acceptance->rows[0].pass.has_value());
}

TEST_CASE("acceptance is not available at the first stage of a route") {
    Terminal t("ST-TZ");
    t.issue();
    t.sign_in("101");
    t.open_unit();
    CHECK(t.state.card->stage == "TZ");
    const auto effects = t.act(StartAcceptance{});
    CHECK(effects.empty());
    CHECK_FALSE(t.state.acceptance.has_value());
    CHECK(t.state.screen == Screen::Result);
    CHECK(t.state.result->message == Message{"refusal.no_control_point", {"TZ"}});
    t.act(DismissResult{});
    CHECK(t.state.screen == Screen::UnitCard);
}

TEST_CASE("an acceptance with unanswered checks is not submitted") {
    AtWiring t;
    t.act(StartAcceptance{});
    t.act(SetCheck{0, true});
    const auto effects = t.act(SubmitAcceptance{});
    CHECK(effects.empty());
    CHECK(t.state.screen == Screen::Acceptance);
    CHECK(t.state.form_error == Message{"form.checks_unanswered", {"1"}});
}

TEST_CASE("an allowed act is sent with a new id, the scanned copy, this station, stage and stamp") {
    AtWiring t;
    t.clock.advance_ms(5000);
    const Event e = t.recorded(t.accept_here(true, true));
    CHECK(e.id.version() == 7);
    CHECK(e.id.v7_time() == Timestamp{kStart.ms + 5000});
    CHECK(e.serial == "SN1");
    CHECK(e.sheet_version == 1);
    CHECK(e.station == "ST-WIR");
    CHECK(e.stage == "WIRING");
    CHECK(e.stamp == "102");
    CHECK(e.actor.empty());
    CHECK(e.terminal_time == Timestamp{kStart.ms + 5000});
    const auto& checks = std::get<StageAccepted>(e.body).checks;
    REQUIRE(checks.size() == 2);
    CHECK(checks[0].item == "FRAME");
    CHECK(checks[0].pass);
}

TEST_CASE("the result turns green only when the outbox confirms the record") {
    AtWiring t;
    const auto effects = t.accept_here(true, true);
    const Event e = t.recorded(effects);
    CHECK(t.state.screen == Screen::Result);
    CHECK(t.state.result->saving);
    CHECK_FALSE(t.state.result->recorded);
    CHECK(t.state.result->message.key == "result.saving");
    CHECK_FALSE(t.state.card->unit.progress("WIRING")->accepted);
    // Saving cannot be dismissed or timed out.
    t.act(DismissResult{});
    t.clock.advance_ms(t.state.settings.result_display_ms);
    t.act(Tick{});
    CHECK(t.state.screen == Screen::Result);

    t.act(Recorded{e.id, Status::ok()});
    CHECK(t.state.result->recorded);
    CHECK_FALSE(t.state.result->saving);
    CHECK(t.state.result->message.key == "result.accepted");
    CHECK(t.state.result->message.args[0] == "WIRING");
    CHECK(t.state.result->message.args[1] == "102");
    CHECK(t.state.result->message.args[2] == "Петров П. П.");
    CHECK(t.state.card->unit.progress("WIRING")->accepted);
    CHECK(t.state.recording.empty());
}

TEST_CASE("an outbox write failure says not saved and leaves the card unchanged") {
    AtWiring t;
    const Event e = t.recorded(t.accept_here(true, true));
    t.act(Recorded{e.id, io_error("disk full")});
    CHECK(t.state.screen == Screen::Result);
    CHECK_FALSE(t.state.result->recorded);
    CHECK(t.state.result->message == Message{"result.not_saved", {}});
    CHECK_FALSE(t.state.card->unit.progress("WIRING")->accepted);
    t.act(DismissResult{});
    CHECK(t.state.screen == Screen::UnitCard);
}

TEST_CASE("a Recorded for an act this terminal is not waiting for is ignored") {
    AtWiring t;
    t.act(Recorded{Uuid{}, Status::ok()});
    CHECK(t.state.screen == Screen::UnitCard);
}

TEST_CASE("a failed check opens the NC form after recording, with the previous stage as origin") {
    AtWiring t;
    const Event e = t.confirm(t.accept_here(true, false));
    CHECK(t.state.result->recorded);
    CHECK(t.state.result->message.key == "result.accepted_failed");
    CHECK(t.state.result->message.args[1] == "1");
    CHECK(t.state.result->back_to == Screen::NcForm);
    CHECK(t.state.card->unit.progress("WIRING")->acceptance_attempts == 1);
    CHECK_FALSE(t.state.card->unit.progress("WIRING")->accepted);
    t.act(DismissResult{});
    CHECK(t.state.screen == Screen::NcForm);
    REQUIRE(t.state.nc_form.has_value());
    CHECK(t.state.nc_form->origin_stage == "ASSEMBLY");
    CHECK(t.state.nc_form->from_failed_check == std::optional<std::string>("BOLTS"));
    CHECK(t.state.nc_form->note == "Болты");
    CHECK(std::get<StageAccepted>(e.body).checks[1].pass == false);
    // The NC it opens is found at the stage's control point.
    t.act(NcPickCode{"DOC-01"});
    const Event nc = t.confirm(t.act(SubmitNc{}));
    CHECK(std::get<NcRaised>(nc.body).found == "control_point");
    CHECK(std::get<NcRaised>(nc.body).origin_stage == "ASSEMBLY");
}

TEST_CASE("a refused act shows the reason in red and records nothing") {
    AtWiring t;
    const auto effects = t.act(StartSignOff{});  // not accepted yet
    CHECK(effects.empty());
    CHECK(t.state.screen == Screen::Result);
    CHECK_FALSE(t.state.result->recorded);
    CHECK_FALSE(t.state.result->saving);
    CHECK(t.state.result->message == Message{"refusal.stage_not_accepted", {"WIRING"}});
    CHECK(t.state.recording.empty());
}

TEST_CASE("a stage out of order is refused naming the previous stage") {
    Terminal t;
    t.issue();
    t.sign("TZ", "101");
    t.sign_in("102");
    t.open_unit();
    t.act(StartAcceptance{});
    CHECK(t.state.screen == Screen::Result);
    CHECK(t.state.result->message == Message{"refusal.stage_out_of_order", {"ASSEMBLY", "WIRING"}});
}

TEST_CASE("the trail rules are checked again when the form is submitted") {
    AtWiring t;
    t.act(StartAcceptance{});
    t.act(SetCheck{0, true});
    t.act(SetCheck{1, true});
    // Meanwhile the stamp was suspended (a fresh reference arrived).
    ReferenceLoaded fresh{*t.state.reference};
    for (StampRecord& s : fresh.reference.stamps)
        if (s.id == "102") s.status = StampStatus::Suspended;
    t.act(fresh);
    const auto effects = t.act(SubmitAcceptance{});
    CHECK(effects.empty());
    CHECK(t.state.result->message == Message{"refusal.stamp_suspended", {"102", "Петров П. П."}});
    CHECK_FALSE(t.state.acceptance.has_value());
}

TEST_CASE("the sign-off records StageSignedOff and the card moves on") {
    AtWiring t;
    t.confirm(t.accept_here(true, true));
    t.act(DismissResult{});
    t.act(StartSignOff{});
    CHECK(t.state.screen == Screen::SignOff);
    const Event e = t.confirm(t.act(ConfirmSignOff{}));
    CHECK(e.kind() == EventKind::StageSignedOff);
    CHECK(e.stage == "WIRING");
    CHECK(t.state.result->message.key == "result.signed_off");
    CHECK(t.state.card->unit.progress("WIRING")->signed_off);
    CHECK(t.state.card->unit.progress("WIRING")->sign_off.stamp == "102");
    CHECK(t.state.card->stage == "WIRING");  // the station's only stage, now done
}

TEST_CASE("a stage already signed off is refused with who signed it and when") {
    AtWiring t;
    t.accept("WIRING", "106");
    t.sign("WIRING", "106");
    t.open_unit();
    t.act(StartSignOff{});
    REQUIRE(t.state.result.has_value());
    CHECK(t.state.result->message.key == "refusal.stage_already_signed");
    CHECK(t.state.result->message.args[0] == "WIRING");
    CHECK(t.state.result->message.args[1] == "106 (Белова Б. Б.)");
}

TEST_CASE("with pin_on_sign_off the sign-off is recorded only after the PIN is verified") {
    AtWiring t;
    t.state.settings.pin_on_sign_off = true;
    t.confirm(t.accept_here(true, true));
    t.act(DismissResult{});
    t.act(StartSignOff{});
    CHECK(t.act(ConfirmSignOff{}).empty());
    CHECK(t.state.form_error == Message{"pin.too_short", {"4"}});
    for (char d : std::string("2468")) t.act(PinDigit{d});
    CHECK(t.state.sign_off_pin == "2468");
    const auto effects = t.act(ConfirmSignOff{});
    const VerifyPin* verify = find_effect<VerifyPin>(effects);
    REQUIRE(verify != nullptr);
    CHECK(verify->stamp == "102");
    CHECK(verify->pin == "2468");
    CHECK(find_effect<Record>(effects) == nullptr);
    CHECK(t.state.sign_off_checking);
    CHECK(t.state.sign_off_pin.empty());

    const auto answered = t.act(PinVerified{"102", true});
    const Event e = t.recorded(answered);
    CHECK(e.kind() == EventKind::StageSignedOff);
    CHECK_FALSE(t.state.sign_off_checking);
}

TEST_CASE("a wrong sign-off PIN records nothing and counts toward the lockout") {
    AtWiring t;
    t.state.settings.pin_on_sign_off = true;
    t.state.settings.pin_max_attempts = 2;
    t.confirm(t.accept_here(true, true));
    t.act(DismissResult{});
    t.act(StartSignOff{});
    t.enter_pin("0000");  // PinSubmit confirms on the sign-off screen
    CHECK(t.state.sign_off_checking);
    CHECK(t.act(PinVerified{"102", false}).empty());
    CHECK(t.state.screen == Screen::SignOff);
    CHECK(t.state.form_error == Message{"pin.wrong", {"1"}});

    t.enter_pin("0000");
    t.act(PinVerified{"102", false});
    CHECK(t.state.screen == Screen::Idle);
    CHECK_FALSE(t.state.session.has_value());
    CHECK(t.state.scan_error.key == "pin.locked_out");
}

TEST_CASE("an open major NC blocks the sign-off") {
    AtWiring t;
    t.accept("WIRING", "102");
    Event nc = t.trail.make(
        NcRaised{"WIR-01", Severity::Major, "ASSEMBLY", 1, "rework", "", "", ""}, "WIRING", "102");
    t.add(nc);
    t.open_unit();
    t.act(StartSignOff{});
    CHECK(t.state.result->message ==
          Message{"refusal.open_blocking_nc", {"WIR-01", "Ошибка монтажа"}});
}

TEST_CASE("the NC form defaults the severity to the code's and records what was chosen") {
    AtWiring t;
    t.act(StartNc{});
    REQUIRE(t.state.screen == Screen::NcForm);
    CHECK(t.state.nc_form->origin_stage == "WIRING");
    CHECK(t.act(SubmitNc{}).empty());
    CHECK(t.state.form_error == Message{"nc.choose_code", {}});

    t.act(NcPickCategory{"WIRING"});
    CHECK(t.state.nc_form->category == "WIRING");
    t.act(NcPickCode{"WIR-01"});
    CHECK(t.state.nc_form->severity == Severity::Major);
    t.act(NcSetSeverity{Severity::Critical});
    t.act(NcSetOrigin{"ASSEMBLY"});
    t.act(NcSetQuantity{3});
    t.act(NcSetDisposition{"rework"});
    t.act(TypeText{"Перепутаны "});
    t.act(TypeText{"жилы"});
    const Event e = t.confirm(t.act(SubmitNc{}));
    const auto& raised = std::get<NcRaised>(e.body);
    CHECK(raised.code == "WIR-01");
    CHECK(raised.severity == Severity::Critical);
    CHECK(raised.origin_stage == "ASSEMBLY");
    CHECK(raised.quantity == 3);
    CHECK(raised.disposition == "rework");
    CHECK(raised.note == "Перепутаны жилы");
    CHECK(raised.found == "during_work");  // opened from the card (F3), not by a failed check
    CHECK(e.stage == "WIRING");
    CHECK(t.state.result->message.key == "result.nc_raised");
    REQUIRE(t.state.card->unit.ncs.size() == 1);
    CHECK(t.state.card->unit.ncs[0].id == e.id);
}

TEST_CASE("picking another category clears a code of the old one") {
    AtWiring t;
    t.act(StartNc{});
    t.act(NcPickCode{"WIR-01"});
    CHECK(t.state.nc_form->category == "WIRING");
    t.act(NcPickCategory{"DOCS"});
    CHECK(t.state.nc_form->code.empty());
    t.act(NcPickCode{"NOPE"});
    CHECK(t.state.nc_form->code.empty());
}

TEST_CASE("an NC origin after the detecting stage cannot be chosen") {
    AtWiring t;
    t.act(StartNc{});
    t.act(NcSetOrigin{"ACCEPT"});
    CHECK(t.state.nc_form->origin_stage == "WIRING");
    CHECK(t.state.form_error == Message{"nc.bad_origin", {"ACCEPT", "WIRING"}});
    t.act(NcSetOrigin{"TZ"});
    CHECK(t.state.nc_form->origin_stage == "TZ");
    CHECK(t.state.form_error.empty());
}

TEST_CASE("an NC quantity below one is refused") {
    AtWiring t;
    t.act(StartNc{});
    t.act(NcSetQuantity{0});
    CHECK(t.state.nc_form->quantity == 1);
    CHECK(t.state.form_error.key == "nc.bad_quantity");
}

TEST_CASE("the note is typed and erased by whole UTF-8 characters") {
    AtWiring t;
    t.act(StartNc{});
    t.act(TypeText{"Жa\n"});  // a control character is not kept
    CHECK(t.state.nc_form->note == "Жa");
    t.act(EraseText{});
    CHECK(t.state.nc_form->note == "Ж");
    t.act(EraseText{});
    CHECK(t.state.nc_form->note.empty());
    t.act(EraseText{});
    CHECK(t.state.nc_form->note.empty());
}

TEST_CASE("an open NC is corrected, and a corrected one verified by another stamp") {
    AtWiring t;
    Event nc = t.trail.make(NcRaised{"DOC-01", Severity::Minor, "WIRING", 1, "", "", "", ""},
                            "WIRING", "102");
    t.add(nc);
    t.open_unit();
    t.act(StartFollowUp{nc.id});
    CHECK(t.state.screen == Screen::NcFollowUp);
    CHECK_FALSE(t.state.follow_up->verification);
    t.act(TypeText{"Паспорт вложен"});
    const Event corrected = t.confirm(t.act(SubmitFollowUp{}));
    CHECK(std::get<NcCorrected>(corrected.body).nc == nc.id);
    CHECK(std::get<NcCorrected>(corrected.body).note == "Паспорт вложен");
    CHECK(t.state.result->message.key == "result.nc_corrected");
    CHECK(t.state.result->message.args[0] == "DOC-01");
    CHECK(t.state.card->unit.nc(nc.id)->status == NcStatus::Corrected);

    // The corrector may not verify.
    t.act(DismissResult{});
    t.act(StartFollowUp{nc.id});
    CHECK(t.state.result->message ==
          Message{"refusal.nc_self_verification", {"102", "Петров П. П."}});

    // Another stamp may.
    t.act(DismissResult{});
    t.act(SignOut{});
    t.sign_in("106");
    t.scan(sheet_text());
    // The server's trail now holds the correction too.
    std::vector<Event> trail = t.events;
    trail.push_back(corrected);
    t.act(UnitLoaded{"SN1", trail, TrailSource::Server});
    t.act(StartFollowUp{nc.id});
    CHECK(t.state.screen == Screen::NcFollowUp);
    CHECK(t.state.follow_up->verification);
    const Event verified = t.confirm(t.act(SubmitFollowUp{}));
    CHECK(std::get<NcVerified>(verified.body).nc == nc.id);
    CHECK(verified.stamp == "106");
    CHECK(t.state.card->unit.nc(nc.id)->status == NcStatus::Verified);
}

TEST_CASE("a follow-up of an NC that is not on the unit is refused") {
    AtWiring t;
    Uuid unknown;
    unknown.bytes[0] = 0x42;
    t.act(StartFollowUp{unknown});
    CHECK(t.state.result->message == Message{"refusal.nc_not_found", {}});
}

TEST_CASE("an act recorded here is not counted twice when the reloaded trail holds it") {
    AtWiring t;
    t.act(StartNc{});
    t.act(NcPickCode{"DOC-01"});
    const Event e = t.confirm(t.act(SubmitNc{}));
    REQUIRE(t.state.card->unit.ncs.size() == 1);
    // A reload read before the act: the act stays on the card.
    t.act(UnitLoaded{"SN1", t.events, TrailSource::Server});
    CHECK(t.state.card->unit.ncs.size() == 1);
    // A reload that holds it (from the outbox or the server): still once.
    std::vector<Event> with = t.events;
    with.push_back(e);
    t.act(UnitLoaded{"SN1", with, TrailSource::Server});
    CHECK(t.state.card->unit.ncs.size() == 1);
}

TEST_CASE("the result returns to the card after result_display_ms, or at once when dismissed") {
    AtWiring t;
    t.confirm(t.accept_here(true, true));
    t.clock.advance_ms(t.state.settings.result_display_ms - 1);
    t.act(Tick{});
    CHECK(t.state.screen == Screen::Result);
    t.clock.advance_ms(1);
    t.act(Tick{});
    CHECK(t.state.screen == Screen::UnitCard);
    CHECK_FALSE(t.state.result.has_value());

    t.act(StartSignOff{});
    t.confirm(t.act(ConfirmSignOff{}));
    t.act(DismissResult{});
    CHECK(t.state.screen == Screen::UnitCard);
}

TEST_CASE("a new scan on the result screen goes on with that scan") {
    AtWiring t;
    t.confirm(t.accept_here(true, true));
    const auto effects = t.scan(sheet_text("SN2"));
    CHECK(find_effect<LoadUnit>(effects) != nullptr);
    CHECK(t.state.screen == Screen::UnitCard);
    CHECK_FALSE(t.state.result.has_value());
}

TEST_CASE("Back from a form returns to the card and drops the form") {
    AtWiring t;
    t.act(StartAcceptance{});
    t.act(Back{});
    CHECK(t.state.screen == Screen::UnitCard);
    CHECK_FALSE(t.state.acceptance.has_value());
    t.act(StartNc{});
    t.act(Back{});
    CHECK(t.state.screen == Screen::UnitCard);
    CHECK_FALSE(t.state.nc_form.has_value());
    t.accept("WIRING", "102");
    t.open_unit();
    t.act(StartSignOff{});
    t.act(PinCancel{});
    CHECK(t.state.screen == Screen::UnitCard);
}

TEST_CASE("form actions on another screen change nothing") {
    AtWiring t;
    CHECK(t.act(SubmitAcceptance{}).empty());
    CHECK(t.act(SubmitNc{}).empty());
    CHECK(t.act(SubmitFollowUp{}).empty());
    CHECK(t.act(ConfirmSignOff{}).empty());
    t.act(SetCheck{0, true});
    t.act(TypeText{"x"});
    CHECK(t.state.screen == Screen::UnitCard);
}

TEST_CASE(
    "another unit's sheet scanned on the acceptance, sign-off or NC screen opens that unit "
    "and records nothing for the first") {
    for (const int screen : {0, 1, 2}) {
        CAPTURE(screen);
        AtWiring t;
        if (screen == 1) {
            t.confirm(t.accept_here(true, true));
            t.act(DismissResult{});
            t.act(StartSignOff{});
            REQUIRE(t.state.screen == Screen::SignOff);
        } else {
            if (screen == 0)
                t.act(StartAcceptance{});
            else
                t.act(StartNc{});
            REQUIRE(t.state.screen == (screen == 0 ? Screen::Acceptance : Screen::NcForm));
        }
        const auto effects = t.scan(sheet_text("SN2"));
        for (const Effect& e : effects) CHECK_FALSE(std::holds_alternative<Record>(e));
        REQUIRE(effects.size() == 1);
        CHECK(std::get<LoadUnit>(effects[0]).serial == "SN2");
        CHECK(t.state.screen == Screen::UnitCard);
        CHECK(t.state.card->sheet.serial == "SN2");
        CHECK_FALSE(t.state.acceptance);
        CHECK_FALSE(t.state.nc_form);
        CHECK(t.state.recording.empty());
    }
}

}  // namespace stampline::terminal::test
