// What the store tests write: events built with time-ordered ids, and one-call writes of an
// accepted or a refused event, a stamp and a token, on any Store.
#pragma once

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "server/store/store.h"
#include "shared/time.h"
#include "shared/uuid.h"

namespace stampline::test {

// Builds valid events with time-ordered ids, one second apart.
struct Events {
    ManualClock clock{parse_utc("2026-11-29T08:00:00.000Z").value()};
    SystemRandom random;
    UuidV7Generator ids{clock, random};

    Event make(const std::string& serial, EventBody body) {
        clock.advance_ms(1000);
        Event e;
        e.id = ids.next();
        e.serial = serial;
        e.terminal_time = clock.now();
        e.body = std::move(body);
        return e;
    }
    Event sheet(const std::string& serial) {
        Event e = make(serial, SheetIssued{"KSO298", "Z1"});
        e.actor = "planner:ivanova";
        return e;
    }
    Event sign_off(const std::string& serial, const std::string& stage) {
        Event e = make(serial, StageSignedOff{});
        e.station = "ST-ASM-1";
        e.stage = stage;
        e.stamp = "017";
        return e;
    }
    Event hold(const std::string& serial, const std::string& reason) {
        Event e = make(serial, UnitHeld{reason});
        e.actor = "auditor:petrova";
        return e;
    }
};

inline Result<server::EventAnswer> append(server::Store& store, const Event& e, Timestamp at) {
    std::optional<Result<server::EventAnswer>> answer;
    Status s = store.write([&](server::WriteTxn& txn) {
        answer = txn.append(e, at);
        return answer->status();
    });
    if (!s) return s;
    return answer->value();
}

inline Result<server::EventAnswer> refuse(server::Store& store, const Event& e, Timestamp at,
                                          const std::string& station = "ST-ASM-1") {
    std::optional<Result<server::EventAnswer>> answer;
    Status s = store.write([&](server::WriteTxn& txn) {
        answer = txn.quarantine(e, station, at,
                                Decision{Refusal::StageOutOfOrder, "PAINT is not signed off"});
        return answer->status();
    });
    if (!s) return s;
    return answer->value();
}

inline Result<std::optional<server::EventAnswer>> find_answer(server::Store& store,
                                                              const Uuid& id) {
    std::optional<Result<std::optional<server::EventAnswer>>> answer;
    Status s = store.write([&](server::WriteTxn& txn) {
        answer = txn.find_answer(id);
        return answer->status();
    });
    if (!s) return s;
    return *answer;
}

inline StampRecord stamp_017() {
    StampRecord s;
    s.id = "017";
    s.holder = "Иванов И. И.";
    s.stages = {"MACHINING", "PAINT"};
    s.attestation_due = Date{2027, 6, 30};
    s.pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    return s;
}

inline server::TokenRecord token(const std::string& id, server::Role role,
                                 std::int64_t created_ms) {
    server::TokenRecord t;
    t.id = id;
    t.role = role;
    t.station = role == server::Role::Terminal ? "ST-ASM-1" : "";
    t.label = "label of " + id;
    t.created_at = Timestamp{created_ms};
    return t;
}

inline void check_same_stamp(const StampRecord& got, const StampRecord& want) {
    CHECK(got.id == want.id);
    CHECK(got.holder == want.holder);
    CHECK(got.stages == want.stages);
    CHECK(got.status == want.status);
    CHECK(got.attestation_due == want.attestation_due);
    CHECK(got.badge_issue == want.badge_issue);
    CHECK(got.pin_hash == want.pin_hash);
}

// Appends five events: sheets of KSO-1 and KSO-2, then two sign-offs of KSO-1 and a hold of KSO-2.
inline std::vector<Event> append_five_events(server::Store& store, Events& events) {
    std::vector<Event> logged = {
        events.sheet("KSO-1"), events.sheet("KSO-2"), events.sign_off("KSO-1", "MACHINING"),
        events.sign_off("KSO-1", "PAINT"), events.hold("KSO-2", "drawing revision pending")};
    for (const Event& e : logged) REQUIRE(append(store, e, events.clock.now()));
    return logged;
}

}  // namespace stampline::test
