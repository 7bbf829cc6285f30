#include <doctest/doctest.h>

#include <set>
#include <stdexcept>

#include "mini_plant.h"

using namespace stampline;
using stampline::test::Trail;

namespace {
Refusal refusal_of(Trail& t, const Event& e) {
    return t.record(e).refusal;
}
}  // namespace

TEST_CASE("a unit goes through its whole route with acceptances and sign-offs") {
    Trail t;
    t.up_to_wiring();
    t.accept("WIRING", "102");
    t.sign("WIRING", "102");
    t.accept("ACCEPT", "102");
    t.sign("ACCEPT", "106");
    CHECK(t.state().complete());
    CHECK(t.state().stages[2].sign_off.stamp == "102");
    CHECK(t.state().stages[3].acceptance.stamp == "102");
}

TEST_CASE("an event for a unit without an issued sheet is refused as unknown unit") {
    Trail t;
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "TZ", "101")) == Refusal::UnknownUnit);
}

TEST_CASE("a second sheet issue for the same serial is refused") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(SheetIssued{"P1", "Z2"})) == Refusal::SheetAlreadyIssued);
}

TEST_CASE("a sheet for a product type not in the configuration is refused") {
    Trail t;
    CHECK(refusal_of(t, t.make(SheetIssued{"NOPE", "Z1"})) == Refusal::UnknownProductType);
    CHECK_FALSE(t.state().registered);
}

TEST_CASE("an office act without actor or stamp is refused") {
    Trail t;
    Event e = t.make(SheetIssued{"P1", "Z1"});
    e.actor.clear();
    CHECK(refusal_of(t, e) == Refusal::ActorMissing);
    t.issue();
    Event hold = t.make(UnitHeld{"audit"});
    hold.actor.clear();
    CHECK(refusal_of(t, hold) == Refusal::ActorMissing);
}

TEST_CASE("a scan of a superseded sheet copy is refused naming when and by whom it was replaced") {
    Trail t;
    t.issue();
    Event reprint = t.make(SheetReprinted{2, "sheet lost"});
    reprint.actor = "planner:smirnova";
    t.must(reprint);
    Event old_copy = t.make(StageSignedOff{}, "TZ", "101");
    old_copy.sheet_version = 1;
    Decision d = t.record(old_copy);
    CHECK(d.refusal == Refusal::SheetSuperseded);
    CHECK(d.message.find("planner:smirnova") != std::string::npos);
    CHECK(d.message.find(format_utc(reprint.terminal_time)) != std::string::npos);
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "TZ", "101")) == Refusal::None);
}

TEST_CASE("a sheet version that was never printed is refused") {
    Trail t;
    t.issue();
    Event e = t.make(StageSignedOff{}, "TZ", "101");
    e.sheet_version = 5;
    CHECK(refusal_of(t, e) == Refusal::UnknownSheetVersion);
}

TEST_CASE("a reprint must carry the next sheet version") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(SheetReprinted{3, "lost"})) == Refusal::BadReprintVersion);
    CHECK(refusal_of(t, t.make(SheetReprinted{2, "lost"})) == Refusal::None);
    CHECK(t.state().sheet_version == 2);
}

TEST_CASE("a stage not on the unit's route is refused") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "PAINT", "101", "ST-ASM")) ==
          Refusal::StageNotInRoute);
}

TEST_CASE("an event from a station not in the configuration is refused") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "TZ", "101", "ST-NOWHERE")) ==
          Refusal::UnknownStation);
}

TEST_CASE("a station cannot sign a stage it does not sit at") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "TZ", "101", "ST-ASM")) ==
          Refusal::StationNotAtStage);
}

TEST_CASE("a signed act without a stamp is refused") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "TZ", "")) == Refusal::StampMissing);
}

TEST_CASE("a stamp not in the registry cannot sign") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "TZ", "999")) == Refusal::StampUnknown);
}

TEST_CASE("a suspended stamp cannot sign") {
    Trail t;
    t.up_to_wiring();
    CHECK(refusal_of(t, t.make(StageAccepted{t.all_pass("WIRING")}, "WIRING", "103")) ==
          Refusal::StampSuspended);
}

