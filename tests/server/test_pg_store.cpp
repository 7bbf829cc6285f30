// What only the PostgreSQL store has (the shared contract is in test_store_contract*.cpp): several
// plants in one database, two handles of one plant serialised by the plant's advisory lock, the
// append-only triggers and tamper detection, schema versions and foreign schemas, lost
// connections. Each case runs on a database of its own in the test cluster (tests/pg/) when
// STAMPLINE_TEST_STORE=postgresql; otherwise it prints the line CTest reports as skipped.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "pg/pg_test_database.h"
#include "server/store/pg/pg_connection.h"
#include "server/store/pg/pg_store.h"
#include "shared/canonical_event.h"
#include "shared/hash_chain.h"
#include "store_backends.h"
#include "store_test_events.h"

using namespace stampline;
using namespace stampline::server;
using namespace stampline::test;

namespace {

Result<std::unique_ptr<Store>> try_open(const std::string& conninfo, const std::string& plant,
                                        bool create = true) {
    return open_pg_store(
        {.conninfo = conninfo, .password = "", .plant = plant, .create_if_missing = create});
}

std::unique_ptr<Store> open_plant(const std::string& conninfo, const std::string& plant) {
    Result<std::unique_ptr<Store>> store = try_open(conninfo, plant);
    REQUIRE_MESSAGE(store.has_value(), store.status().to_string());
    return std::move(store).value();
}

// A connection of its own, to play someone working on the database behind the store's back
// (as the database owner: the test cluster's superuser).
std::unique_ptr<pg::Connection> raw(const std::string& conninfo) {
    Result<std::unique_ptr<pg::Connection>> conn = pg::Connection::open({conninfo, ""});
    REQUIRE_MESSAGE(conn.has_value(), conn.status().to_string());
    return std::move(conn).value();
}

void raw_exec(pg::Connection& db, const std::string& sql) {
    const Status s = db.exec(sql.c_str());
    REQUIRE_MESSAGE(s.is_ok(), sql << ": " << s.to_string());
}

// The first column of the first row of sql, as text ("" when there is no row).
std::string raw_scalar(pg::Connection& db, const std::string& sql) {
    Result<pg::Rows> rows = db.query(sql.c_str());
    REQUIRE_MESSAGE(rows.has_value(), sql << ": " << rows.status().to_string());
    return rows->size() > 0 ? rows->str(0, 0) : "";
}

std::string plant_id(pg::Connection& db, const std::string& code) {
    Result<pg::Rows> rows =
        db.query("SELECT id FROM stampline.plants WHERE code = $1", pg::Params().text(code));
    REQUIRE(rows.has_value());
    REQUIRE(rows->size() == 1);
    return rows->str(0, 0);
}

}  // namespace

