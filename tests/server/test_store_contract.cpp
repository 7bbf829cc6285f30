// The Store contract (store.h), checked once against every backend: the in-memory fake and the
// SQLite store (a real file in a fresh temp dir per case), or PostgreSQL alone when this binary
// runs as "postgresql: store: ..." (store_backends.h). What only one backend has is tested beside
// it (test_sqlite_store.cpp, test_pg_store.cpp).
#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server/analytics/analytics_query.h"
#include "server/store/store.h"
#include "shared/canonical_event.h"
#include "shared/event_json.h"
#include "shared/hash_chain.h"
#include "store_backends.h"
#include "store_test_events.h"

using namespace stampline;
using namespace stampline::server;
using namespace stampline::test;

TEST_CASE(
    "store: a unit's trail holds its events in log order with "
    "increasing seq") {
    on_each_store([](Store& store) {
        Events ev;
        const Event a1 = ev.sheet("KSO-000123");
        const Event b1 = ev.sheet("KSO-000124");
        const Event a2 = ev.sign_off("KSO-000123", "MACHINING");
        const Event a3 = ev.sign_off("KSO-000123", "PAINT");
        std::int64_t last_seq = 0;
        for (const Event* e : {&a1, &b1, &a2, &a3}) {
            Result<EventAnswer> answer = append(store, *e, Timestamp{5000 + last_seq});
            REQUIRE(answer);
            CHECK(answer->verdict == Verdict::Accepted);
            CHECK(answer->seq == last_seq + 1);
            last_seq = answer->seq;
        }

        Result<std::vector<StoredEvent>> trail = store.trail("KSO-000123");
        REQUIRE(trail);
        REQUIRE(trail->size() == 3);
        CHECK((*trail)[0].seq == 1);
        CHECK((*trail)[1].seq == 3);
        CHECK((*trail)[2].seq == 4);
        CHECK((*trail)[1].received_at == Timestamp{5002});
        CHECK(canonical_event((*trail)[0].event) == canonical_event(a1));
        CHECK(canonical_event((*trail)[1].event) == canonical_event(a2));
        CHECK(canonical_event((*trail)[2].event) == canonical_event(a3));
        // Each hash chains from the previous record of the whole log, not of the trail.
        Result<std::vector<StoredEvent>> other = store.trail("KSO-000124");
        REQUIRE(other);
        REQUIRE(other->size() == 1);
        CHECK((*trail)[0].hash == chain_hash("", canonical_event(a1)));
        CHECK((*other)[0].hash == chain_hash((*trail)[0].hash, canonical_event(b1)));
        CHECK((*trail)[1].hash == chain_hash((*other)[0].hash, canonical_event(a2)));

        Result<std::vector<StoredEvent>> none = store.trail("KSO-999999");
        REQUIRE(none);
        CHECK(none->empty());

        Result<std::optional<ChainBreak>> verified = store.verify_chain();
        REQUIRE(verified);
        CHECK_FALSE(verified->has_value());
    });
}

TEST_CASE("store: a transaction reads its own appends") {
    on_each_store([](Store& store) {
        Events ev;
        const Event a1 = ev.sheet("KSO-1");
        const Event a2 = ev.sign_off("KSO-1", "MACHINING");
        REQUIRE(store.write([&](WriteTxn& txn) -> Status {
            if (auto r = txn.append(a1, Timestamp{1}); !r) return r.error();
            if (auto r = txn.append(a2, Timestamp{2}); !r) return r.error();
            Result<std::vector<Event>> events = txn.unit_events("KSO-1");
            REQUIRE(events);
            REQUIRE(events->size() == 2);
            CHECK(canonical_event((*events)[1]) == canonical_event(a2));
            Result<std::optional<EventAnswer>> answer = txn.find_answer(a2.id);
            REQUIRE(answer);
            REQUIRE(answer->has_value());
            CHECK((*answer)->seq == 2);
            return Status::ok();
        }));
    });
}