TEST_CASE("a revoked stamp cannot sign") {
    Trail t;
    t.up_to_wiring();
    CHECK(refusal_of(t, t.make(StageAccepted{t.all_pass("WIRING")}, "WIRING", "104")) ==
          Refusal::StampRevoked);
}

TEST_CASE("a stamp past its attestation date cannot sign") {
    Trail t;
    t.up_to_wiring();
    CHECK(refusal_of(t, t.make(StageAccepted{t.all_pass("WIRING")}, "WIRING", "105")) ==
          Refusal::StampAttestationExpired);
}

TEST_CASE("attestation is judged at the time of the act, so a stamp due today can still sign") {
    Trail t;
    t.up_to_wiring();
    Event e = t.make(StageAccepted{t.all_pass("WIRING")}, "WIRING", "105");
    e.terminal_time = parse_utc("2026-01-01T23:59:59.999Z").value();
    CHECK(t.check(e).allowed());
}

TEST_CASE("a stamp that does not cover the stage cannot sign it") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "TZ", "102")) == Refusal::StampNotCoveringStage);
}

TEST_CASE("a stage cannot be signed off before the previous stage") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "ASSEMBLY", "101")) == Refusal::StageOutOfOrder);
}

TEST_CASE("a stage cannot accept a unit the previous stage has not signed off") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(StageAccepted{t.all_pass("ASSEMBLY")}, "ASSEMBLY", "101")) ==
          Refusal::StageOutOfOrder);
}

TEST_CASE("the first stage of a route has no control point to accept") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(StageAccepted{}, "TZ", "101")) == Refusal::NoControlPoint);
}

TEST_CASE("a stage cannot be signed off before it accepted the unit") {
    Trail t;
    t.issue();
    t.sign("TZ", "101");
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "ASSEMBLY", "101")) == Refusal::StageNotAccepted);
}

TEST_CASE("sign-off without acceptance is allowed when the plant does not require acceptance") {
    Trail t;
    const_cast<Plant&>(t.plant()).rules.require_acceptance = false;
    t.issue();
    t.sign("TZ", "101");
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "ASSEMBLY", "101")) == Refusal::None);
}

TEST_CASE("a stage already signed off cannot be signed again") {
    Trail t;
    t.issue();
    t.sign("TZ", "101");
    Decision d = t.record(t.make(StageSignedOff{}, "TZ", "101"));
    CHECK(d.refusal == Refusal::StageAlreadySigned);
    CHECK(d.message.find("'101'") != std::string::npos);
}

TEST_CASE("a stage that accepted the unit cannot accept it again") {
    Trail t;
    t.up_to_wiring();
    t.accept("WIRING", "102");
    CHECK(refusal_of(t, t.make(StageAccepted{t.all_pass("WIRING")}, "WIRING", "102")) ==
          Refusal::StageAlreadyAccepted);
}

TEST_CASE("a signed-off stage cannot run its control point again") {
    Trail t;
    t.up_to_wiring();
    CHECK(refusal_of(t, t.make(StageAccepted{t.all_pass("ASSEMBLY")}, "ASSEMBLY", "101")) ==
          Refusal::StageAlreadySigned);
}

TEST_CASE("a failed control point is recorded but the stage stays unaccepted until a passing one") {
    Trail t;
    t.up_to_wiring();
    auto checks = t.all_pass("WIRING");
    checks[1].pass = false;
    CHECK(refusal_of(t, t.make(StageAccepted{checks}, "WIRING", "102")) == Refusal::None);
    CHECK_FALSE(t.state().progress("WIRING")->accepted);
    CHECK(t.state().progress("WIRING")->acceptance_attempts == 1);
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "WIRING", "102")) == Refusal::StageNotAccepted);
    t.accept("WIRING", "102");
    CHECK(t.state().progress("WIRING")->accepted);
}

TEST_CASE("an acceptance that leaves a checklist item unanswered is refused") {
    Trail t;
    t.up_to_wiring();
    auto checks = t.all_pass("WIRING");
    checks.pop_back();
    CHECK(refusal_of(t, t.make(StageAccepted{checks}, "WIRING", "102")) ==
          Refusal::ChecklistMissingItem);
}