TEST_CASE("postgresql store: two plants in one database keep their own trails, tokens and seq") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    auto north = open_plant(db.conninfo(), "KSO-1");
    auto south = open_plant(db.conninfo(), "KSO-2");
    Events ev;

    // The same serial in both plants: two units, each with its own log from seq 1.
    const Event n1 = ev.sheet("W-100");
    const Event s1 = ev.sheet("W-100");
    const Event n2 = ev.sign_off("W-100", "MACHINING");
    REQUIRE(append(*north, n1, Timestamp{1}));
    Result<EventAnswer> first_south = append(*south, s1, Timestamp{2});
    REQUIRE(first_south);
    CHECK(first_south->seq == 1);
    Result<EventAnswer> second_north = append(*north, n2, Timestamp{3});
    REQUIRE(second_north);
    CHECK(second_north->seq == 2);

    Result<std::vector<StoredEvent>> north_trail = north->trail("W-100");
    REQUIRE(north_trail);
    REQUIRE(north_trail->size() == 2);
    CHECK(canonical_event(north_trail->at(1).event) == canonical_event(n2));
    Result<std::vector<StoredEvent>> south_trail = south->trail("W-100");
    REQUIRE(south_trail);
    REQUIRE(south_trail->size() == 1);
    CHECK(south_trail->at(0).hash == chain_hash("", canonical_event(s1)));
    CHECK(south->all_events()->size() == 1);

    // An id known in one plant is unknown in the other.
    CHECK(find_answer(*north, n1.id)->has_value());
    CHECK_FALSE(find_answer(*south, n1.id)->has_value());

    // Tokens: found, listed and revoked in their own plant only.
    REQUIRE(north->write(
        [](WriteTxn& txn) { return txn.put_token("hash-north", token("t-n1", Role::Admin, 1)); }));
    REQUIRE(south->write([](WriteTxn& txn) {
        return txn.put_token("hash-south", token("t-s1", Role::Terminal, 2));
    }));
    CHECK(north->token_by_hash("hash-north")->has_value());
    CHECK_FALSE(south->token_by_hash("hash-north")->has_value());
    REQUIRE(south->tokens()->size() == 1);
    CHECK(south->tokens()->at(0).id == "t-s1");
    CHECK(south->write([](WriteTxn& txn) { return txn.revoke_token("t-n1"); }).code() ==
          Code::NotFound);
    // A secret of one plant's token cannot be taken over by another plant.
    CHECK(south
              ->write([](WriteTxn& txn) {
                  return txn.put_token("hash-north", token("t-s2", Role::Admin, 3));
              })
              .code() == Code::Conflict);
    CHECK_FALSE(north->token_by_hash("hash-north")->value().revoked);
    CHECK(north->token_by_hash("hash-north")->value().id == "t-n1");

    // Stamps with one id in both plants are two stamps.
    StampRecord other = stamp_017();
    other.holder = "Петров П. П.";
    REQUIRE(north->write([](WriteTxn& txn) { return txn.put_stamp(stamp_017()); }));
    REQUIRE(south->write([&](WriteTxn& txn) { return txn.put_stamp(other); }));
    check_same_stamp(north->stamp("017")->value(), stamp_017());
    check_same_stamp(south->stamp("017")->value(), other);

    Result<StoreCounts> north_counts = north->counts();
    REQUIRE(north_counts);
    CHECK(north_counts->events == 2);
    CHECK(north_counts->tokens == 1);
    CHECK(north_counts->stamps == 1);
    CHECK(north_counts->db_bytes > 0);
    CHECK(south->counts()->events == 1);
    CHECK_FALSE(north->verify_chain()->has_value());
    CHECK_FALSE(south->verify_chain()->has_value());
}

TEST_CASE(
    "postgresql store: two handles of one plant writing from several threads make one chain "
    "without gaps") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    std::vector<std::unique_ptr<Store>> handles;
    handles.push_back(open_plant(db.conninfo(), "TEST"));
    handles.push_back(open_plant(db.conninfo(), "TEST"));  // a second server process
    constexpr int kThreadsPerHandle = 4;
    constexpr int kPerThread = 10;
    constexpr int kThreads = 2 * kThreadsPerHandle;
    Events ev;
    std::vector<std::vector<Event>> batches(kThreads);
    for (int t = 0; t < kThreads; ++t)
        for (int i = 0; i < kPerThread; ++i)
            batches[t].push_back(ev.sheet("KSO-" + std::to_string(t * 100 + i)));

    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            Store& store = *handles[t % 2];
            for (const Event& e : batches[t])
                if (!append(store, e, Timestamp{t})) ++failures;
        });
    }
    for (auto& th : threads) th.join();
    CHECK(failures == 0);

    Result<std::vector<StoredEvent>> all = handles[0]->all_events();
    REQUIRE(all);
    REQUIRE(all->size() == kThreads * kPerThread);
    std::set<Uuid> ids;
    for (std::size_t i = 0; i < all->size(); ++i) {
        CHECK((*all)[i].seq == static_cast<std::int64_t>(i) + 1);
        ids.insert((*all)[i].event.id);
    }
    CHECK(ids.size() == all->size());
    CHECK(handles[1]->counts()->events == kThreads * kPerThread);
    CHECK_FALSE(handles[0]->verify_chain()->has_value());
}

