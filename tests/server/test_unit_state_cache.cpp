// The unit-state cache of ingest (service/unit_state_cache.h): a state is used only at the log
// position it was derived at, so ingest answers exactly as it does without the cache.
#include <doctest/doctest.h>

#include "server/service/unit_state_cache.h"
#include "service_fixture.h"
#include "sqlite_fixture.h"

using namespace stampline;
using namespace stampline::server;
using test::ServiceFixture;

namespace {

UnitState held(const std::string& reason) {
    UnitState s;
    s.registered = true;
    s.on_hold = true;
    s.hold_reason = reason;
    return s;
}

Result<std::vector<IngestResult>> post(ServiceFixture& f, UnitStateCache* cache,
                                       const std::vector<Event>& events) {
    return ingest_batch(*f.store, f.plant, f.clock, "", events, cache);
}

// The batches of a unit's early life, with a refusal (out of order), a duplicate and a hold.
std::vector<std::vector<Event>> early_life(ServiceFixture& f) {
    const Event tz = f.act("SN1", StageSignedOff{}, "TZ");
    Event hold = f.act("SN2", UnitHeld{"audit"}, "");
    hold.stamp.clear();
    hold.actor = "auditor:petrova";
    return {
        {tz, f.act("SN1", StageSignedOff{}, "INCOMING")},
        {tz, f.act("SN1", StageAccepted{f.all_pass("TZ", "DESIGN")}, "DESIGN")},
        {hold, f.act("SN2", StageSignedOff{}, "TZ")},
        {f.act("SN1", StageSignedOff{}, "DESIGN"), f.act("SN2", StageSignedOff{}, "TZ")},
    };
}

}  // namespace

TEST_CASE("a cached unit state is given only for the log position it was derived at") {
    UnitStateCache cache;
    cache.put("SN1", held("first"), 5);
    CHECK_FALSE(cache.take("SN1", 6));
    CHECK_FALSE(cache.take("SN1", 4));
    CHECK_FALSE(cache.take("SN2", 5));
    std::optional<UnitState> got = cache.take("SN1", 5);
    REQUIRE(got);
    CHECK(got->hold_reason == "first");
    CHECK_FALSE(cache.take("SN1", 5));  // taken out until put back

    cache.put("SN1", held("first"), 5);
    cache.put("SN1", held("older"), 3);  // an older state never replaces a newer one
    CHECK(cache.take("SN1", 5)->hold_reason == "first");
    cache.put("SN1", held("first"), 5);
    cache.put("SN1", held("newer"), 7);
    CHECK_FALSE(cache.take("SN1", 5));
    CHECK(cache.take("SN1", 7)->hold_reason == "newer");
}

TEST_CASE("a batch of unit states is put at once, each kept only if not older than the kept one") {
    UnitStateCache cache;
    cache.put("SN1", held("newer"), 7);
    UnitState older = held("older"), fresh = held("fresh");
    const std::string sn1 = "SN1", sn2 = "SN2";
    const std::vector<UnitStateCache::Put> batch{{sn1, older, 3}, {sn2, fresh, 4}};
    cache.put(batch);
    CHECK(cache.size() == 2);
    CHECK(cache.take("SN1", 7)->hold_reason == "newer");
    CHECK(cache.take("SN2", 4)->hold_reason == "fresh");
}

TEST_CASE("the unit state cache drops the least recently put unit beyond its capacity") {
    UnitStateCache cache(2);
    cache.put("A", held("a"), 1);
    cache.put("B", held("b"), 1);
    cache.put("A", held("a"), 2);  // A is now the most recent
    cache.put("C", held("c"), 1);
    CHECK(cache.size() == 2);
    CHECK(cache.take("A", 2));
    CHECK(cache.take("C", 1));
    CHECK_FALSE(cache.take("B", 1));
}

TEST_CASE("ingest with the unit state cache answers exactly as ingest without it") {
    ServiceFixture plain, cached;
    UnitStateCache cache;
    for (ServiceFixture* f : {&plain, &cached}) {
        f->add_stamps();
        f->issue("SN1");
        f->issue("SN2");
    }
    const auto plain_batches = early_life(plain);
    const auto cached_batches = early_life(cached);
    for (std::size_t b = 0; b < plain_batches.size(); ++b) {
        CAPTURE(b);
        auto want = post(plain, nullptr, plain_batches[b]);
        auto got = post(cached, &cache, cached_batches[b]);
        REQUIRE(want);
        REQUIRE(got);
        REQUIRE(want->size() == got->size());
        for (std::size_t i = 0; i < want->size(); ++i) {
            CAPTURE(i);
            CHECK((*got)[i].duplicate == (*want)[i].duplicate);
            CHECK((*got)[i].answer.verdict == (*want)[i].answer.verdict);
            CHECK((*got)[i].answer.seq == (*want)[i].answer.seq);
            CHECK((*got)[i].answer.reason == (*want)[i].answer.reason);
        }
    }
    // Both units' states were kept, at their last seq.
    CHECK(cache.size() == 2);
    const auto trail = cached.store->trail("SN1");
    const std::optional<UnitState> sn1 = cache.take("SN1", trail->back().seq);
    REQUIRE(sn1);
    CHECK(sn1->current_index() == 2);  // TZ, DESIGN signed
}