TEST_CASE("an acceptance answering an item not on the checklist is refused") {
    Trail t;
    t.up_to_wiring();
    auto checks = t.all_pass("WIRING");
    checks.push_back({"COFFEE", true, ""});
    CHECK(refusal_of(t, t.make(StageAccepted{checks}, "WIRING", "102")) ==
          Refusal::ChecklistUnknownItem);
}

TEST_CASE("an acceptance answering one item twice is refused") {
    Trail t;
    t.up_to_wiring();
    auto checks = t.all_pass("WIRING");
    checks.push_back(checks[0]);
    CHECK(refusal_of(t, t.make(StageAccepted{checks}, "WIRING", "102")) ==
          Refusal::ChecklistUnknownItem);
}

TEST_CASE("a held unit cannot be signed off or accepted until released") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(UnitHeld{"audit of documents"})) == Refusal::None);
    Decision d = t.record(t.make(StageSignedOff{}, "TZ", "101"));
    CHECK(d.refusal == Refusal::UnitOnHold);
    CHECK(d.message.find("audit of documents") != std::string::npos);
    CHECK(refusal_of(t, t.make(UnitReleased{"ok"})) == Refusal::None);
    t.sign("TZ", "101");
    CHECK(refusal_of(t, t.make(UnitHeld{"again"})) == Refusal::None);
    CHECK(refusal_of(t, t.make(StageAccepted{t.all_pass("ASSEMBLY")}, "ASSEMBLY", "101")) ==
          Refusal::UnitOnHold);
}

TEST_CASE("a unit already on hold cannot be held again and a free unit cannot be released") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(UnitReleased{""})) == Refusal::UnitNotOnHold);
    t.must(t.make(UnitHeld{"x"}));
    CHECK(refusal_of(t, t.make(UnitHeld{"y"})) == Refusal::UnitOnHold);
}

namespace {
NcRaised nc(std::string code, Severity sev, std::string origin) {
    return NcRaised{std::move(code), sev, std::move(origin), 1, "rework", "", "", ""};
}
}  // namespace

TEST_CASE("an open major nonconformance blocks sign-off until it is corrected") {
    Trail t;
    t.up_to_wiring();
    t.accept("WIRING", "102");
    Event raised = t.make(nc("WIR-01", Severity::Major, "WIRING"), "WIRING", "102");
    t.must(raised);
    Decision d = t.record(t.make(StageSignedOff{}, "WIRING", "102"));
    CHECK(d.refusal == Refusal::OpenBlockingNc);
    CHECK(d.message.find("WIR-01") != std::string::npos);
    t.must(t.make(NcCorrected{raised.id, "rewired"}, "WIRING", "102"));
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "WIRING", "102")) == Refusal::None);
}

TEST_CASE("an open minor nonconformance does not block sign-off") {
    Trail t;
    t.issue();
    t.must(t.make(nc("DOC-01", Severity::Minor, "TZ"), "TZ", "101"));
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "TZ", "101")) == Refusal::None);
}

TEST_CASE("an open major nonconformance does not block when the plant turns blocking off") {
    Trail t;
    const_cast<Plant&>(t.plant()).rules.open_nc_blocks_signoff = false;
    t.issue();
    t.must(t.make(nc("WIR-01", Severity::Critical, "TZ"), "TZ", "101"));
    CHECK(refusal_of(t, t.make(StageSignedOff{}, "TZ", "101")) == Refusal::None);
}

TEST_CASE("a nonconformance with a code not in the catalog is refused") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(nc("XXX-99", Severity::Minor, "TZ"), "TZ", "101")) ==
          Refusal::NcUnknownCode);
}

TEST_CASE("a nonconformance with an unknown disposition is refused") {
    Trail t;
    t.issue();
    NcRaised b = nc("DOC-01", Severity::Minor, "TZ");
    b.disposition = "pray";
    CHECK(refusal_of(t, t.make(b, "TZ", "101")) == Refusal::NcUnknownDisposition);
}

TEST_CASE("a nonconformance whose origin stage is not on the route is refused") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(nc("DOC-01", Severity::Minor, "PAINT"), "TZ", "101")) ==
          Refusal::NcOriginNotInRoute);
}