TEST_CASE("postgresql store: a second handle's write waits for the plant's lock, then follows") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    auto first = open_plant(db.conninfo(), "TEST");
    auto second = open_plant(db.conninfo(), "TEST");
    auto watcher = raw(db.conninfo());
    const std::string plant = plant_id(*watcher, "TEST");
    Events ev;
    const Event a = ev.sheet("KSO-1");
    const Event b = ev.sheet("KSO-2");

    std::atomic<bool> inside{false}, release{false};
    Result<EventAnswer> a_answer = Status(Code::Internal, "not run");
    std::thread writer_a([&] {
        Status s = first->write([&](WriteTxn& txn) -> Status {
            a_answer = txn.append(a, Timestamp{1});
            inside = true;
            while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            return a_answer.status();
        });
        if (!s) a_answer = s;
    });
    while (!inside) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    Result<EventAnswer> b_answer = Status(Code::Internal, "not run");
    std::thread writer_b([&] { b_answer = append(*second, b, Timestamp{2}); });

    // B's group waits for the advisory lock (key "STLN", the plant's id) that A's group holds.
    const std::string waiting =
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND "
        "classid = 1398033486 AND objid = " +
        plant;
    bool seen = false;
    for (int i = 0; i < 300 && !seen; ++i) {
        seen = raw_scalar(*watcher, waiting) == "1";
        if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(seen);
    release = true;
    writer_a.join();
    writer_b.join();
    REQUIRE(a_answer);
    REQUIRE(b_answer);
    CHECK(a_answer->seq == 1);
    CHECK(b_answer->seq == 2);
    CHECK(second->trail("KSO-2")->at(0).hash ==
          chain_hash(first->trail("KSO-1")->at(0).hash, canonical_event(b)));
}

TEST_CASE("postgresql store: a write that cannot get the plant's lock in time is Unavailable") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    auto store = open_plant(db.conninfo(), "TEST");
    auto holder = raw(db.conninfo());
    raw_exec(*holder, "SELECT pg_advisory_lock(1398033486, " + plant_id(*holder, "TEST") + ")");
    Events ev;
    const Event e = ev.sheet("KSO-1");
    Result<EventAnswer> blocked = append(*store, e, Timestamp{1});  // lock_timeout: 5 s
    REQUIRE_FALSE(blocked);
    CHECK(blocked.error().code() == Code::Unavailable);
    CHECK(store->counts()->events == 0);

    raw_exec(*holder, "SELECT pg_advisory_unlock_all()");
    Result<EventAnswer> after = append(*store, e, Timestamp{2});
    REQUIRE(after);
    CHECK(after->seq == 1);
}

TEST_CASE("postgresql store: the log and its facts refuse updates, deletes and truncation") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    auto store = open_plant(db.conninfo(), "TEST");
    Events ev;
    append_five_events(*store, ev);
    auto owner = raw(db.conninfo());
    for (const char* sql :
         {"UPDATE stampline.events SET serial = 'X' WHERE seq = 1", "DELETE FROM stampline.events",
          "TRUNCATE stampline.events CASCADE", "UPDATE stampline.facts SET code = 'X'",
          "DELETE FROM stampline.facts", "TRUNCATE stampline.complaint_log"}) {
        const Status s = owner->exec(sql);
        CHECK_MESSAGE(!s.is_ok(), sql);
        CHECK_MESSAGE(s.message().find("append-only") != std::string::npos, s.message());
    }
    CHECK(store->counts()->events == 5);
    CHECK(raw_scalar(*owner, "SELECT count(*) FROM stampline.facts") == "5");
}