TEST_CASE("store: an id already accepted or quarantined is a Conflict") {
    on_each_store([](Store& store) {
        Events ev;
        const Event accepted = ev.sheet("KSO-1");
        const Event refused = ev.sign_off("KSO-1", "PAINT");
        REQUIRE(append(store, accepted, Timestamp{1}));
        REQUIRE(refuse(store, refused, Timestamp{2}));

        Result<EventAnswer> again = append(store, accepted, Timestamp{3});
        REQUIRE_FALSE(again);
        CHECK(again.error().code() == Code::Conflict);
        CHECK(again.error().message().find(to_string(accepted.id)) != std::string::npos);
        CHECK(refuse(store, accepted, Timestamp{3}).error().code() == Code::Conflict);
        CHECK(append(store, refused, Timestamp{3}).error().code() == Code::Conflict);
        CHECK(refuse(store, refused, Timestamp{3}).error().code() == Code::Conflict);

        Result<StoreCounts> counts = store.counts();
        REQUIRE(counts);
        CHECK(counts->events == 1);
        CHECK(counts->quarantined == 1);
    });
}

TEST_CASE("store: find_answer gives the first answer of an id") {
    on_each_store([](Store& store) {
        Events ev;
        const Event accepted = ev.sheet("KSO-1");
        const Event refused = ev.sign_off("KSO-1", "PAINT");
        REQUIRE(append(store, accepted, Timestamp{1000}));
        REQUIRE(refuse(store, refused, Timestamp{2000}));

        Result<std::optional<EventAnswer>> a = find_answer(store, accepted.id);
        REQUIRE(a);
        REQUIRE(a->has_value());
        CHECK((*a)->id == accepted.id);
        CHECK((*a)->verdict == Verdict::Accepted);
        CHECK((*a)->seq == 1);
        CHECK((*a)->received_at == Timestamp{1000});

        Result<std::optional<EventAnswer>> r = find_answer(store, refused.id);
        REQUIRE(r);
        REQUIRE(r->has_value());
        CHECK((*r)->verdict == Verdict::Refused);
        CHECK((*r)->reason == "stage_out_of_order");
        CHECK((*r)->message == "PAINT is not signed off");
        CHECK((*r)->received_at == Timestamp{2000});

        Result<std::optional<EventAnswer>> unknown = find_answer(store, ev.ids.next());
        REQUIRE(unknown);
        CHECK_FALSE(unknown->has_value());
    });
}

TEST_CASE("store: a failing transaction leaves no trace") {
    on_each_store([](Store& store) {
        Events ev;
        const Event first = ev.sheet("KSO-1");
        REQUIRE(append(store, first, Timestamp{1}));
        const std::string head = store.trail("KSO-1")->at(0).hash;

        const Event lost = ev.sign_off("KSO-1", "MACHINING");
        const Event lost_refusal = ev.sign_off("KSO-1", "PAINT");
        Status s = store.write([&](WriteTxn& txn) -> Status {
            REQUIRE(txn.append(lost, Timestamp{2}));
            REQUIRE(txn.quarantine(lost_refusal, "ST-ASM-1", Timestamp{2}, Decision{}));
            REQUIRE(txn.put_stamp(stamp_017()));
            REQUIRE(txn.put_token("hash-1", token("t-1", Role::Admin, 1)));
            return conflict("the rules said no");
        });
        CHECK(s.code() == Code::Conflict);
        CHECK(s.message() == "the rules said no");

        CHECK(store.trail("KSO-1")->size() == 1);
        CHECK_FALSE(find_answer(store, lost.id)->has_value());
        CHECK_FALSE(find_answer(store, lost_refusal.id)->has_value());
        Result<StoreCounts> counts = store.counts();
        REQUIRE(counts);
        CHECK(counts->events == 1);
        CHECK(counts->quarantined == 0);
        CHECK(counts->stamps == 0);
        CHECK(counts->tokens == 0);

        // The chain head is the last committed record: the next append links to it, with the
        // next seq.
        Result<EventAnswer> next = append(store, lost, Timestamp{3});
        REQUIRE(next);
        CHECK(next->seq == 2);
        CHECK(store.trail("KSO-1")->at(1).hash == chain_hash(head, canonical_event(lost)));
        CHECK_FALSE(store.verify_chain()->has_value());
    });
}

