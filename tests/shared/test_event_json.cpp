#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <vector>

#include "shared/canonical_event.h"
#include "shared/event_json.h"

using namespace stampline;
using nlohmann::json;

namespace {

Uuid uuid(const char* text) {
    auto id = parse_uuid(text);
    REQUIRE(id);
    return *id;
}

Timestamp utc(const char* text) {
    auto t = parse_utc(text);
    REQUIRE(t);
    return *t;
}

// An event with every common field set to a value other than its default.
Event make_event(EventBody body) {
    Event e;
    e.id = uuid("0192f3a4-5b6c-7def-8123-456789abcdef");
    e.serial = "KSO-000123";
    e.sheet_version = 3;
    e.station = "ST-WIR-1";
    e.stage = "WIRING";
    e.stamp = "017";
    e.actor = "auditor:petrova";
    e.terminal_time = utc("2026-11-29T14:19:38.123Z");
    e.body = std::move(body);
    return e;
}

// One event of each type, every type field set to a value other than its default.
std::vector<Event> one_of_each() {
    const Uuid nc = uuid("01a227ac-fd0b-7005-8000-000000000005");
    return {
        make_event(SheetIssued{"KSO298", "ЗК-2026/117"}),
        make_event(SheetReprinted{4, "лист испачкан маслом"}),
        make_event(
            StageAccepted{{{"docs", true, ""}, {"torque", false, "болт M8 \"не дотянут\""}}}),
        make_event(StageSignedOff{}),
        make_event(
            NcRaised{"WIR-03", Severity::Critical, "ASSEMBLY", 7, "rework", "фазы A и C", "", ""}),
        make_event(NcCorrected{nc, "фазировка исправлена"}),
        make_event(NcVerified{nc, "проверено"}),
        make_event(UnitHeld{"нет протокола"}),
        make_event(UnitReleased{"протокол найден"}),
    };
}

std::set<std::string> keys_of(const json& j) {
    std::set<std::string> keys;
    for (const auto& item : j.items()) keys.insert(item.key());
    return keys;
}

std::string read_golden(const std::string& name) {
    std::ifstream in(std::string(STAMPLINE_TEST_DATA) + "/events/" + name + ".json",
                     std::ios::binary);
    REQUIRE(in);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

// A valid event of the given type as JSON, for the refusal tests to spoil.
json valid_json(const char* type) {
    for (const Event& e : one_of_each()) {
        if (std::string(event_kind_name(e.kind())) == type) return event_to_json(e);
    }
    FAIL("no sample event of type " << type);
    return {};
}

std::string refusal(const json& j) {
    auto e = event_from_json(j);
    REQUIRE_FALSE(e);
    CHECK(e.error().code() == Code::InvalidArgument);
    return e.error().message();
}

std::string text_refusal(std::string_view text) {
    auto e = parse_event_text(text);
    REQUIRE_FALSE(e);
    CHECK(e.error().code() == Code::InvalidArgument);
    return e.error().message();
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("every event type round-trips through JSON with every field written") {
    const std::set<std::string> common = {"v",       "id",    "type",  "serial", "sheet_version",
                                          "station", "stage", "stamp", "actor",  "terminal_time"};
    const std::map<std::string, std::set<std::string>> body_keys = {
        {"sheet_issued", {"product_type", "order"}},
        {"sheet_reprinted", {"new_version", "reason"}},
        {"stage_accepted", {"checks"}},
        {"stage_signed_off", {}},
        {"nc_raised", {"code", "severity", "origin_stage", "quantity", "disposition", "note"}},
        {"nc_corrected", {"nc", "note"}},
        {"nc_verified", {"nc", "note"}},
        {"unit_held", {"reason"}},
        {"unit_released", {"note"}},
    };
    for (const Event& original : one_of_each()) {
        const std::string type = event_kind_name(original.kind());
        CAPTURE(type);
        REQUIRE(validate_event(original));
        const json j = event_to_json(original);
        std::set<std::string> expected = common;
        expected.insert(body_keys.at(type).begin(), body_keys.at(type).end());
        CHECK(keys_of(j) == expected);

        auto decoded = event_from_json(j);
        REQUIRE_MESSAGE(decoded, decoded.status().to_string());
        CHECK(decoded->kind() == original.kind());
        CHECK(decoded->id == original.id);
        CHECK(decoded->serial == original.serial);
        CHECK(decoded->sheet_version == original.sheet_version);
        CHECK(decoded->station == original.station);
        CHECK(decoded->stage == original.stage);
        CHECK(decoded->stamp == original.stamp);
        CHECK(decoded->actor == original.actor);
        CHECK(decoded->terminal_time == original.terminal_time);
        CHECK(event_to_json(*decoded) == j);  // includes every type field
        CHECK(canonical_event(*decoded) == canonical_event(original));

        auto reparsed = parse_event_text(canonical_event(original));
        REQUIRE_MESSAGE(reparsed, reparsed.status().to_string());
        CHECK(canonical_event(*reparsed) == canonical_event(original));
    }
}

TEST_CASE("event type fields survive the round trip") {
    const auto events = one_of_each();
    std::vector<Event> back;
    for (const Event& e : events) {
        auto d = parse_event_text(canonical_event(e));
        REQUIRE(d);
        back.push_back(*d);
    }
    CHECK(std::get<SheetIssued>(back[0].body).order == "ЗК-2026/117");
    CHECK(std::get<SheetReprinted>(back[1].body).new_version == 4);
    const auto& accepted = std::get<StageAccepted>(back[2].body);
    REQUIRE(accepted.checks.size() == 2);
    CHECK(accepted.checks[1].item == "torque");
    CHECK_FALSE(accepted.checks[1].pass);
    CHECK(accepted.checks[1].note == "болт M8 \"не дотянут\"");
    CHECK_FALSE(accepted.all_passed());
    const auto& nc = std::get<NcRaised>(back[4].body);
    CHECK(nc.severity == Severity::Critical);
    CHECK(nc.quantity == 7);
    CHECK(nc.origin_stage == "ASSEMBLY");
    CHECK(nc.disposition == "rework");
    CHECK(std::get<NcCorrected>(back[5].body).nc == uuid("01a227ac-fd0b-7005-8000-000000000005"));
    CHECK(std::get<NcVerified>(back[6].body).note == "проверено");
    CHECK(std::get<UnitHeld>(back[7].body).reason == "нет протокола");
}

TEST_CASE("the canonical event form is compact, key-sorted and byte-stable") {
    Event e;
    e.id = uuid("0192f3a4-5b6c-7def-8123-456789abcdef");
    e.serial = "KSO-000123";
    e.station = "ST-ASM-1";
    e.stage = "ASSEMBLY";
    e.stamp = "017";
    e.terminal_time = utc("2026-11-29T14:19:38.123Z");
    e.body = StageSignedOff{};
    const std::string golden =
        R"({"actor":"","id":"0192f3a4-5b6c-7def-8123-456789abcdef","serial":"KSO-000123",)"
        R"("sheet_version":1,"stage":"ASSEMBLY","stamp":"017","station":"ST-ASM-1",)"
        R"("terminal_time":"2026-11-29T14:19:38.123Z","type":"stage_signed_off","v":1})";
    CHECK(canonical_event(e) == golden);
    CHECK(canonical_event(e) == canonical_event(e));

    // The same event sent with other key order, whitespace, omitted defaults and an uppercase id.
    auto loose = parse_event_text(R"({ "v": 1, "type": "stage_signed_off",
        "id": "0192F3A4-5B6C-7DEF-8123-456789ABCDEF", "terminal_time": "2026-11-29T14:19:38.123Z",
        "station": "ST-ASM-1", "stage": "ASSEMBLY", "stamp": "017", "serial": "KSO-000123",
        "sheet_version": 1 })");
    REQUIRE_MESSAGE(loose, loose.status().to_string());
    CHECK(canonical_event(*loose) == golden);
}

TEST_CASE("the canonical event form writes UTF-8 as is and escapes only quote and backslash") {
    Event e = make_event(UnitHeld{R"(печать "017" \ 5/5)"});
    const std::string text = canonical_event(e);
    CHECK(contains(text, R"("reason":"печать \"017\" \\ 5/5")"));
}

TEST_CASE("golden event files of every type decode and re-encode to the same bytes") {
    for (const char* name :
         {"sheet_issued", "sheet_reprinted", "stage_accepted", "stage_signed_off", "nc_raised",
          "nc_corrected", "nc_verified", "unit_held", "unit_released"}) {
        CAPTURE(name);
        const std::string text = read_golden(name);
        auto e = parse_event_text(text);
        REQUIRE_MESSAGE(e, e.status().to_string());
        CHECK(std::string(event_kind_name(e->kind())) == name);
        CHECK(canonical_event(*e) == text);
    }
}

TEST_CASE("omitted optional event fields default to empty strings and are written out") {
    auto e = parse_event_text(
        R"({"v":1,"type":"nc_raised","id":"0192f3a4-5b6c-7def-8123-456789abcdef",)"
        R"("serial":"KSO-1","sheet_version":1,"terminal_time":"2026-11-29T14:19:38Z",)"
        R"("code":"WIR-03","severity":"minor","origin_stage":"WIRING","quantity":1,)"
        R"("disposition":"rework"})");
    REQUIRE_MESSAGE(e, e.status().to_string());
    CHECK(e->station.empty());
    CHECK(e->stamp.empty());
    CHECK(std::get<NcRaised>(e->body).note.empty());
    const std::string text = canonical_event(*e);
    CHECK(contains(text, R"("actor":"")"));
    CHECK(contains(text, R"("note":"")"));
    CHECK(contains(text, R"("terminal_time":"2026-11-29T14:19:38.000Z")"));

    auto checks = parse_event_text(
        R"({"v":1,"type":"stage_accepted","id":"0192f3a4-5b6c-7def-8123-456789abcdef",)"
        R"("serial":"KSO-1","sheet_version":1,"terminal_time":"2026-11-29T14:19:38Z",)"
        R"("checks":[{"item":"docs","pass":true}]})");
    REQUIRE_MESSAGE(checks, checks.status().to_string());
    CHECK(
        contains(canonical_event(*checks), R"("checks":[{"item":"docs","note":"","pass":true}])"));
}

TEST_CASE("an event of another protocol version is refused with both versions named") {
    json j = valid_json("stage_signed_off");
    j["v"] = 2;
    CHECK(refusal(j) == "unsupported protocol version 2 (this build speaks 1)");
    j["v"] = 0;
    CHECK(refusal(j) == "unsupported protocol version 0 (this build speaks 1)");
    j["v"] = "1";
    CHECK(refusal(j) == "field 'v' must be an integer (got string)");
    j.erase("v");
    CHECK(refusal(j) == "missing required field 'v'");
}

TEST_CASE("an unknown event type is refused") {
    json j = valid_json("stage_signed_off");
    j["type"] = "stage_blessed";
    CHECK(refusal(j) == "unknown event type 'stage_blessed'");
    j["type"] = 3;
    CHECK(refusal(j) == "field 'type' must be a string (got number)");
    j.erase("type");
    CHECK(refusal(j) == "missing required field 'type'");
}

TEST_CASE("an unknown field is refused with the field and event type named") {
    json j = valid_json("stage_signed_off");
    j["foo"] = 1;
    CHECK(refusal(j) == "unknown field 'foo' in stage_signed_off event");

    json other_type = valid_json("stage_signed_off");
    other_type["quantity"] = 1;  // a field of nc_raised, not of stage_signed_off
    CHECK(refusal(other_type) == "unknown field 'quantity' in stage_signed_off event");

    json check = valid_json("stage_accepted");
    check["checks"][1]["weight"] = 5;
    CHECK(refusal(check) == "unknown field 'checks[1].weight' in stage_accepted event");
}

TEST_CASE("an event missing a required field is refused by name") {
    for (const char* field : {"id", "serial", "sheet_version", "terminal_time"}) {
        CAPTURE(field);
        json j = valid_json("stage_signed_off");
        j.erase(field);
        CHECK(refusal(j) ==
              "missing required field '" + std::string(field) + "' in stage_signed_off event");
    }
    json nc = valid_json("nc_raised");
    nc.erase("quantity");
    CHECK(refusal(nc) == "missing required field 'quantity' in nc_raised event");
    json check = valid_json("stage_accepted");
    check["checks"][0].erase("pass");
    CHECK(refusal(check) == "missing required field 'checks[0].pass' in stage_accepted event");
}

TEST_CASE("an id that is not a UUIDv7 is refused") {
    json j = valid_json("stage_signed_off");
    j["id"] = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
    CHECK(refusal(j) == "field 'id' in stage_signed_off event must be a UUIDv7 (got version 4)");
    j["id"] = "0192f3a4-5b6c-7def-c123-456789abcdef";  // variant 110
    CHECK(contains(refusal(j), "must be a UUIDv7 (got variant bits other than 10)"));
    j["id"] = "00000000-0000-0000-0000-000000000000";
    CHECK(contains(refusal(j), "(got version 0)"));
    j["id"] = "not-a-uuid";
    CHECK(contains(refusal(j), "field 'id' in stage_signed_off event: 'not-a-uuid' is not a UUID"));

    json nc = valid_json("nc_corrected");
    nc["nc"] = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
    CHECK(refusal(nc) == "field 'nc' in nc_corrected event must be a UUIDv7 (got version 4)");
}

TEST_CASE("a terminal time that does not parse is refused") {
    json j = valid_json("stage_signed_off");
    for (const char* bad : {"2026-11-31T10:00:00Z", "2026-11-29 14:19:38Z", "yesterday", ""}) {
        CAPTURE(bad);
        j["terminal_time"] = bad;
        CHECK(contains(refusal(j), "field 'terminal_time' in stage_signed_off event: '"));
    }
    j["terminal_time"] = 1795961978123;
    CHECK(refusal(j) ==
          "field 'terminal_time' in stage_signed_off event must be a string (got number)");

    Event far = make_event(StageSignedOff{});
    far.terminal_time.ms = 300000000000000;  // year 11476
    CHECK(validate_event(far).message() ==
          "field 'terminal_time' in stage_signed_off event lies outside the years 0001..9999");
}

TEST_CASE("over-long event strings and too many checks are refused") {
    json j = valid_json("nc_raised");
    j["note"] = std::string(2000, 'x');
    CHECK(event_from_json(j));
    j["note"] = std::string(2001, 'x');
    CHECK(refusal(j) == "field 'note' in nc_raised event is 2001 bytes long (at most 2000)");

    json cyrillic = valid_json("unit_held");
    cyrillic["reason"] = std::string(1000, 'x') + "я";  // limits count bytes, not characters
    CHECK(event_from_json(cyrillic));
    cyrillic["reason"] = std::string(1999, 'x') + "я";
    CHECK(refusal(cyrillic) ==
          "field 'reason' in unit_held event is 2001 bytes long (at most 2000)");

    json serial = valid_json("stage_signed_off");
    serial["serial"] = std::string(64, 'S');
    CHECK(event_from_json(serial));
    serial["serial"] = std::string(65, 'S');
    CHECK(refusal(serial) ==
          "field 'serial' in stage_signed_off event is 65 bytes long (at most 64)");
    serial["serial"] = "";
    CHECK(refusal(serial) == "field 'serial' in stage_signed_off event must not be empty");

    json stamp = valid_json("stage_signed_off");
    stamp["stamp"] = std::string(65, '7');
    CHECK(contains(refusal(stamp), "field 'stamp'"));

    json checks = valid_json("stage_accepted");
    json many = json::array();
    for (int i = 0; i < 101; ++i)
        many.push_back({{"item", "c" + std::to_string(i)}, {"pass", true}});
    checks["checks"] = many;
    CHECK(refusal(checks) == "field 'checks' in stage_accepted event has 101 items (at most 100)");
    many.erase(many.end() - 1);
    checks["checks"] = many;
    CHECK(event_from_json(checks));
    checks["checks"][99]["note"] = std::string(2001, 'n');
    CHECK(refusal(checks) ==
          "field 'checks[99].note' in stage_accepted event is 2001 bytes long (at most 2000)");
}

TEST_CASE("invalid UTF-8 is refused in event JSON text and in decoded values") {
    const std::string valid = canonical_event(make_event(UnitHeld{"причина"}));
    std::string broken = valid;
    const auto at = broken.find("причина");
    broken[at + 1] = '\x28';  // the second byte of a two-byte sequence becomes '('
    CHECK(contains(text_refusal(broken), "malformed event JSON at byte"));

    json j = valid_json("unit_held");
    j["reason"] = std::string("\xC3\x28");
    CHECK(refusal(j) == "field 'reason' in unit_held event is not valid UTF-8 (byte 1)");
    j["reason"] = std::string("ok\xED\xA0\x80");  // an encoded surrogate
    CHECK(refusal(j) == "field 'reason' in unit_held event is not valid UTF-8 (byte 3)");
    j["reason"] = std::string("\xC0\xAF");  // an overlong '/'
    CHECK(contains(refusal(j), "is not valid UTF-8 (byte 0)"));
    j["reason"] = std::string("\xF4\x90\x80\x80");  // above U+10FFFF
    CHECK(contains(refusal(j), "is not valid UTF-8"));
    j["reason"] = std::string("\xE2\x82");  // cut short
    CHECK(contains(refusal(j), "is not valid UTF-8"));
    j["reason"] = "\xF0\x9F\x94\xA7 ok";  // a four-byte character is fine
    CHECK(event_from_json(j));
}

TEST_CASE("control characters are refused in every event string") {
    CHECK(contains(text_refusal(R"({"v":1,"type":"unit_held","id":"0192f3a4-5b6c-7def-8123-)"
                                R"(456789abcdef","serial":"KSO-1","sheet_version":1,)"
                                R"("terminal_time":"2026-11-29T14:19:38Z","reason":"a\u0007b"})"),
                   "field 'reason' in unit_held event contains the control character U+0007 "
                   "(byte 1)"));
    json j = valid_json("stage_accepted");
    j["checks"][0]["note"] = "line one\nline two";
    CHECK(refusal(j) ==
          "field 'checks[0].note' in stage_accepted event contains the control "
          "character U+000A (byte 8)");
    j = valid_json("stage_signed_off");
    j["station"] = std::string("ST\0X", 4);
    CHECK(contains(refusal(j), "control character U+0000"));
    j["station"] = "ST\xC2\x85";  // U+0085, a C1 control
    CHECK(contains(refusal(j), "control character U+0085"));
}

TEST_CASE("an nc_raised event's quantity must be an integer from 1 to 1000000") {
    json j = valid_json("nc_raised");
    j["quantity"] = "3";
    CHECK(refusal(j) == "field 'quantity' in nc_raised event must be an integer (got string)");
    j["quantity"] = 3.0;
    CHECK(refusal(j) == "field 'quantity' in nc_raised event must be an integer (got number)");
    j["quantity"] = 0;
    CHECK(refusal(j) ==
          "field 'quantity' in nc_raised event must be between 1 and 1000000 (got 0)");
    j["quantity"] = -5;
    CHECK(contains(refusal(j), "(got -5)"));
    j["quantity"] = 1000001;
    CHECK(contains(refusal(j), "(got 1000001)"));
    j["quantity"] = 18446744073709551615ull;
    CHECK(contains(refusal(j), "(got 18446744073709551615)"));
    j["quantity"] = 1000000;
    CHECK(event_from_json(j));

    std::string text =
        canonical_event(make_event(NcRaised{"WIR-03", Severity::Minor, "", 7, "", "", "", ""}));
    text.replace(text.find(R"("quantity":7)"), 12, R"("quantity":7.0)");
    CHECK(text_refusal(text) ==
          "field 'quantity' in nc_raised event must be an integer (got number)");
}

TEST_CASE("event sheet versions and other field types are checked") {
    json j = valid_json("stage_signed_off");
    j["sheet_version"] = 0;
    CHECK(contains(refusal(j),
                   "field 'sheet_version' in stage_signed_off event must be between 1 "
                   "and 999 (got 0)"));
    j["sheet_version"] = 1000;
    CHECK(contains(refusal(j), "(got 1000)"));

    json reprint = valid_json("sheet_reprinted");
    reprint["new_version"] = 1;
    CHECK(refusal(reprint) ==
          "field 'new_version' in sheet_reprinted event must be between 2 and 999 (got 1)");

    json nc = valid_json("nc_raised");
    nc["severity"] = "fatal";
    CHECK(refusal(nc) ==
          "field 'severity' in nc_raised event must be minor, major or critical (got 'fatal')");
    nc["severity"] = nullptr;
    CHECK(refusal(nc) == "field 'severity' in nc_raised event must be a string (got null)");

    json check = valid_json("stage_accepted");
    check["checks"][0]["pass"] = 1;
    CHECK(refusal(check) ==
          "field 'checks[0].pass' in stage_accepted event must be a boolean (got number)");
    check["checks"][0] = "docs";
    CHECK(refusal(check) ==
          "field 'checks[0]' in stage_accepted event must be an object (got string)");
    check["checks"] = json::object();
    CHECK(refusal(check) == "field 'checks' in stage_accepted event must be an array (got object)");

    json serial = valid_json("stage_signed_off");
    serial["serial"] = 123;
    CHECK(refusal(serial) ==
          "field 'serial' in stage_signed_off event must be a string (got number)");
    serial["serial"] = "KSO-1";
    serial["actor"] = false;
    CHECK(refusal(serial) ==
          "field 'actor' in stage_signed_off event must be a string (got boolean)");

    CHECK(refusal(json::array()) == "an event must be a JSON object (got array)");
    CHECK(refusal(json("event")) == "an event must be a JSON object (got string)");
}

TEST_CASE("malformed event JSON text is refused with its byte position") {
    CHECK(contains(text_refusal(R"({"v":1,)"), "malformed event JSON at byte"));
    const std::string message = text_refusal(R"({"v":1 "type":"x"})");
    CAPTURE(message);
    // The position counts bytes from 1 up to the end of the token that broke the syntax.
    CHECK(contains(message, "malformed event JSON at byte 13: syntax error"));
    CHECK(contains(text_refusal(""), "malformed event JSON at byte"));
    CHECK(contains(text_refusal(R"({"v":1} trailing)"), "malformed event JSON at byte"));
}

TEST_CASE("a duplicate key in event JSON text is refused") {
    const std::string text = canonical_event(make_event(StageSignedOff{}));
    std::string doubled = text;
    doubled.insert(1, R"("serial":"OTHER",)");
    CHECK(text_refusal(doubled) == "duplicate field 'serial' in event JSON");
}

TEST_CASE("oversized or deeply nested event JSON text is refused before decoding") {
    const std::string big(kMaxEventTextBytes + 1, ' ');
    CHECK(text_refusal(big) == "event text is 1048577 bytes long (at most 1048576)");
    CHECK(contains(text_refusal(std::string(100, '[') + std::string(100, ']')),
                   "levels deep (an event has at most 3)"));
}

TEST_CASE("validate_event refuses an event built in code outside the limits") {
    CHECK(validate_event(make_event(StageSignedOff{})));
    Event e = make_event(SheetIssued{"", "ORD-1"});
    CHECK(validate_event(e).message() ==
          "field 'product_type' in sheet_issued event must not be empty");
    e = make_event(StageAccepted{{{"", true, ""}}});
    CHECK(validate_event(e).message() ==
          "field 'checks[0].item' in stage_accepted event must not be empty");
    e = make_event(NcRaised{"WIR-03", Severity::Minor, "WIRING", 0, "rework", "", "", ""});
    CHECK(validate_event(e).message() ==
          "field 'quantity' in nc_raised event must be between 1 and 1000000 (got 0)");
    e = make_event(StageSignedOff{});
    e.id = Uuid{};
    CHECK(validate_event(e).message() ==
          "field 'id' in stage_signed_off event must be a UUIDv7 (got version 0)");
}

TEST_CASE("canonical_event does not throw on an event holding invalid UTF-8") {
    Event e = make_event(UnitHeld{std::string("\xFF\xFE")});
    std::string text;
    CHECK_NOTHROW(text = canonical_event(e));
    CHECK(contains(text, "\xEF\xBF\xBD"));  // U+FFFD
    CHECK_FALSE(validate_event(e));
}

TEST_CASE("event kinds round-trip through their names and unknown names are refused") {
    for (const Event& e : one_of_each()) {
        EventKind parsed = EventKind::UnitReleased;
        REQUIRE(parse_event_kind(event_kind_name(e.kind()), &parsed));
        CHECK(parsed == e.kind());
    }
    CHECK(std::string(event_kind_name(EventKind::NcRaised)) == "nc_raised");
    EventKind untouched = EventKind::SheetIssued;
    CHECK_FALSE(parse_event_kind("NC_RAISED", &untouched));
    CHECK_FALSE(parse_event_kind("", &untouched));
    CHECK(untouched == EventKind::SheetIssued);
}

TEST_CASE("a stage_accepted event counts as passed only when every check passed") {
    CHECK(StageAccepted{}.all_passed());
    CHECK(StageAccepted{{{"docs", true, ""}, {"torque", true, ""}}}.all_passed());
    CHECK_FALSE(StageAccepted{{{"docs", true, ""}, {"torque", false, ""}}}.all_passed());
}

TEST_CASE("validate_event accepts terminal times from year 0001 to 9999 and no others") {
    Event e = make_event(StageSignedOff{});
    const auto valid_at = [&](std::int64_t ms) {
        e.terminal_time = Timestamp{ms};
        return bool(validate_event(e));
    };
    CHECK_FALSE(valid_at(-62135596800001));  // 0000-12-31T23:59:59.999Z
    CHECK(valid_at(-62135596800000));        // 0001-01-01T00:00:00.000Z
    CHECK(valid_at(253402300799999));        // 9999-12-31T23:59:59.999Z
    CHECK_FALSE(valid_at(253402300800000));  // 10000-01-01
}

TEST_CASE("where an NC was found is optional, written only when recorded, and one of four places") {
    Event e = make_event(NcRaised{"WIR-03", Severity::Minor, "WIRING", 1, "rework", "", "", ""});
    CHECK(canonical_event(e).find("found") == std::string::npos);
    std::get<NcRaised>(e.body).found = "control_point";
    const std::string text = canonical_event(e);
    CHECK(text.find(R"("disposition":"rework","found":"control_point","id":)") !=
          std::string::npos);
    Result<Event> back = parse_event_text(text);
    REQUIRE(back);
    CHECK(std::get<NcRaised>(back->body).found == "control_point");
    std::get<NcRaised>(e.body).found = "somewhere";
    const Status bad = validate_event(e);
    REQUIRE_FALSE(bad);
    CHECK(bad.message().find("found") != std::string::npos);
    CHECK(bad.message().find("control_point, during_work, test, field") != std::string::npos);
}