TEST_CASE("postgresql store: verify_chain finds an event body altered behind its back at its seq") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    auto store = open_plant(db.conninfo(), "TEST");
    Events ev;
    append_five_events(*store, ev);
    auto owner = raw(db.conninfo());
    const std::string original =
        raw_scalar(*owner, "SELECT canonical FROM stampline.events WHERE seq = 3");
    REQUIRE(original.find("MACHINING") != std::string::npos);
    raw_exec(*owner,
             "DROP TRIGGER events_append_only ON stampline.events; "
             "UPDATE stampline.events SET canonical = replace(canonical, 'MACHINING', "
             "'ASSEMBLY') WHERE seq = 3");

    Result<std::optional<ChainBreak>> result = store->verify_chain();
    REQUIRE(result);
    REQUIRE(result->has_value());
    CHECK((*result)->index == 2);  // seq 3
    const std::string hash2 = raw_scalar(*owner, "SELECT hash FROM stampline.events WHERE seq = 2");
    std::string altered = original;
    altered.replace(altered.find("MACHINING"), 9, "ASSEMBLY");
    CHECK((*result)->expected == chain_hash(hash2, altered));
    CHECK((*result)->found == chain_hash(hash2, original));
}

TEST_CASE("postgresql store: verify_chain names the seq of an event removed from the log") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    auto store = open_plant(db.conninfo(), "TEST");
    Events ev;
    append_five_events(*store, ev);
    auto owner = raw(db.conninfo());
    raw_exec(
        *owner,
        "DROP TRIGGER events_append_only ON stampline.events; "
        "DROP TRIGGER facts_append_only ON stampline.facts; "
        "DELETE FROM stampline.facts WHERE seq = 3; DELETE FROM stampline.events WHERE seq = 3");

    Result<std::optional<ChainBreak>> result = store->verify_chain();
    REQUIRE_FALSE(result);
    CHECK(result.error().code() == Code::Corruption);
    CHECK_MESSAGE(result.error().message().find("event seq 3 is missing") != std::string::npos,
                  result.error().message());
}

TEST_CASE("postgresql store: verify_chain reports a row moved to another trail by its serial") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    auto store = open_plant(db.conninfo(), "TEST");
    Events ev;
    append_five_events(*store, ev);
    auto owner = raw(db.conninfo());
    raw_exec(*owner,
             "DROP TRIGGER events_append_only ON stampline.events; "
             "UPDATE stampline.events SET serial = 'KSO-2' WHERE seq = 3");

    Result<std::optional<ChainBreak>> result = store->verify_chain();
    REQUIRE_FALSE(result);
    CHECK(result.error().code() == Code::Corruption);
    CHECK(result.error().message().find("event seq 3: column serial") != std::string::npos);
}

TEST_CASE("postgresql store: a newer schema version is refused with an upgrade message") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    open_plant(db.conninfo(), "TEST");
    auto owner = raw(db.conninfo());
    CHECK(raw_scalar(*owner, "SELECT value FROM stampline.meta WHERE key = 'schema_version'") ==
          std::to_string(kPgSchemaVersion));
    raw_exec(*owner, "UPDATE stampline.meta SET value = '99' WHERE key = 'schema_version'");

    Result<std::unique_ptr<Store>> store = try_open(db.conninfo(), "TEST");
    REQUIRE_FALSE(store);
    CHECK(store.error().code() == Code::InvalidArgument);
    CHECK(store.error().message() == "database " + db.name() +
                                         " has schema version 99; this stampline knows up to " +
                                         std::to_string(kPgSchemaVersion) + ": upgrade stampline");
}

TEST_CASE("postgresql store: another application's stampline schema is refused, not altered") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    auto owner = raw(db.conninfo());
    raw_exec(*owner,
             "CREATE SCHEMA stampline; "
             "CREATE TABLE stampline.customers (id integer PRIMARY KEY, name text)");

    Result<std::unique_ptr<Store>> store = try_open(db.conninfo(), "TEST");
    REQUIRE_FALSE(store);
    CHECK(store.error().code() == Code::Corruption);
    CHECK(store.error().message().find(db.name()) != std::string::npos);
    CHECK(store.error().message().find("not a stampline database") != std::string::npos);
    CHECK(raw_scalar(*owner,
                     "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class c JOIN "
                     "pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'stampline' "
                     "AND relkind = 'r'") == "customers");
}