TEST_CASE("store: an event the protocol cannot carry is not logged") {
    on_each_store([](Store& store) {
        Events ev;
        Event e = ev.sheet("");
        Result<EventAnswer> r = append(store, e, Timestamp{1});
        REQUIRE_FALSE(r);
        CHECK(r.error().code() == Code::InvalidArgument);
        CHECK(store.counts()->events == 0);
    });
}

TEST_CASE("store: stamps are stored, listed by id and replaced") {
    on_each_store([](Store& store) {
        StampRecord s017 = stamp_017();
        StampRecord s004;
        s004.id = "004";
        s004.holder = "Петрова А. В.";
        s004.attestation_due = Date{2026, 12, 31};
        s004.status = StampStatus::Suspended;
        REQUIRE(store.write([&](WriteTxn& txn) -> Status {
            if (Status s = txn.put_stamp(s017); !s) return s;
            return txn.put_stamp(s004);
        }));

        Result<std::optional<StampRecord>> got = store.stamp("017");
        REQUIRE(got);
        REQUIRE(got->has_value());
        check_same_stamp(**got, s017);
        CHECK_FALSE(store.stamp("018")->has_value());

        Result<std::vector<StampRecord>> all = store.stamps();
        REQUIRE(all);
        REQUIRE(all->size() == 2);
        CHECK((*all)[0].id == "004");  // by id
        check_same_stamp((*all)[0], s004);

        s017.status = StampStatus::Revoked;
        s017.stages = {};
        s017.badge_issue = 3;
        s017.pin_hash = "";
        REQUIRE(store.write([&](WriteTxn& txn) -> Status {
            Result<std::optional<StampRecord>> before = txn.find_stamp("017");
            REQUIRE(before);
            REQUIRE(before->has_value());
            CHECK((*before)->badge_issue == 1);
            return txn.put_stamp(s017);
        }));
        check_same_stamp(store.stamp("017")->value(), s017);
        CHECK(store.counts()->stamps == 2);
    });
}

TEST_CASE("store: tokens are found by secret hash, listed and revoked") {
    on_each_store([](Store& store) {
        const TokenRecord terminal = token("t-3f9a2c", Role::Terminal, 2000);
        const TokenRecord auditor = token("t-77aa01", Role::Auditor, 1000);
        REQUIRE(store.write([&](WriteTxn& txn) -> Status {
            if (Status s = txn.put_token("hash-terminal", terminal); !s) return s;
            return txn.put_token("hash-auditor", auditor);
        }));

        Result<std::optional<TokenRecord>> found = store.token_by_hash("hash-terminal");
        REQUIRE(found);
        REQUIRE(found->has_value());
        CHECK((*found)->id == "t-3f9a2c");
        CHECK((*found)->role == Role::Terminal);
        CHECK((*found)->station == "ST-ASM-1");
        CHECK((*found)->label == "label of t-3f9a2c");
        CHECK((*found)->created_at == Timestamp{2000});
        CHECK_FALSE((*found)->revoked);
        CHECK_FALSE(store.token_by_hash("t-3f9a2c")->has_value());  // the id is not the key

        Result<std::vector<TokenRecord>> all = store.tokens();
        REQUIRE(all);
        REQUIRE(all->size() == 2);
        CHECK((*all)[0].id == "t-77aa01");  // by creation time
        CHECK((*all)[0].role == Role::Auditor);

        // Another secret cannot take an existing token id.
        Status taken = store.write([&](WriteTxn& txn) {
            return txn.put_token("hash-other", token("t-3f9a2c", Role::Admin, 3000));
        });
        CHECK(taken.code() == Code::Conflict);

        REQUIRE(store.write([](WriteTxn& txn) { return txn.revoke_token("t-3f9a2c"); }));
        Result<std::optional<TokenRecord>> revoked = store.token_by_hash("hash-terminal");
        REQUIRE(revoked);
        REQUIRE(revoked->has_value());
        CHECK((*revoked)->revoked);

        Status missing = store.write([](WriteTxn& txn) { return txn.revoke_token("t-000000"); });
        CHECK(missing.code() == Code::NotFound);
        CHECK(store.counts()->tokens == 2);
    });
}