TEST_CASE("ingest uses a cached state at the unit's last seq and ignores one of another seq") {
    ServiceFixture f;
    f.add_stamps();
    f.issue("SN1");
    UnitStateCache cache;
    const std::int64_t last = f.store->trail("SN1")->back().seq;

    cache.put("SN1", held("planted at an older seq"), last - 1);
    auto ok = post(f, &cache, {f.act("SN1", StageSignedOff{}, "TZ")});
    REQUIRE(ok);
    CHECK((*ok)[0].answer.verdict == Verdict::Accepted);

    // A state at the unit's current last seq is trusted: a hold planted in it decides.
    const std::int64_t now = (*ok)[0].answer.seq;
    std::optional<UnitState> kept = cache.take("SN1", now);
    REQUIRE(kept);
    kept->on_hold = true;
    kept->hold_reason = "planted";
    cache.put("SN1", std::move(*kept), now);
    auto refused =
        post(f, &cache, {f.act("SN1", StageAccepted{f.all_pass("TZ", "DESIGN")}, "DESIGN")});
    REQUIRE(refused);
    CHECK((*refused)[0].answer.verdict == Verdict::Refused);
    CHECK((*refused)[0].answer.reason == refusal_code(Refusal::UnitOnHold));
}

TEST_CASE("warming the unit state cache folds each unit in work up to its last event") {
    ServiceFixture f;
    f.add_stamps();
    f.issue("SN1");
    f.issue("SN2");
    for (const auto& batch : early_life(f)) REQUIRE(post(f, nullptr, batch));

    UnitStateCache cache;
    CHECK_FALSE(cache.warmed());
    REQUIRE(cache.warm(*f.store, f.plant, Timestamp{0}));
    CHECK(cache.warmed());
    CHECK(cache.size() == 2);
    for (const char* serial : {"SN1", "SN2"}) {
        CAPTURE(serial);
        const auto trail = f.store->trail(serial);
        std::vector<Event> events;
        for (const StoredEvent& e : *trail) events.push_back(e.event);
        const UnitState want = derive_state(f.plant, events);
        const std::optional<UnitState> got = cache.take(serial, trail->back().seq);
        REQUIRE(got);
        CHECK(got->current_index() == want.current_index());
        CHECK(got->on_hold == want.on_hold);
        CHECK(got->hold_reason == want.hold_reason);
        CHECK(got->stages.size() == want.stages.size());
    }
}

TEST_CASE("warming leaves out the units in work idle since before its horizon") {
    ServiceFixture f;
    test::TempDir dir;
    SUBCASE("memory store") {}
    SUBCASE("SQLite store") {
        f.store = test::open_store(dir.file("plant.db"));
    }
    f.add_stamps();
    f.issue("IDLE");
    REQUIRE(post(f, nullptr, {f.act("IDLE", StageSignedOff{}, "TZ")}));
    f.clock.advance_ms(40LL * 86'400'000);  // forty days later
    const Timestamp horizon{f.clock.now().ms - 30LL * 86'400'000};
    f.issue("RECENT");
    REQUIRE(post(f, nullptr, {f.act("RECENT", StageSignedOff{}, "TZ")}));

    UnitStateCache cache;
    REQUIRE(cache.warm(*f.store, f.plant, horizon));
    CHECK(cache.warmed());
    CHECK(cache.size() == 1);
    const auto recent = f.store->trail("RECENT");
    const auto idle = f.store->trail("IDLE");
    CHECK(cache.take("RECENT", recent->back().seq));
    CHECK_FALSE(cache.take("IDLE", idle->back().seq));

    // The idle unit's next event is a miss, answered as without the cache, and kept after it.
    const auto answers =
        post(f, &cache, {f.act("IDLE", StageAccepted{f.all_pass("TZ", "DESIGN")}, "DESIGN")});
    REQUIRE(answers);
    CHECK_MESSAGE((*answers)[0].answer.verdict == Verdict::Accepted, (*answers)[0].answer.reason);
    CHECK(cache.take("IDLE", f.store->trail("IDLE")->back().seq));
}
