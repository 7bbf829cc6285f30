#include <doctest/doctest.h>

#include "server/service/tokens.h"
#include "server/service_fixture.h"
#include "shared/scan_payload.h"

using namespace stampline;
using namespace stampline::server;
using stampline::test::ServiceFixture;

TEST_CASE("an issued sheet returns a payload that scans back to the unit") {
    ServiceFixture f;
    auto sheet =
        issue_sheet(*f.store, f.plant, f.clock, f.ids, {"2611000427", "KSO298", "Z26117", "admin"});
    REQUIRE(sheet);
    auto scan = parse_scan(sheet->payload, f.plant);
    REQUIRE(scan);
    CHECK(std::get<SheetScan>(scan->what).unit == sheet->unit);
    CHECK(f.store->trail("2611000427")->size() == 1);
}

TEST_CASE("a second sheet for an existing serial is a conflict and is quarantined") {
    ServiceFixture f;
    f.issue("SN1");
    auto again = issue_sheet(*f.store, f.plant, f.clock, f.ids, {"SN1", "KSO298", "Z1", "admin"});
    REQUIRE_FALSE(again);
    CHECK(again.error().code() == Code::Conflict);
    CHECK(f.store->quarantine_entries(false)->size() == 1);
}

TEST_CASE(
    "a sheet with a product type or serial a payload cannot carry is refused and nothing is "
    "stored") {
    ServiceFixture f;
    CHECK(
        issue_sheet(*f.store, f.plant, f.clock, f.ids, {"SN1", "NOPE", "Z1", "a"}).error().code() ==
        Code::InvalidArgument);
    CHECK(issue_sheet(*f.store, f.plant, f.clock, f.ids, {"SN/1", "KSO298", "Z1", "a"})
              .error()
              .code() == Code::InvalidArgument);
    CHECK(f.store->counts()->events == 0);
}

TEST_CASE("after a reprint the old copy of the sheet is refused as superseded") {
    ServiceFixture f;
    f.add_stamps();
    f.issue("SN1");
    auto reprint = reprint_sheet(*f.store, f.plant, f.clock, f.ids, "SN1", "lost", "planner");
    REQUIRE(reprint);
    CHECK(reprint->unit.sheet_version == 2);
    Event old_copy = f.act("SN1", StageSignedOff{}, "TZ");
    old_copy.sheet_version = 1;
    CHECK(f.post({old_copy})[0].answer.reason == "sheet_superseded");
    Event new_copy = f.act("SN1", StageSignedOff{}, "TZ");
    new_copy.sheet_version = 2;
    CHECK(f.post({new_copy})[0].answer.verdict == Verdict::Accepted);
    CHECK(reprint_sheet(*f.store, f.plant, f.clock, f.ids, "NOPE", "", "x").error().code() ==
          Code::NotFound);
}

TEST_CASE(
    "a stamp goes through issue, suspension, reinstatement and revocation, and a revoked stamp "
    "stays revoked") {
    ServiceFixture f;
    NewStamp s{"017", "Иванов И. И.", {"WIRING"}, Date{2027, 1, 31}, "4321"};
    auto issued = issue_stamp(*f.store, f.plant, s, PinHashParams::fast_for_tests());
    REQUIRE(issued);
    CHECK(verify_pin("4321", issued->pin_hash));
    CHECK(issue_stamp(*f.store, f.plant, s, PinHashParams::fast_for_tests()).error().code() ==
          Code::Conflict);
    CHECK(set_stamp_status(*f.store, "017", StampStatus::Suspended)->status ==
          StampStatus::Suspended);
    CHECK(set_stamp_status(*f.store, "017", StampStatus::Active)->status == StampStatus::Active);
    CHECK(set_stamp_status(*f.store, "017", StampStatus::Revoked)->status == StampStatus::Revoked);
    CHECK(set_stamp_status(*f.store, "017", StampStatus::Active).error().code() == Code::Conflict);
    CHECK(f.store->stamp("017")->value().status == StampStatus::Revoked);
    CHECK(set_stamp_status(*f.store, "999", StampStatus::Active).error().code() == Code::NotFound);
}

TEST_CASE("stamp stages, attestation, PIN and badge issue are changed and validated") {
    ServiceFixture f;
    REQUIRE(issue_stamp(*f.store, f.plant, {"017", "Holder", {"WIRING"}, Date{2027, 1, 31}, ""},
                        PinHashParams::fast_for_tests()));
    CHECK(set_stamp_stages(*f.store, f.plant, "017", {"WIRING", "ADJUST"})->stages.size() == 2);
    CHECK(set_stamp_stages(*f.store, f.plant, "017", {"WELD"}).error().code() ==
          Code::InvalidArgument);
    CHECK(set_stamp_stages(*f.store, f.plant, "017", {}).error().code() == Code::InvalidArgument);
    CHECK(set_stamp_attestation(*f.store, "017", Date{2028, 2, 29})->attestation_due ==
          Date{2028, 2, 29});
    CHECK(set_stamp_pin(*f.store, "017", "12", PinHashParams::fast_for_tests()).error().code() ==
          Code::InvalidArgument);
    auto pinned = set_stamp_pin(*f.store, "017", "987654", PinHashParams::fast_for_tests());
    REQUIRE(pinned);
    CHECK(verify_pin("987654", f.store->stamp("017")->value().pin_hash));
    CHECK(reissue_badge(*f.store, "017")->badge_issue == 2);
    CHECK(issue_stamp(*f.store, f.plant, {"bad id!", "H", {"WIRING"}, Date{2027, 1, 1}, ""},
                      PinHashParams::fast_for_tests())
              .error()
              .code() == Code::InvalidArgument);
}

TEST_CASE("a token authenticates until revoked and only its hash is stored") {
    ServiceFixture f;
    auto token =
        create_token(*f.store, f.plant, f.random, f.clock, Role::Terminal, "ST-WIR-1", "wiring 1");
    REQUIRE(token);
    CHECK(token->secret.rfind("slt_", 0) == 0);
    auto who = authenticate(*f.store, token->secret);
    REQUIRE(who);
    REQUIRE(who->has_value());
    CHECK((*who)->station == "ST-WIR-1");
    CHECK_FALSE(authenticate(*f.store, token->secret + "x")->has_value());
    CHECK_FALSE(f.store->token_by_hash(token->secret)->has_value());
    REQUIRE(f.store->write([&](WriteTxn& t) { return t.revoke_token(token->record.id); }));
    CHECK_FALSE(authenticate(*f.store, token->secret)->has_value());
}

TEST_CASE("a terminal token must be bound to a known station and other roles to none") {
    ServiceFixture f;
    CHECK_FALSE(create_token(*f.store, f.plant, f.random, f.clock, Role::Terminal, "", "x"));
    CHECK_FALSE(create_token(*f.store, f.plant, f.random, f.clock, Role::Terminal, "ST-NOPE", "x"));
    CHECK_FALSE(create_token(*f.store, f.plant, f.random, f.clock, Role::Auditor, "ST-WIR-1", "x"));
    CHECK(create_token(*f.store, f.plant, f.random, f.clock, Role::Admin, "", "x"));
}