TEST_CASE(
    "store: a quarantined event is listed until an auditor "
    "resolves it") {
    on_each_store([](Store& store) {
        Events ev;
        const Event e1 = ev.sign_off("KSO-1", "PAINT");
        const Event e2 = ev.sign_off("KSO-2", "PAINT");
        REQUIRE(refuse(store, e1, Timestamp{100}, "ST-PAINT-1"));
        REQUIRE(refuse(store, e2, Timestamp{200}, ""));

        Result<std::vector<QuarantineEntry>> open = store.quarantine_entries(false);
        REQUIRE(open);
        REQUIRE(open->size() == 2);
        const QuarantineEntry& q = (*open)[0];
        CHECK(q.answer.id == e1.id);
        CHECK(q.answer.verdict == Verdict::Refused);
        CHECK(q.answer.reason == "stage_out_of_order");
        CHECK(q.answer.received_at == Timestamp{100});
        CHECK(q.station == "ST-PAINT-1");
        CHECK(q.event_json == event_to_json(e1).dump());
        CHECK_FALSE(q.resolved);
        CHECK((*open)[1].station.empty());
        CHECK(store.counts()->quarantined == 2);

        REQUIRE(store.write([&](WriteTxn& txn) {
            return txn.resolve_quarantine(e1.id, "re-signed after PAINT", "auditor:petrova");
        }));
        open = store.quarantine_entries(false);
        REQUIRE(open);
        REQUIRE(open->size() == 1);
        CHECK((*open)[0].answer.id == e2.id);

        Result<std::vector<QuarantineEntry>> all = store.quarantine_entries(true);
        REQUIRE(all);
        REQUIRE(all->size() == 2);
        CHECK((*all)[0].resolved);
        CHECK((*all)[0].resolution == "re-signed after PAINT");
        CHECK((*all)[0].resolved_by == "auditor:petrova");
        CHECK(store.counts()->quarantined == 1);

        Status twice = store.write(
            [&](WriteTxn& txn) { return txn.resolve_quarantine(e1.id, "again", "someone"); });
        CHECK(twice.code() == Code::Conflict);
        Status unknown = store.write(
            [&](WriteTxn& txn) { return txn.resolve_quarantine(ev.ids.next(), "x", "y"); });
        CHECK(unknown.code() == Code::NotFound);
    });
}

TEST_CASE("store: SQL metacharacters are stored and read back verbatim") {
    on_each_store([](Store& store) {
        const std::string nasty = "'; DROP TABLE events; --";
        const std::string quotes = R"(Robert"); DELETE FROM stamps WHERE ('1'='1)";
        Events ev;
        Event sheet = ev.sheet(nasty);
        Event held = ev.hold(nasty, quotes + " %_\\ ?1 :name @x $y");
        REQUIRE(append(store, sheet, Timestamp{1}));
        REQUIRE(append(store, held, Timestamp{2}));
        REQUIRE(refuse(store, ev.sign_off(nasty, "PAINT"), Timestamp{3}, quotes));

        StampRecord s = stamp_017();
        s.id = nasty;
        s.holder = quotes;
        s.stages = {nasty, quotes, "\"]"};
        TokenRecord t = token(quotes, Role::Admin, 1);
        t.label = nasty;
        REQUIRE(store.write([&](WriteTxn& txn) -> Status {
            if (Status st = txn.put_stamp(s); !st) return st;
            if (Status st = txn.put_token(nasty, t); !st) return st;
            return txn.resolve_quarantine(store.quarantine_entries(false)->at(0).answer.id, nasty,
                                          quotes);
        }));

        Result<std::vector<StoredEvent>> trail = store.trail(nasty);
        REQUIRE(trail);
        REQUIRE(trail->size() == 2);
        CHECK(trail->at(0).event.serial == nasty);
        CHECK(std::get<UnitHeld>(trail->at(1).event.body).reason ==
              quotes + " %_\\ ?1 :name @x $y");
        CHECK(store.trail("%")->empty());  // no pattern matching either
        check_same_stamp(store.stamp(nasty)->value(), s);
        CHECK(store.token_by_hash(nasty)->value().id == quotes);
        CHECK(store.token_by_hash(nasty)->value().label == nasty);
        const QuarantineEntry q = store.quarantine_entries(true)->at(0);
        CHECK(q.station == quotes);
        CHECK(q.resolution == nasty);
        CHECK(q.resolved_by == quotes);

        Result<StoreCounts> counts = store.counts();
        REQUIRE(counts);
        CHECK(counts->events == 2);
        CHECK(counts->stamps == 1);
        CHECK(counts->tokens == 1);
        CHECK_FALSE(store.verify_chain()->has_value());
    });
}

