// A terminal under test: the mini plant (tests/shared/mini_plant.h) as its reference, a manual
// clock, deterministic event ids, and the shell's part played by hand (answering VerifyPin,
// LoadUnit and Record effects with actions).
#pragma once
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "shared/badge_payload.h"
#include "shared/sheet_payload.h"
#include "shared/uuid.h"
#include "terminal/core/reduce.h"
#include "tests/shared/mini_plant.h"

namespace stampline::terminal::test {

// Deterministic "randomness" for UuidV7Generator: a counting byte stream.
class CountingRandom final : public RandomSource {
public:
    void fill(std::span<std::uint8_t> out) override {
        for (std::uint8_t& b : out) b = next_++;
    }

private:
    std::uint8_t next_ = 1;
};

// 2026-11-24 06:00 UTC, after every event of the mini Trail and before the stamps' attestation
// date.
inline constexpr Timestamp kStart{1795500000000};

inline std::string badge_text(const std::string& stamp, int issue = 1) {
    return encode_badge_payload(BadgeId{stamp, issue}).value();
}

inline std::string sheet_text(const std::string& serial = "SN1", int version = 1,
                              const std::string& type = "P1") {
    return encode_sheet_payload(UnitIdentity{serial, type, "Z1", version}).value();
}

template <typename T>
const T* find_effect(const std::vector<Effect>& effects) {
    for (const Effect& e : effects)
        if (const T* t = std::get_if<T>(&e)) return t;
    return nullptr;
}

struct Terminal {
    ManualClock clock{kStart};
    CountingRandom random;
    UuidV7Generator ids{clock, random};
    AppState state;
    stampline::test::Trail trail;  // the server's view of unit SN1
    std::vector<Event> events;     // the trail's accepted events, in order

    explicit Terminal(std::string station = "ST-WIR") {
        state.settings.station = std::move(station);
        Reference ref;
        ref.plant = stampline::test::mini_plant();
        for (auto& [id, stamp] : stampline::test::mini_stamps()) {
            stamp.pin_hash = "$argon2id$hash-of-" + id;
            ref.stamps.push_back(stamp);
        }
        state.reference = std::move(ref);
        state.now = state.last_activity = clock.now();
    }

    StampRecord& stamp(const std::string& id) {
        auto& stamps = state.reference->stamps;
        const auto it = std::find_if(stamps.begin(), stamps.end(),
                                     [&](const StampRecord& s) { return s.id == id; });
        REQUIRE(it != stamps.end());
        return *it;
    }

    std::vector<Effect> act(const Action& action) {
        ReduceEnv env{clock, ids};
        return reduce(state, action, env);
    }
    std::vector<Effect> scan(const std::string& text) { return act(ScanRead{text, "test"}); }

    // Types the digits on the PIN pad (or the sign-off pad) and submits them.
    std::vector<Effect> enter_pin(const std::string& digits) {
        for (char d : digits) act(PinDigit{d});
        return act(PinSubmit{});
    }

    void sign_in(const std::string& stamp_id) {
        scan(badge_text(stamp_id));
        REQUIRE(state.screen == Screen::Pin);
        enter_pin("1234");
        act(PinVerified{stamp_id, true});
        REQUIRE(state.session.has_value());
    }

    // The server's trail for SN1 (stamps 101 for TZ/ASSEMBLY, 102 for WIRING/ACCEPT).
    void add(const Event& e) {
        trail.must(e);
        events.push_back(e);
    }
    void issue() { add(trail.make(SheetIssued{"P1", "Z1"})); }
    void sign(const std::string& stage, const std::string& stamp_id) {
        add(trail.make(StageSignedOff{}, stage, stamp_id));
    }
    void accept(const std::string& stage, const std::string& stamp_id) {
        add(trail.make(StageAccepted{trail.all_pass(stage)}, stage, stamp_id));
    }
    // Issued, TZ and ASSEMBLY done: WIRING is due.
    void up_to_wiring() {
        issue();
        sign("TZ", "101");
        accept("ASSEMBLY", "101");
        sign("ASSEMBLY", "101");
    }

    // Scans SN1 and answers its LoadUnit with the trail.
    void open_unit(TrailSource source = TrailSource::Server, int version = 1) {
        scan(sheet_text("SN1", version));
        REQUIRE(state.card.has_value());
        act(UnitLoaded{"SN1", events, source});
    }

    // The Record effect among effects; fails the test when there is none.
    Event recorded(const std::vector<Effect>& effects) {
        const Record* r = find_effect<Record>(effects);
        REQUIRE(r != nullptr);
        return r->event;
    }
    // Answers a Record effect as a durable outbox would.
    Event confirm(const std::vector<Effect>& effects) {
        Event e = recorded(effects);
        act(Recorded{e.id, Status::ok()});
        return e;
    }
};

}  // namespace stampline::terminal::test