TEST_CASE("postgresql store: without create_if_missing no schema or no such plant is NotFound") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    Result<std::unique_ptr<Store>> none = try_open(db.conninfo(), "TEST", /*create=*/false);
    REQUIRE_FALSE(none);
    CHECK(none.error().code() == Code::NotFound);
    auto owner = raw(db.conninfo());
    CHECK(raw_scalar(*owner, "SELECT count(*) FROM pg_namespace WHERE nspname = 'stampline'") ==
          "0");

    open_plant(db.conninfo(), "KSO-1");
    Result<std::unique_ptr<Store>> other = try_open(db.conninfo(), "KSO-2", /*create=*/false);
    REQUIRE_FALSE(other);
    CHECK(other.error().code() == Code::NotFound);
    CHECK(other.error().message().find("KSO-2") != std::string::npos);
    CHECK(try_open(db.conninfo(), "KSO-1", /*create=*/false).has_value());
}

TEST_CASE("postgresql store: two servers opening a fresh database together migrate it once") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    constexpr int kServers = 4;
    std::vector<Status> opened(kServers);
    std::vector<std::thread> threads;
    for (int i = 0; i < kServers; ++i)
        threads.emplace_back([&, i] { opened[i] = try_open(db.conninfo(), "TEST").status(); });
    for (auto& th : threads) th.join();
    for (const Status& s : opened) CHECK_MESSAGE(s.is_ok(), s.to_string());
    auto owner = raw(db.conninfo());
    CHECK(raw_scalar(*owner, "SELECT count(*) FROM stampline.plants") == "1");
    CHECK(raw_scalar(*owner, "SELECT count(*) FROM stampline.meta") == "2");
}

TEST_CASE("postgresql store: a connection string holding a password or no plant is refused") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    Result<std::unique_ptr<Store>> with_password =
        try_open(db.conninfo() + " password=secret", "TEST");
    REQUIRE_FALSE(with_password);
    CHECK(with_password.error().code() == Code::InvalidArgument);
    CHECK(with_password.error().message().find("secret") == std::string::npos);
    Result<std::unique_ptr<Store>> no_plant = try_open(db.conninfo(), "");
    REQUIRE_FALSE(no_plant);
    CHECK(no_plant.error().code() == Code::InvalidArgument);
}

TEST_CASE("postgresql store: lost connections are made again on the next write and read") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    auto store = open_plant(db.conninfo(), "TEST");
    Events ev;
    REQUIRE(append(*store, ev.sheet("KSO-1"), Timestamp{1}));
    REQUIRE(store->trail("KSO-1"));

    // As a server restart or a DBA would: every session of the store is ended.
    auto admin = raw(db.conninfo());
    const auto end_sessions = [&] {
        raw_exec(*admin,
                 "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                 "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    };
    end_sessions();
    Result<EventAnswer> next = append(*store, ev.sheet("KSO-2"), Timestamp{2});
    REQUIRE_MESSAGE(next, next.status().to_string());
    CHECK(next->seq == 2);
    Result<StoreCounts> counts = store->counts();  // a one-snapshot read
    REQUIRE_MESSAGE(counts, counts.status().to_string());
    CHECK(counts->events == 2);

    end_sessions();
    Result<std::vector<StoredEvent>> trail = store->trail("KSO-2");  // a one-statement read
    REQUIRE_MESSAGE(trail, trail.status().to_string());
    CHECK(trail->size() == 1);
}

TEST_CASE(
    "postgresql store: a failing COMMIT is Unavailable, never a promise that nothing was stored") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    auto store = open_plant(db.conninfo(), "TEST");
    // A deferred check that fails at COMMIT: the server answers the COMMIT with an error.
    auto owner = raw(db.conninfo());
    raw_exec(*owner,
             "CREATE FUNCTION stampline.refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS "
             "$$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$; "
             "CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON stampline.stamps "
             "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
             "EXECUTE FUNCTION stampline.refuse_at_commit()");
    const Status s = store->write([](WriteTxn& txn) { return txn.put_stamp(stamp_017()); });
    CHECK(s.code() == Code::Unavailable);
    CHECK_MESSAGE(s.message().find("outcome of the commit is unknown") != std::string::npos,
                  s.message());
    CHECK(s.message().find("nothing was stored") == std::string::npos);

    raw_exec(*owner, "DROP TRIGGER refuse_at_commit ON stampline.stamps");
    REQUIRE(store->write([](WriteTxn& txn) { return txn.put_stamp(stamp_017()); }));
    CHECK(store->counts()->stamps == 1);
}