TEST_CASE(
    "store: counts report events, open quarantine, stamps, "
    "tokens") {
    on_each_store([](Store& store) {
        Result<StoreCounts> empty = store.counts();
        REQUIRE(empty);
        CHECK(empty->events == 0);
        CHECK(empty->quarantined == 0);
        CHECK(empty->stamps == 0);
        CHECK(empty->tokens == 0);

        Events ev;
        for (int i = 0; i < 3; ++i)
            REQUIRE(append(store, ev.sheet("KSO-" + std::to_string(i)), {}));
        REQUIRE(refuse(store, ev.sign_off("KSO-1", "PAINT"), {}));
        REQUIRE(store.write([](WriteTxn& txn) { return txn.put_stamp(stamp_017()); }));
        REQUIRE(store.write(
            [](WriteTxn& txn) { return txn.put_token("h", token("t-1", Role::Terminal, 0)); }));
        Result<StoreCounts> c = store.counts();
        REQUIRE(c);
        CHECK(c->events == 3);
        CHECK(c->quarantined == 1);
        CHECK(c->stamps == 1);
        CHECK(c->tokens == 1);
    });
}

TEST_CASE("store: concurrent writers are serialised into one chain") {
    on_each_store([](Store& store) {
        constexpr int kThreads = 4;
        constexpr int kPerThread = 10;
        Events ev;
        std::vector<std::vector<Event>> batches(kThreads);
        for (int t = 0; t < kThreads; ++t) {
            for (int i = 0; i < kPerThread; ++i) {
                batches[t].push_back(ev.sheet("KSO-" + std::to_string(t * 100 + i)));
            }
        }
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (const Event& e : batches[t]) {
                    if (!append(store, e, Timestamp{t})) ++failures;
                }
            });
        }
        for (auto& th : threads) th.join();
        CHECK(failures == 0);

        std::set<std::int64_t> seqs;
        for (const auto& batch : batches) {
            for (const Event& e : batch) {
                Result<std::vector<StoredEvent>> trail = store.trail(e.serial);
                REQUIRE(trail);
                REQUIRE(trail->size() == 1);
                seqs.insert(trail->at(0).seq);
            }
        }
        CHECK(seqs.size() == kThreads * kPerThread);
        CHECK(*seqs.begin() == 1);
        CHECK(*seqs.rbegin() == kThreads * kPerThread);
        CHECK_FALSE(store.verify_chain()->has_value());
    });
}