TEST_CASE("a nonconformance cannot originate in a stage after the one that detected it") {
    Trail t;
    t.issue();
    CHECK(refusal_of(t, t.make(nc("WIR-01", Severity::Major, "WIRING"), "TZ", "101")) ==
          Refusal::NcOriginAfterDetection);
}

TEST_CASE("a nonconformance detected later than its origin is recorded with both stages") {
    Trail t;
    t.up_to_wiring();
    Event raised = t.make(nc("WIR-01", Severity::Major, "ASSEMBLY"), "WIRING", "102");
    t.must(raised);
    REQUIRE(t.state().ncs.size() == 1);
    CHECK(t.state().ncs[0].detected_stage == "WIRING");
    CHECK(t.state().ncs[0].raised.origin_stage == "ASSEMBLY");
    CHECK(t.state().ncs[0].status == NcStatus::Open);
}

TEST_CASE("a correction of a nonconformance that is not on the unit is refused") {
    Trail t;
    t.up_to_wiring();
    Uuid unknown;
    unknown.bytes[0] = 0xEE;
    CHECK(refusal_of(t, t.make(NcCorrected{unknown, ""}, "WIRING", "102")) == Refusal::NcNotFound);
    CHECK(refusal_of(t, t.make(NcVerified{unknown, ""}, "WIRING", "102")) == Refusal::NcNotFound);
}

TEST_CASE("a corrected nonconformance cannot be corrected again") {
    Trail t;
    t.up_to_wiring();
    Event raised = t.make(nc("WIR-01", Severity::Major, "WIRING"), "WIRING", "102");
    t.must(raised);
    t.must(t.make(NcCorrected{raised.id, ""}, "WIRING", "102"));
    CHECK(refusal_of(t, t.make(NcCorrected{raised.id, ""}, "WIRING", "102")) == Refusal::NcNotOpen);
}

TEST_CASE("an open nonconformance cannot be verified before it is corrected") {
    Trail t;
    t.up_to_wiring();
    Event raised = t.make(nc("WIR-01", Severity::Major, "WIRING"), "WIRING", "102");
    t.must(raised);
    CHECK(refusal_of(t, t.make(NcVerified{raised.id, ""}, "WIRING", "106")) ==
          Refusal::NcNotCorrected);
}

TEST_CASE("the stamp that signed a correction cannot verify it, another stamp can") {
    Trail t;
    t.up_to_wiring();
    Event raised = t.make(nc("WIR-01", Severity::Major, "WIRING"), "WIRING", "102");
    t.must(raised);
    t.must(t.make(NcCorrected{raised.id, ""}, "WIRING", "102"));
    CHECK(refusal_of(t, t.make(NcVerified{raised.id, ""}, "WIRING", "102")) ==
          Refusal::NcSelfVerification);
    CHECK(refusal_of(t, t.make(NcVerified{raised.id, "ok"}, "WIRING", "106")) == Refusal::None);
    CHECK(t.state().ncs[0].status == NcStatus::Verified);
    CHECK(refusal_of(t, t.make(NcVerified{raised.id, ""}, "WIRING", "106")) ==
          Refusal::NcNotCorrected);
}

TEST_CASE("a refused event changes nothing in the derived state") {
    Trail t;
    t.issue();
    const UnitState before = t.state();
    CHECK_FALSE(t.record(t.make(StageSignedOff{}, "ASSEMBLY", "101")).allowed());
    CHECK(t.state().current_index() == before.current_index());
    CHECK(t.state().stages[1].signed_off == false);
}

TEST_CASE("the derived state names the current stage, who signed each done stage, and open NCs") {
    Trail t;
    t.up_to_wiring();
    t.must(t.make(nc("DOC-01", Severity::Minor, "TZ"), "ASSEMBLY", "101"));
    const UnitState& s = t.state();
    CHECK(s.current_index() == 2);
    CHECK(s.stages[s.current_index()].stage == "WIRING");
    CHECK(s.stages[0].sign_off.stamp == "101");
    CHECK(s.stages[0].sign_off.station == "ST-TZ");
    CHECK(s.open_nc_count() == 1);
    CHECK_FALSE(s.complete());
}

