// The bad-input catalog: malformed and hostile requests, each answered with its documented 4xx
// and JSON error, after which the database is unchanged in content (every table's digest and
// row counts), the counts the server reports are unchanged, and `verify` passes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "integration/db_digest.h"
#include "integration/test_server.h"

namespace stampline::itest {

namespace {

struct BadRequest {
    std::string name;
    std::string method;
    std::string path;
    std::string token;         // "" sends no Authorization header
    std::string content_type;  // "" sends no Content-Type
    std::string body;
    int status;
    std::string error;  // the expected "error" code
    std::string field;  // the expected "field", "" when not checked
};

std::string envelope(const json& events) {
    return json{{"v", 1}, {"events", events}}.dump();
}
// {"v":1,"events":[...events]}
std::string batch(const std::vector<json>& events) {
    return envelope(json(events));
}

std::string nested(int depth) {
    return std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']');
}

}  // namespace

TEST_CASE("malformed and hostile requests get their 4xx and change nothing") {
    TestServer s;
    s.sheet("B1");
    s.ensure_walker_stamp();
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    const std::string auditor = s.token("auditor");
    const std::string admin = s.admin();
    EventFactory& ev = s.events();
    const std::string J = "application/json";
    const std::string events = "/api/v1/events";

    // A valid event for terminal ST-TZ-1 (never stored: each case below breaks something).
    const auto good = [&] { return ev.sign_off("B1", "TZ", "ALL"); };
    const auto with = [&](const char* key, const json& value) {
        json e = good();
        e[key] = value;
        return batch({e});
    };

    json note_too_long = ev.make("nc_raised", "B1", "ST-TZ-1", "TZ", "ALL",
                                 {{"code", "DOC-01"},
                                  {"severity", "major"},
                                  {"origin_stage", "TZ"},
                                  {"quantity", 1},
                                  {"disposition", "rework"},
                                  {"note", std::string(2001, 'n')}});
    json negative_quantity = note_too_long;
    negative_quantity["note"] = "";
    negative_quantity["quantity"] = -5;
    json deep_event = good();
    json deep = json::array();
    for (int i = 0; i < 20; ++i) deep = json::array({deep});
    deep_event["stage"] = deep;
    json big_batch = json::array();
    for (int i = 0; i < 501; ++i) big_batch.push_back(good());

    const std::vector<BadRequest> catalog = {
        // JSON syntax and encoding
        {"truncated JSON", "POST", events, terminal, J, R"({"v":1,"events":[)", 400,
         "malformed_json", ""},
        {"trailing garbage", "POST", events, terminal, J, R"({"v":1,"events":[]} x)", 400,
         "malformed_json", ""},
        {"empty body", "POST", events, terminal, J, "", 400, "malformed_json", ""},
        {"a JSON array instead of an object", "POST", events, terminal, J, "[1,2]", 400,
         "bad_request", ""},
        {"invalid UTF-8 byte", "POST", events, terminal, J,
         batch({good()}).replace(batch({good()}).find("B1"), 2, "B\xff"), 400, "malformed_json",
         ""},
        {"overlong UTF-8 encoding", "POST", events, terminal, J,
         batch({good()}).replace(batch({good()}).find("B1"), 2, "B\xc0\xaf"), 400, "malformed_json",
         ""},
        {"lone UTF-16 surrogate escape", "POST", events, terminal, J,
         batch({good()}).replace(batch({good()}).find("B1"), 2, "B\\ud800"), 400, "malformed_json",
         ""},
        {"a key twice in one object", "POST", events, terminal, J, R"({"v":1,"v":1,"events":[]})",
         400, "malformed_json", "v"},
        {"a comment in JSON", "POST", events, terminal, J, R"({"v":1,/*x*/"events":[]})", 400,
         "malformed_json", ""},
        {"NaN literal", "POST", events, terminal, J, R"({"v":NaN,"events":[]})", 400,
         "malformed_json", ""},
        {"nesting 100 levels deep", "POST", events, terminal, J,
         R"({"v":1,"events":)" + nested(100) + "}", 400, "too_deep", ""},
        {"nesting 20 levels inside an event", "POST", events, terminal, J, batch({deep_event}), 400,
         "too_deep", ""},
        // Envelope
        {"protocol version 2", "POST", events, terminal, J, R"({"v":2,"events":[]})", 400,
         "unsupported_version", "v"},
        {"protocol version as a string", "POST", events, terminal, J, R"({"v":"1","events":[]})",
         400, "unsupported_version", "v"},
        {"missing protocol version", "POST", events, terminal, J, R"({"events":[]})", 400,
         "invalid_field", "v"},
        {"events is an object", "POST", events, terminal, J, R"({"v":1,"events":{}})", 400,
         "invalid_field", "events"},
        {"unknown envelope field", "POST", events, terminal, J,
         R"({"v":1,"events":[],"force":true})", 400, "unknown_field", "force"},
        {"501 events in one batch", "POST", events, terminal, J, envelope(big_batch), 413,
         "batch_too_large", "events"},
        {"body over 1 MiB", "POST", events, terminal, J,
         R"({"v":1,"events":[],"pad":")" + std::string(1 << 20, 'x') + "\"}", 413, "body_too_large",
         ""},
        // Events
        {"serial as a number", "POST", events, terminal, J, with("serial", 12345), 400,
         "invalid_event", "events[0].serial"},
        {"sheet_version as a float", "POST", events, terminal, J, with("sheet_version", 1.0), 400,
         "invalid_event", "events[0].sheet_version"},
        {"serial of 100 KB", "POST", events, terminal, J, with("serial", std::string(100000, 'S')),
         400, "invalid_event", "events[0].serial"},
        {"note over 2000 bytes", "POST", events, terminal, J, batch({note_too_long}), 400,
         "invalid_event", "events[0].note"},
        {"NUL character in a serial", "POST", events, terminal, J,
         with("serial", std::string("B\0"
                                    "1",
                                    3)),
         400, "invalid_event", "events[0].serial"},
        {"negative quantity", "POST", events, terminal, J, batch({negative_quantity}), 400,
         "invalid_event", "events[0].quantity"},
        {"unknown field in an event", "POST", events, terminal, J, with("override", true), 400,
         "unknown_field", "events[0].override"},
        {"unknown event type", "POST", events, terminal, J, with("type", "stage_deleted"), 400,
         "invalid_event", "events[0].type"},
        {"event protocol version 2", "POST", events, terminal, J, with("v", 2), 400,
         "unsupported_version", "events[0].v"},
        {"UUIDv4 id", "POST", events, terminal, J,
         with("id", "3b241101-e2bb-4255-8caf-4136c566a962"), 400, "invalid_event", "events[0].id"},
        {"malformed id", "POST", events, terminal, J, with("id", "not-a-uuid"), 400,
         "invalid_event", "events[0].id"},
        {"terminal_time without a zone", "POST", events, terminal, J,
         with("terminal_time", "2026-11-29 14:19:38"), 400, "invalid_event",
         "events[0].terminal_time"},
        {"one bad event after a good one", "POST", events, terminal, J,
         batch({good(),
                [&] {
                    json e = good();
                    e.erase("serial");
                    return e;
                }()}),
         400, "invalid_event", "events[1].serial"},
        // Content type
        {"text/plain body", "POST", events, terminal, "text/plain", batch({good()}), 415,
         "unsupported_media_type", ""},
        {"no Content-Type", "POST", events, terminal, "", batch({good()}), 415,
         "unsupported_media_type", ""},
        {"JSON in latin1", "POST", events, terminal, "application/json; charset=latin1",
         batch({good()}), 415, "unsupported_media_type", ""},
        {"form-encoded body", "POST", events, terminal, "application/x-www-form-urlencoded",
         "v=1&events=", 415, "unsupported_media_type", ""},
        // Tokens and roles
        {"no token", "POST", events, "", J, batch({good()}), 401, "unauthorized", ""},
        {"forged token", "POST", events, "slt_forgedforgedforgedforgedforgedforgedforg", J,
         batch({good()}), 401, "unauthorized", ""},
        {"token with SQL in it", "POST", events, "' OR '1'='1", J, batch({good()}), 401,
         "unauthorized", ""},
        {"Basic instead of Bearer", "POST", events, "Basic YWRtaW46YWRtaW4=", J, batch({good()}),
         401, "unauthorized", ""},
        {"terminal posting for another station", "POST", events, terminal, J,
         batch({ev.make("stage_signed_off", "B1", "ST-DES-1", "DESIGN", "ALL")}), 403,
         "wrong_station", "events[0].station"},
        {"auditor posting events", "POST", events, auditor, J, batch({good()}), 403, "forbidden",
         ""},
        {"terminal issuing a stamp", "POST", "/api/v1/stamps", terminal, J,
         R"({"id":"666","holder":"X","stages":["TZ"],"attestation_due":"2099-01-01"})", 403,
         "forbidden", ""},
        // SQL metacharacters and path parameters
        {"SQL in a sheet serial", "POST", "/api/v1/sheets", admin, J,
         R"({"serial":"X'; DROP TABLE events;--","product_type":"SHU","order":"Z1"})", 400,
         "invalid_field", "serial"},
        {"SQL in a stamp id", "POST", "/api/v1/stamps", admin, J,
         R"({"id":"1' OR '1'='1","holder":"X","stages":["TZ"],"attestation_due":"2099-01-01"})",
         400, "invalid_field", "id"},
        {"SQL in a trail serial", "GET", "/api/v1/units/B1'%20OR%20'1'='1/trail", admin, "", "",
         404, "not_found", "serial"},
        {"SQL in a token id", "DELETE", "/api/v1/tokens/x'%20OR%20'1'='1", admin, "", "", 404,
         "not_found", ""},
        {"trail serial of 200 bytes", "GET", "/api/v1/units/" + std::string(200, 'S') + "/trail",
         admin, "", "", 400, "invalid_field", "serial"},
        // Other endpoints' bodies
        {"unknown field in a stamp", "POST", "/api/v1/stamps", admin, J,
         R"({"id":"667","holder":"X","stages":["TZ"],"attestation_due":"2099-01-01","admin":1})",
         400, "unknown_field", "admin"},
        {"stages as a string", "POST", "/api/v1/stamps", admin, J,
         R"({"id":"668","holder":"X","stages":"TZ","attestation_due":"2099-01-01"})", 400,
         "invalid_field", "stages"},
        {"stamp covering an unknown stage", "POST", "/api/v1/stamps", admin, J,
         R"({"id":"669","holder":"X","stages":["NOPE"],"attestation_due":"2099-01-01"})", 400,
         "invalid_field", "stages"},
        {"attestation date 30 February", "PUT", "/api/v1/stamps/ALL/attestation", admin, J,
         R"({"attestation_due":"2027-02-30"})", 400, "invalid_field", "attestation_due"},
        {"PIN with letters", "PUT", "/api/v1/stamps/ALL/pin", admin, J, R"({"pin":"12ab"})", 400,
         "invalid_field", "pin"},
        {"suspending an unknown stamp", "POST", "/api/v1/stamps/NOPE1/suspend", admin, J, "{}", 404,
         "not_found", ""},
        {"sheet of an unknown product type", "POST", "/api/v1/sheets", admin, J,
         R"({"serial":"B2","product_type":"NOPE","order":"Z1"})", 400, "invalid_field",
         "product_type"},
        {"sheet without an order", "POST", "/api/v1/sheets", admin, J,
         R"({"serial":"B3","product_type":"SHU"})", 400, "invalid_field", "order"},
        {"reprint of an unknown serial", "POST", "/api/v1/sheets/NOPE2/reprint", admin, J, "{}",
         404, "not_found", ""},
        {"token with role root", "POST", "/api/v1/tokens", admin, J, R"({"role":"root"})", 400,
         "invalid_field", "role"},
        {"terminal token without a station", "POST", "/api/v1/tokens", admin, J,
         R"({"role":"terminal"})", 400, "invalid_field", "station"},
        {"resolving a quarantine id that is not a UUID", "POST",
         "/api/v1/quarantine/not-a-uuid/resolve", admin, J, R"({"resolution":"x"})", 400,
         "invalid_field", "id"},
        {"resolving an unknown quarantine id", "POST",
         "/api/v1/quarantine/0192f3a4-5b6c-7def-8123-456789abcdef/resolve", admin, J,
         R"({"resolution":"x"})", 404, "not_found", ""},
        {"unknown endpoint", "POST", "/api/v1/events/delete", admin, J, "{}", 404, "not_found", ""},
    };
    REQUIRE(catalog.size() >= 30);

    const DbSnapshot before = snapshot_db(s.db_path());
    const json health_before = s.health();
    for (const BadRequest& c : catalog) {
        httplib::Headers headers;
        if (!c.token.empty())
            headers.emplace("Authorization",
                            c.token.rfind("Basic ", 0) == 0 ? c.token : "Bearer " + c.token);
        const Reply r = s.api().raw(c.method, c.path, c.body, c.content_type, headers);
        INFO("case: " << c.name << " -> " << r.status << " " << r.body.substr(0, 300));
        CHECK(r.status == c.status);
        CHECK(r.error() == c.error);
        CHECK(r.json.is_object());
        CHECK(r.json.contains("message"));
        CHECK(r.json.contains("field"));
        if (!c.field.empty()) CHECK(r.field() == c.field);
        CHECK_FALSE(r.header("X-Request-Id").empty());
    }
    const DbSnapshot after = snapshot_db(s.db_path());
    CHECK(after.rows == before.rows);
    CHECK(after.digest == before.digest);
    CHECK(s.health() == health_before);
    const CommandResult verify = s.verify();
    CHECK(verify.exit_code == 0);
    CHECK(verify.out.find("chain intact") != std::string::npos);
}

}  // namespace stampline::itest