TEST_CASE(
    "store: concurrent writers' failed calls leave no trace, the others "
    "all commit") {
    on_each_store([](Store& store) {
        constexpr int kThreads = 8;
        constexpr int kCalls = 15;
        Events ev;
        std::vector<std::vector<std::pair<Event, Event>>> calls(kThreads);
        for (int t = 0; t < kThreads; ++t)
            for (int i = 0; i < kCalls; ++i) {
                const std::string serial = "KSO-" + std::to_string(t * 100 + i);
                calls[t].emplace_back(ev.sheet(serial), ev.hold(serial, "check"));
            }
        // Every third call appends its two events, then fails: they must not be stored.
        const auto fails = [](int t, int i) { return (t + i) % 3 == 0; };
        std::atomic<int> wrong{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kCalls; ++i) {
                    const auto& [sheet, hold] = calls[t][i];
                    Status s = store.write([&](WriteTxn& txn) -> Status {
                        if (!txn.append(sheet, Timestamp{1}) || !txn.append(hold, Timestamp{1}))
                            return io_error("append failed");
                        return fails(t, i) ? conflict("this call fails") : Status::ok();
                    });
                    if (bool(s) == fails(t, i)) ++wrong;
                }
            });
        }
        for (auto& th : threads) th.join();
        CHECK(wrong == 0);

        std::set<std::int64_t> seqs;
        for (int t = 0; t < kThreads; ++t)
            for (int i = 0; i < kCalls; ++i) {
                Result<std::vector<StoredEvent>> trail = store.trail(calls[t][i].first.serial);
                REQUIRE(trail);
                CHECK(trail->size() == (fails(t, i) ? 0u : 2u));
                for (const StoredEvent& e : *trail) seqs.insert(e.seq);
            }
        REQUIRE_FALSE(seqs.empty());
        CHECK(*seqs.begin() == 1);
        CHECK(*seqs.rbegin() == static_cast<std::int64_t>(seqs.size()));  // no gaps
        CHECK(store.counts()->events == static_cast<std::int64_t>(seqs.size()));
        CHECK_FALSE(store.verify_chain()->has_value());
    });
}

TEST_CASE("store: all_events lists every accepted event in log order, refused ones left out") {
    on_each_store([](Store& store) {
        CHECK(store.all_events()->empty());
        Events ev;
        const char* serials[] = {"U1", "U2", "U1"};
        for (const char* serial : serials) REQUIRE(append(store, ev.hold(serial, "check"), {}));
        REQUIRE(refuse(store, ev.hold("U3", "no"), {}, ""));

        Result<std::vector<StoredEvent>> log = store.all_events();
        REQUIRE(log.has_value());
        REQUIRE(log->size() == 3);
        for (std::size_t i = 0; i < log->size(); ++i) {
            CHECK((*log)[i].seq == static_cast<std::int64_t>(i + 1));
            CHECK((*log)[i].event.serial == serials[i]);
        }
        const auto units = analytics::group_by_unit(*log);
        REQUIRE(units.size() == 2);
        CHECK(units[0].size() == 2);
        CHECK(units[1].size() == 1);
    });
}

// ---- what only a store whose data outlives its handles has ----

TEST_CASE("store: an appended event survives closing and reopening the database") {
    on_each_durable_store([](TestStore& test_store) {
        Events ev;
        const std::vector<Event> logged = append_five_events(test_store.store(), ev);
        test_store.reopen();
        Store& store = test_store.store();

        Result<std::vector<StoredEvent>> trail = store.trail("KSO-1");
        REQUIRE(trail);
        REQUIRE(trail->size() == 3);
        CHECK(canonical_event(trail->at(2).event) == canonical_event(logged[3]));
        CHECK(store.counts()->events == 5);
        const std::string head = store.trail("KSO-2")->at(1).hash;  // seq 5, the last

        // The chain head was read back: the next append links to seq 5.
        const Event next = ev.sign_off("KSO-2", "MACHINING");
        Result<EventAnswer> answer = append(store, next, Timestamp{9});
        REQUIRE(answer);
        CHECK(answer->seq == 6);
        CHECK(store.trail("KSO-2")->at(2).hash == chain_hash(head, canonical_event(next)));
        CHECK_FALSE(store.verify_chain()->has_value());
        CHECK(store.counts()->db_bytes > 0);
    });
}

TEST_CASE("store: another handle's append is chained onto by the next write") {
    on_each_durable_store([](TestStore& test_store) {
        Store& first = test_store.store();
        std::unique_ptr<Store> second = test_store.another_handle();  // e.g. a second server
        Events ev;
        REQUIRE(append(first, ev.sheet("KSO-1"), {}));
        Result<EventAnswer> answer = append(*second, ev.sheet("KSO-2"), {});
        REQUIRE(answer);
        CHECK(answer->seq == 2);
        Result<EventAnswer> third = append(first, ev.sheet("KSO-3"), {});
        REQUIRE(third);
        CHECK(third->seq == 3);
        CHECK_FALSE(first.verify_chain()->has_value());
        CHECK(second->counts()->head_hash == first.counts()->head_hash);
    });
}
