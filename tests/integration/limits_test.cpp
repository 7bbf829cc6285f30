// The API limits at their boundaries: body size, batch size, JSON depth, string lengths.
#include <doctest/doctest.h>

#include "integration/db_digest.h"
#include "integration/test_server.h"

namespace stampline::itest {

namespace {

std::string nested_object(int depth) {  // depth levels of {"a":...}, innermost {}
    std::string s;
    for (int i = 1; i < depth; ++i) s += R"({"a":)";
    s += "{}";
    s += std::string(static_cast<std::size_t>(depth - 1), '}');
    return s;
}

}  // namespace

TEST_CASE("a body over 1 MiB gets 413 and a body just under it is read") {
    TestServer s;
    const DbSnapshot before = snapshot_db(s.db_path());
    const auto body = [](std::size_t size) {
        std::string b = R"({"v":1,"events":[],"pad":")";
        b += std::string(size - b.size() - 2, 'x');
        b += "\"}";
        return b;
    };
    const auto post = [&](std::size_t size) {
        return s.api().raw("POST", "/api/v1/events", body(size), "application/json",
                           ApiClient::bearer(s.admin()));
    };
    Reply over = post((1 << 20) + 1);
    CHECK(over.status == 413);
    CHECK(over.error() == "body_too_large");
    Reply at = post(1 << 20);
    CHECK(at.status == 400);  // read and parsed: refused for its unknown field, not its size
    CHECK(at.error() == "unknown_field");
    Reply huge = post(8 << 20);
    CHECK(huge.status == 413);
    CHECK(snapshot_db(s.db_path()) == before);
}

TEST_CASE("a batch of 500 events is answered and 501 events get 413") {
    TestServer s;
    json batch = json::array();
    for (int i = 0; i < 501; ++i) batch.push_back(s.events().sign_off("NOUNIT", "TZ", "ALL"));
    Reply over = s.post_events(s.admin(), batch);
    CHECK(over.status == 413);
    CHECK(over.error() == "batch_too_large");
    CHECK(over.json["message"].get<std::string>().find("501") != std::string::npos);
    CHECK(s.quarantine().empty());
    batch.erase(500);
    Reply at = s.post_events(s.admin(), batch);
    REQUIRE(at.status == 200);
    CHECK(at.json["results"].size() == 500);
    CHECK(s.quarantine().size() == 500);
}

TEST_CASE("JSON nested 16 levels is parsed and 17 levels get 400 too_deep") {
    TestServer s;
    const auto post = [&](int depth) {
        // The envelope object is level 1; "x" holds the rest.
        const std::string body = R"({"v":1,"events":[],"x":)" + nested_object(depth - 1) + "}";
        return s.api().raw("POST", "/api/v1/events", body, "application/json",
                           ApiClient::bearer(s.admin()));
    };
    Reply at = post(16);
    CHECK(at.status == 400);
    CHECK(at.error() == "unknown_field");
    Reply over = post(17);
    CHECK(over.status == 400);
    CHECK(over.error() == "too_deep");
}

TEST_CASE("strings at the protocol limits are accepted and one byte more is refused") {
    TestServer s;
    EventFactory& ev = s.events();
    const auto sheet_event = [&](const std::string& serial) {
        json e =
            ev.make("sheet_issued", serial, "", "", "", {{"product_type", "SHU"}, {"order", "Z1"}});
        e["actor"] = "planner:test";
        return e;
    };
    // A serial of 64 bytes passes the protocol's limit; the identity rule (shared/identity.h)
    // then allows 20 characters: refused with its reason and kept in the quarantine.
    CHECK(s.post_one(s.admin(), sheet_event(std::string(20, 'A')))["status"] == "accepted");
    const json at_limit = s.post_one(s.admin(), sheet_event(std::string(64, 'B')));
    CHECK(at_limit["status"] == "refused");
    CHECK(at_limit["reason"] == "invalid_identity");
    Reply long_serial = s.post_events(s.admin(), json::array({sheet_event(std::string(65, 'A'))}));
    CHECK(long_serial.status == 400);
    CHECK(long_serial.field() == "events[0].serial");

    s.sheet("LIM1");
    const auto hold = [&](const std::string& reason) {
        json e = ev.make("unit_held", "LIM1", "", "", "", {{"reason", reason}});
        e["actor"] = "auditor:test";
        return e;
    };
    // 1000 Cyrillic letters are 2000 bytes: the limit counts bytes.
    std::string cyrillic;
    for (int i = 0; i < 1000; ++i) cyrillic += "ж";
    CHECK(s.post_one(s.admin(), hold(cyrillic))["status"] == "accepted");
    Reply long_reason = s.post_events(s.admin(), json::array({hold(cyrillic + "ж")}));
    CHECK(long_reason.status == 400);
    CHECK(long_reason.field() == "events[0].reason");

    Reply long_holder = s.api().post("/api/v1/stamps",
                                     {{"id", "L1"},
                                      {"holder", std::string(201, 'h')},
                                      {"stages", {"TZ"}},
                                      {"attestation_due", "2099-01-01"}},
                                     s.admin());
    CHECK(long_holder.status == 400);
    CHECK(long_holder.field() == "holder");
}

}  // namespace stampline::itest
