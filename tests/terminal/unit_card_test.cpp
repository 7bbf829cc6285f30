// Scanning a sheet: refusals that change nothing, the card opened at once, the trail loaded from
// the cache or the server, the provisional state offline, superseded copies.
#include "tests/terminal/terminal_fixture.h"

namespace stampline::terminal::test {

TEST_CASE("a sheet scanned before signing in asks for the badge first") {
    Terminal t;
    const auto effects = t.scan(sheet_text());
    CHECK(effects.empty());
    CHECK(t.state.screen == Screen::Idle);
    CHECK_FALSE(t.state.card.has_value());
    CHECK(t.state.scan_error == Message{"scan.sign_in_first", {}});
}

TEST_CASE("a scanned sheet opens the card at once and asks for the unit's trail") {
    Terminal t;
    t.sign_in("102");
    const auto effects = t.scan(sheet_text("SN1"));
    const LoadUnit* load = find_effect<LoadUnit>(effects);
    REQUIRE(load != nullptr);
    CHECK(load->serial == "SN1");
    CHECK(t.state.screen == Screen::UnitCard);
    REQUIRE(t.state.card.has_value());
    CHECK(t.state.card->sheet == UnitIdentity{"SN1", "P1", "Z1", 1});
    CHECK(t.state.card->loading);
    CHECK_FALSE(t.state.card->loaded);
    CHECK(t.state.card->unit.serial == "SN1");
    CHECK(t.state.card->unit.product_type == "P1");
    CHECK(t.state.card->stage == "WIRING");
}

TEST_CASE("no act starts before the unit's trail has answered") {
    Terminal t;
    t.sign_in("102");
    t.scan(sheet_text());
    t.act(StartAcceptance{});
    t.act(StartSignOff{});
    t.act(StartNc{});
    CHECK(t.state.screen == Screen::UnitCard);
}

TEST_CASE("an unreadable scan quotes what was read and why, and changes nothing else") {
    Terminal t;
    t.up_to_wiring();
    t.sign_in("102");
    t.open_unit();
    const UnitState before = t.state.card->unit;
    std::string misread = sheet_text();
    misread.back() = misread.back() == 'A' ? 'B' : 'A';  // a wrong check character
    misread += "\x1d";
    const auto effects = t.scan(misread);
    CHECK(effects.empty());
    CHECK(t.state.screen == Screen::UnitCard);
    CHECK(t.state.card->unit.stages.size() == before.stages.size());
    REQUIRE(t.state.scan_error.key == "scan.misread");
    REQUIRE(t.state.scan_error.args.size() == 1);
    CHECK(t.state.scan_error.args[0] == misread.substr(0, misread.size() - 1) + "<GS>");
    CHECK(t.state.scan_error_detail.find("check character") != std::string::npos);
}

TEST_CASE("a scan with a Unicode format character is unreadable and quoted without it") {
    // A keyboard-wedge scanner or a pasted text may carry a right-to-left override or a
    // zero-width space: the sheet and badge rules (shared/identity.h) refuse it, and the message
    // shows its bytes, never the character itself.
    for (const std::string mark : {"\u202E", "\u200B", "\uFEFF", "\u2066"}) {
        Terminal t;
        t.sign_in("102");
        std::string text = sheet_text();
        text.insert(8, mark);
        CHECK(t.scan(text).empty());
        CHECK(t.state.screen == Screen::ScanSheet);
        REQUIRE(t.state.scan_error.key == "scan.misread");
        for (const std::string& arg : t.state.scan_error.args)
            CHECK(arg.find(mark) == std::string::npos);
        const std::string& quoted = t.state.scan_error.args[0];
        CHECK_MESSAGE((quoted.find("<0xE2>") != std::string::npos ||
                       quoted.find("<0xEF>") != std::string::npos),
                      quoted);
    }
}

TEST_CASE("a sheet of a product type this plant does not make is refused") {
    Terminal t;
    t.sign_in("102");
    const std::string text = sheet_text("SN9", 1, "NOPE");
    const auto effects = t.scan(text);
    CHECK(effects.empty());
    CHECK(t.state.screen == Screen::ScanSheet);
    CHECK(t.state.scan_error == Message{"scan.unknown_product", {"NOPE", text}});
}

TEST_CASE("a GS1 sheet code opens the card of its unit") {
    Terminal t;
    t.sign_in("102");
    const auto effects = t.scan(
        "]d20104607012345677"
        "21SN7\x1d"
        "10Z7");
    REQUIRE(find_effect<LoadUnit>(effects) != nullptr);
    CHECK(t.state.card->sheet.serial == "SN7");
    CHECK(t.state.card->sheet.product_type == "P1");
}

TEST_CASE("the server's trail becomes the card's unit and names the stage due here") {
    Terminal t;
    t.up_to_wiring();
    t.sign_in("102");
    t.open_unit(TrailSource::Server);
    const UnitCard& card = *t.state.card;
    CHECK(card.loaded);
    CHECK_FALSE(card.loading);
    CHECK(card.source == TrailSource::Server);
    CHECK(card.unit.registered);
    CHECK(card.unit.progress("ASSEMBLY")->signed_off);
    CHECK_FALSE(card.unit.progress("WIRING")->accepted);
    CHECK(card.stage == "WIRING");
}

TEST_CASE("a cached trail keeps the card waiting for the server while it is reachable") {
    Terminal t;
    t.up_to_wiring();
    t.sign_in("102");
    t.state.sync.online = true;
    t.open_unit(TrailSource::Cache);
    CHECK(t.state.card->loading);
    CHECK(t.state.card->source == TrailSource::Cache);
    SyncReport offline;
    offline.sync.online = false;
    t.act(offline);
    CHECK_FALSE(t.state.card->loading);
}

TEST_CASE("a trail for another unit is ignored") {
    Terminal t;
    t.up_to_wiring();
    t.sign_in("102");
    t.scan(sheet_text("SN2"));
    t.act(UnitLoaded{"SN1", t.events, TrailSource::Server});
    CHECK_FALSE(t.state.card->loaded);
    CHECK(t.state.card->sheet.serial == "SN2");
}

TEST_CASE("offline, an unknown unit gets a provisional state with earlier stages assumed done") {
    Terminal t;
    t.sign_in("102");
    t.scan(sheet_text("SN5"));
    t.act(UnitLoaded{"SN5", {}, TrailSource::Unknown});
    const UnitCard& card = *t.state.card;
    CHECK(card.source == TrailSource::Unknown);
    CHECK(card.unit.registered);
    CHECK(card.unit.product_type == "P1");
    CHECK(card.unit.order == "Z1");
    CHECK(card.unit.progress("TZ")->signed_off);
    CHECK(card.unit.progress("ASSEMBLY")->signed_off);
    CHECK(card.unit.progress("ASSEMBLY")->accepted);
    CHECK_FALSE(card.unit.progress("WIRING")->accepted);
    CHECK_FALSE(card.unit.progress("ACCEPT")->signed_off);
    CHECK(card.stage == "WIRING");

    // The control point of this stage can be recorded ...
    t.act(StartAcceptance{});
    CHECK(t.state.screen == Screen::Acceptance);
    t.act(SetCheck{0, true});
    t.act(SetCheck{1, true});
    const auto effects = t.act(SubmitAcceptance{});
    CHECK(find_effect<Record>(effects) != nullptr);
}

TEST_CASE("offline, the provisional state still checks this stage's own order") {
    Terminal t;
    t.sign_in("102");
    t.scan(sheet_text("SN5"));
    t.act(UnitLoaded{"SN5", {}, TrailSource::Cache});
    CHECK(t.state.card->source == TrailSource::Unknown);
    const auto effects = t.act(StartSignOff{});
    CHECK(effects.empty());
    CHECK(t.state.screen == Screen::Result);
    CHECK_FALSE(t.state.result->recorded);
    CHECK(t.state.result->message.key == "refusal.stage_not_accepted");
}

TEST_CASE("offline, acts recorded here earlier apply on top of the provisional state") {
    Terminal t;
    t.sign_in("102");
    t.scan(sheet_text("SN5"));
    t.act(UnitLoaded{"SN5", {}, TrailSource::Unknown});
    t.act(StartAcceptance{});
    t.act(SetCheck{0, true});
    t.act(SetCheck{1, true});
    const Event accepted = t.confirm(t.act(SubmitAcceptance{}));
    // The card is scanned again: the shell answers with the outbox's copy.
    t.scan(sheet_text("SN5"));
    t.act(UnitLoaded{"SN5", {accepted}, TrailSource::Unknown});
    CHECK(t.state.card->unit.progress("WIRING")->accepted);
    t.act(StartSignOff{});
    CHECK(t.state.screen == Screen::SignOff);
}

TEST_CASE("a unit the server does not know is refused as not registered") {
    Terminal t;
    t.sign_in("102");
    t.scan(sheet_text("SN5"));
    t.act(UnitLoaded{"SN5", {}, TrailSource::Server});
    CHECK(t.state.card->source == TrailSource::Server);
    CHECK_FALSE(t.state.card->unit.registered);
    const auto effects = t.act(StartNc{});
    CHECK(effects.empty());
    CHECK(t.state.screen == Screen::Result);
    CHECK(t.state.result->message == Message{"refusal.unknown_unit", {"SN5"}});
}

TEST_CASE("a superseded copy of the sheet is refused with who reprinted it and when") {
    Terminal t;
    t.up_to_wiring();
    Event reprint = t.trail.make(SheetReprinted{2, "torn"});
    reprint.actor = "office:petrova";
    t.add(reprint);
    t.sign_in("102");
    t.open_unit(TrailSource::Server, 1);
    CHECK_FALSE(t.state.card.has_value());
    CHECK(t.state.screen == Screen::Result);
    CHECK_FALSE(t.state.result->recorded);
    CHECK(t.state.result->message ==
          Message{"refusal.sheet_superseded", {"1", "18.11.2026 11:11", "office:petrova", "2"}});
    t.act(DismissResult{});
    CHECK(t.state.screen == Screen::ScanSheet);

    // The current copy works.
    t.open_unit(TrailSource::Server, 2);
    CHECK(t.state.screen == Screen::UnitCard);
    CHECK(t.state.card->unit.sheet_version == 2);
}

TEST_CASE("a station serving two stages acts on the first one not yet signed off") {
    Terminal t("ST-WA");
    t.state.reference->plant.stations.push_back({"ST-WA", {}, {"WIRING", "ACCEPT"}});
    t.up_to_wiring();
    t.sign_in("102");
    t.open_unit();
    CHECK(t.state.card->stage == "WIRING");
    t.accept("WIRING", "102");
    t.sign("WIRING", "102");
    t.open_unit();
    CHECK(t.state.card->stage == "ACCEPT");
    t.accept("ACCEPT", "102");
    t.sign("ACCEPT", "102");
    t.open_unit();
    CHECK(t.state.card->stage == "ACCEPT");  // all done: the last one, for NCs and follow-ups
    t.act(StartSignOff{});
    CHECK(t.state.result->message.key == "refusal.stage_already_signed");
}

TEST_CASE("a unit whose route has no stage of this station can't be acted on here") {
    Terminal t("ST-X");
    t.state.reference->plant.stations.push_back({"ST-X", {}, {"PAINT"}});
    t.state.reference->plant.stages.push_back({"PAINT", {"Окраска", "Paint"}});
    t.stamp("102").stages.push_back("PAINT");
    t.up_to_wiring();
    t.sign_in("102");
    t.open_unit();
    CHECK(t.state.card->stage.empty());
    t.act(StartNc{});
    CHECK(t.state.screen == Screen::Result);
    CHECK(t.state.result->message == Message{"unit.no_stage_here", {"Изделие", "ST-X"}});
}

TEST_CASE("Back goes from the card to the sheet prompt") {
    Terminal t;
    t.up_to_wiring();
    t.sign_in("102");
    t.open_unit();
    t.act(Back{});
    CHECK(t.state.screen == Screen::ScanSheet);
    CHECK_FALSE(t.state.card.has_value());
    CHECK(t.state.session.has_value());
}

TEST_CASE("scanning another sheet from a form drops the form and opens the new card") {
    Terminal t;
    t.up_to_wiring();
    t.sign_in("102");
    t.open_unit();
    t.act(StartAcceptance{});
    const auto effects = t.scan(sheet_text("SN2"));
    CHECK(find_effect<LoadUnit>(effects)->serial == "SN2");
    CHECK_FALSE(t.state.acceptance.has_value());
    CHECK(t.state.screen == Screen::UnitCard);
    CHECK(t.state.card->sheet.serial == "SN2");
}

}  // namespace stampline::terminal::test