TEST_CASE(
    "postgresql store: a call that goes on after one of its statements failed is not committed, "
    "the next one is") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    auto store = open_plant(db.conninfo(), "TEST");
    StampRecord bad = stamp_017();
    bad.holder = "\xff\xfe not UTF-8";  // PostgreSQL refuses the text; the transaction aborts
    Status went_on = store->write([&](WriteTxn& txn) {
        (void)txn.put_stamp(bad);
        (void)txn.put_stamp(stamp_017());  // refused too: the transaction is aborted (25P02)
        return Status::ok();               // as if nothing had happened
    });
    CHECK(went_on.code() == Code::InvalidArgument);
    CHECK(store->counts()->stamps == 0);

    Events ev;
    Result<EventAnswer> next = append(*store, ev.sheet("KSO-1"), Timestamp{1});
    REQUIRE_MESSAGE(next, next.status().to_string());
    CHECK(next->seq == 1);
}

TEST_CASE(
    "postgresql store: an append sent ahead in the pipeline that the server refuses fails its "
    "whole write, nothing of it is stored, and the next write goes on from the same head") {
    if (!on_postgresql()) return;
    pgtest::PgTestDatabase db = fresh_database();
    auto store = open_plant(db.conninfo(), "TEST");
    auto owner = raw(db.conninfo());
    raw_exec(*owner,
             "CREATE FUNCTION stampline.refuse_bad() RETURNS trigger LANGUAGE plpgsql AS $$ "
             "BEGIN IF NEW.serial = 'BAD-1' THEN RAISE EXCEPTION 'no BAD-1 here' USING ERRCODE "
             "= 'check_violation'; END IF; RETURN NEW; END $$; "
             "CREATE TRIGGER refuse_bad BEFORE INSERT ON stampline.events FOR EACH ROW "
             "EXECUTE FUNCTION stampline.refuse_bad()");
    Events ev;
    // Each id looked up first, as ingest does: its append is then sent without waiting, and its
    // refusal arrives with the next look-up (bad in the middle) or at the end of the call (last).
    const auto write_all = [&](const std::vector<Event>& events) {
        return store->write([&](WriteTxn& txn) -> Status {
            for (const Event& e : events) {
                Result<std::optional<EventAnswer>> known = txn.find_answer(e.id);
                if (!known) return known.error();
                Result<EventAnswer> answer = txn.append(e, ev.clock.now());
                if (!answer) return answer.error();
            }
            return Status::ok();
        });
    };
    for (const std::vector<Event>& batch :
         {std::vector<Event>{ev.sheet("KSO-1"), ev.sheet("BAD-1"), ev.sheet("KSO-2")},
          std::vector<Event>{ev.sheet("KSO-3"), ev.sheet("BAD-1")}}) {
        const Status s = write_all(batch);
        REQUIRE_FALSE(s.is_ok());
        CHECK(s.code() == Code::Conflict);
        CHECK_MESSAGE(s.message().find("no BAD-1 here") != std::string::npos, s.message());
        CHECK(store->counts()->events == 0);
        CHECK(raw_scalar(*owner, "SELECT count(*) FROM stampline.facts") == "0");
    }
    REQUIRE(write_all({ev.sheet("KSO-4"), ev.sheet("KSO-5")}).is_ok());
    CHECK(store->counts()->events == 2);
    CHECK(raw_scalar(*owner, "SELECT count(*) FROM stampline.facts") == "2");
    Result<std::optional<ChainBreak>> chain = store->verify_chain();
    REQUIRE(chain.has_value());
    CHECK_FALSE(chain->has_value());
}