TEST_CASE("every refusal has a distinct snake_case code") {
    std::set<std::string> codes;
    for (int r = 0; r <= static_cast<int>(Refusal::InvalidIdentity); ++r) {
        std::string c = refusal_code(static_cast<Refusal>(r));
        CHECK(c != "unknown");
        CHECK(codes.insert(c).second);
    }
}

TEST_CASE(
    "a name an event carries that breaks the identity rule is refused before any other rule") {
    Trail t;
    t.issue();
    Event e = t.make(StageSignedOff{}, "TZ", "101");
    e.serial += "\u202E";
    CHECK(refusal_of(t, e) == Refusal::InvalidIdentity);
    e = t.make(StageSignedOff{}, "TZ", "1\u200B01");
    const Decision d = t.check(e);
    CHECK(d.refusal == Refusal::InvalidIdentity);
    CHECK(d.message.find("U+200B") != std::string::npos);
    CHECK(d.message.find("\u200B") == std::string::npos);
}

TEST_CASE("a terminal's act is trusted only within the bounds on its clock") {
    Trail t;  // the mini plant's defaults: 7 days offline, 300 s ahead, 300 s behind
    t.issue();
    const Event issued = t.make(StageSignedOff{}, "TZ", "101");
    const Timestamp received{issued.terminal_time.ms + 1000};
    UnitState unit = t.state();
    unit.last_act_at = issued.terminal_time;
    auto at = [&](std::int64_t offset_ms) {
        Event e = issued;
        e.terminal_time = Timestamp{received.ms + offset_ms};
        return check_act_time(t.plant(), unit, e, received).refusal;
    };
    CHECK(at(0) == Refusal::None);
    CHECK(at(300'000) == Refusal::None);
    CHECK(at(300'001) == Refusal::ClockAhead);
    CHECK(at(-1000 - 300'000) == Refusal::None);  // 300 s before the unit's last act
    CHECK(at(-1000 - 300'001) == Refusal::ClockBehindUnit);
    CHECK(at(-7LL * 86'400'000 - 1) == Refusal::OfflineTooLong);
    UnitState unknown;  // nothing to be behind of
    Event old = issued;
    old.terminal_time = Timestamp{received.ms - 3'600'000};
    CHECK(check_act_time(t.plant(), unknown, old, received).allowed());
}

TEST_CASE("the bounds and the attestation are judged at the corrected time when the act has one") {
    Trail t;
    t.issue();
    Event e = t.make(StageSignedOff{}, "TZ", "101");
    const Timestamp received{e.terminal_time.ms + 1000};
    UnitState unit = t.state();
    unit.last_act_at = e.terminal_time;
    // The terminal's clock runs 10 minutes ahead; it measured that and corrected the act.
    e.terminal_time = Timestamp{received.ms + 600'000};
    CHECK(check_act_time(t.plant(), unit, e, received).refusal == Refusal::ClockAhead);
    e.corrected_time = received;
    CHECK(check_act_time(t.plant(), unit, e, received).allowed());
    // A corrected time itself out of bounds is refused, and the message shows both clocks.
    e.corrected_time = Timestamp{received.ms - 8LL * 86'400'000};
    const Decision d = check_act_time(t.plant(), unit, e, received);
    CHECK(d.refusal == Refusal::OfflineTooLong);
    CHECK(d.message.find("on the terminal's clock") != std::string::npos);

    // Attestation: due on the day of the corrected time, expired on the terminal's own day.
    StampRecord stamp = t.stamps().at("101");
    Event signed_act = t.make(StageSignedOff{}, "TZ", "101");
    stamp.attestation_due = date_of(signed_act.terminal_time);
    signed_act.terminal_time = Timestamp{signed_act.terminal_time.ms + 2 * 86'400'000};
    CHECK(check_event(t.plant(), t.state(), &stamp, signed_act).refusal ==
          Refusal::StampAttestationExpired);
    signed_act.corrected_time = Timestamp{signed_act.terminal_time.ms - 2 * 86'400'000};
    CHECK(check_event(t.plant(), t.state(), &stamp, signed_act).allowed());
}
