// `stampline store copy` below the CLI (service/store_copy.h): a SQLite record moved into a plant
// of a PostgreSQL database answers every read as the file did; a broken source, a target plant
// holding anything and a row PostgreSQL cannot store are refused with nothing written. Each case
// runs on a database of its own in the test cluster when STAMPLINE_TEST_STORE=postgresql;
// otherwise it prints the line CTest reports as skipped.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pg/pg_test_database.h"
#include "server/service/store_copy.h"
#include "server/store/pg/pg_store.h"
#include "sqlite_fixture.h"
#include "store_backends.h"
#include "store_test_events.h"

using namespace stampline;
using namespace stampline::server;
using namespace stampline::test;

namespace {

RecordTarget pg_target(const pgtest::PgTestDatabase& db, const std::string& plant = "KSO-1") {
    return RecordTarget{{StoreKind::Postgresql, db.conninfo()}, plant, ""};
}

Result<std::unique_ptr<Store>> open_pg(const pgtest::PgTestDatabase& db, bool create,
                                       const std::string& plant = "KSO-1") {
    return open_pg_store(
        {.conninfo = db.conninfo(), .password = "", .plant = plant, .create_if_missing = create});
}

// A SQLite record with something in every table of a plant's record.
void fill_record(Store& store, Events& ev) {
    append_five_events(store, ev);
    const Event refused = ev.sign_off("KSO-2", "PAINT");
    const Event accepted_later = ev.sign_off("KSO-2", "MACHINING");
    REQUIRE(refuse(store, refused, Timestamp{100}));
    REQUIRE(refuse(store, accepted_later, Timestamp{101}));
    REQUIRE(store.write([&](WriteTxn& txn) {
        Result<EventAnswer> a =
            txn.accept_quarantined(accepted_later, canonical_event(accepted_later), Timestamp{102},
                                   "checked", "auditor:t-1");
        return a.status();
    }));
    REQUIRE(store.write([&](WriteTxn& txn) {
        return txn.record_id_conflict(
            IdConflict{refused.id, Timestamp{103}, "ST-ASM-2", "other text", "stored text"});
    }));
    REQUIRE(store.write([](WriteTxn& txn) { return txn.put_stamp(stamp_017()); }));
    REQUIRE(store.write([](WriteTxn& txn) {
        if (Status s = txn.put_token("hash-admin", token("t-admin", Role::Admin, 1)); !s) return s;
        if (Status s = txn.put_token("hash-term", token("t-term", Role::Terminal, 2)); !s) return s;
        return txn.revoke_token("t-term");
    }));
    REQUIRE(store.write([](WriteTxn& txn) {
        Result<std::int64_t> a = txn.append_corrective_action_entry(
            {0, "CA-2026-001", "created", R"({"title":"fix"})", Timestamp{200}, "auditor:t-1"});
        if (!a) return a.status();
        Result<std::int64_t> b = txn.append_procedure_audit(
            {0, "KSO-1", "017", AuditResult::Finding, "no stamp", "auditor:t-1", Timestamp{201}});
        if (!b) return b.status();
        Result<std::int64_t> c =
            txn.append_complaint_entry({0, "CL-2026-001", "registered", R"({"customer":"X"})",
                                        Timestamp{202}, "service:t-2", ""});
        if (!c) return c.status();
        Result<std::int64_t> d = txn.append_complaint_entry(
            {0, "CL-2026-001", "notice", R"({"text":"hi"})", Timestamp{203}, "service:t-2", ""});
        if (!d) return d.status();
        if (Status s = txn.append_crm_delivery({0, 1, 1, Timestamp{204}, false, "HTTP 500"}); !s)
            return s;
        return txn.keep_figures("month:2026-11", KeptFigures{5, "{}"});
    }));
}

// Every event of a unit's facts, flattened to compare two stores' analyses.
std::vector<std::string> facts_of(Store& store) {
    std::vector<std::string> out;
    Result<std::int64_t> position =
        store.units_acting(Timestamp{0}, Timestamp{4102444800000}, [&](const UnitFacts& unit) {
            for (const Event& e : unit.events)
                out.push_back(e.serial + " " + event_kind_name(e.kind()) + " " + e.stage + " " +
                              std::to_string(unit.last_seq));
            return Status::ok();
        });
    REQUIRE_MESSAGE(position.has_value(), position.status().to_string());
    out.push_back("position " + std::to_string(*position));
    return out;
}

}  // namespace

TEST_CASE("postgresql store: a copied SQLite record answers every read as the file did") {
    if (!on_postgresql()) return;
    TempDir dir;
    const std::string path = dir.file("plant.db");
    Events ev;
    {
        auto source = open_store(path);
        fill_record(*source, ev);
    }
    pgtest::PgTestDatabase db = fresh_database();
    Result<StoreCopyReport> report = copy_sqlite_to_postgresql(sqlite_file(path), pg_target(db));
    REQUIRE_MESSAGE(report.has_value(), report.status().to_string());
    CHECK(report->copied.events == 6);
    CHECK(report->copied.quarantine == 2);
    CHECK(report->unresolved_quarantine == 1);
    CHECK(report->copied.tokens == 2);
    CHECK(report->copied.complaints == 2);
    CHECK(report->head_seq == 6);

    auto source = open_store(path);
    Result<std::unique_ptr<Store>> opened = open_pg(db, false);
    REQUIRE_MESSAGE(opened.has_value(), opened.status().to_string());
    Store& target = **opened;

    CHECK(report->head_hash == source->counts()->head_hash);
    CHECK(target.counts()->head_hash == source->counts()->head_hash);
    const auto events = source->all_events().value();
    const auto copied = target.all_events().value();
    REQUIRE(copied.size() == events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        CHECK(copied[i].seq == events[i].seq);
        CHECK(copied[i].hash == events[i].hash);
        CHECK(copied[i].received_at == events[i].received_at);
        CHECK(canonical_event(copied[i].event) == canonical_event(events[i].event));
    }
    CHECK(target.trail("KSO-2")->size() == source->trail("KSO-2")->size());
    CHECK(facts_of(target) == facts_of(*source));
    const UnitsSummary want = source->units_summary().value();
    const UnitsSummary got = target.units_summary().value();
    CHECK(got.first_act == want.first_act);
    CHECK(got.last_act == want.last_act);
    REQUIRE(got.progress.size() == want.progress.size());
    for (std::size_t i = 0; i < want.progress.size(); ++i) {
        CHECK(got.progress[i].product_type == want.progress[i].product_type);
        CHECK(got.progress[i].stages_signed == want.progress[i].stages_signed);
        CHECK(got.progress[i].on_hold == want.progress[i].on_hold);
        CHECK(got.progress[i].units == want.progress[i].units);
    }

    const auto q_want = source->quarantine_entries(true).value();
    const auto q_got = target.quarantine_entries(true).value();
    REQUIRE(q_got.size() == 2);
    for (std::size_t i = 0; i < q_want.size(); ++i) {
        CHECK(q_got[i].answer.id == q_want[i].answer.id);
        CHECK(q_got[i].resolved == q_want[i].resolved);
        CHECK(q_got[i].resolution == q_want[i].resolution);
        CHECK(q_got[i].resolved_by == q_want[i].resolved_by);
        CHECK(q_got[i].accepted_seq == q_want[i].accepted_seq);
        CHECK(q_got[i].event_json == q_want[i].event_json);
    }
    CHECK(q_got[1].accepted_seq == 6);
    // An accepted event is answered as accepted, a refused one as refused.
    CHECK(find_answer(target, q_want[1].answer.id)->value().seq == 6);
    CHECK(find_answer(target, q_want[0].answer.id)->value().verdict == Verdict::Refused);

    REQUIRE(target.id_conflicts()->size() == 1);
    CHECK(target.id_conflicts()->at(0).stored_text == "stored text");
    REQUIRE(target.stamp("017")->has_value());
    check_same_stamp(target.stamp("017")->value(), stamp_017());
    // The tokens' secrets keep working (only their hashes were ever stored).
    REQUIRE(target.token_by_hash("hash-admin")->has_value());
    CHECK(target.token_by_hash("hash-admin")->value().role == Role::Admin);
    CHECK(target.token_by_hash("hash-term")->value().revoked);
    CHECK(target.corrective_action_entries("")->at(0).body == R"({"title":"fix"})");
    CHECK(target.procedure_audits("KSO-1", "")->at(0).text == "no stamp");
    const auto c_want = source->complaint_entries("").value();
    const auto c_got = target.complaint_entries("").value();
    REQUIRE(c_got.size() == 2);
    CHECK(c_got[1].hash == c_want[1].hash);
    CHECK(target.crm_deliveries()->at(0).detail == "HTTP 500");
    // Kept figures are derived, not copied.
    CHECK_FALSE(target.kept_figures("month:2026-11")->has_value());
    // The copy goes on as the plant's log: the next event links to the copied head.
    const Event next = ev.sign_off("KSO-1", "ASSEMBLY");
    Result<EventAnswer> appended = append(target, next, Timestamp{300});
    REQUIRE(appended);
    CHECK(appended->seq == 7);
    CHECK_FALSE(target.verify_chain()->has_value());
    CHECK(store_copy_summary(*report).find("head 6:" + report->head_hash + " on both sides") !=
          std::string::npos);
}

TEST_CASE("postgresql store: a copy into a plant that holds anything is refused") {
    if (!on_postgresql()) return;
    TempDir dir;
    const std::string path = dir.file("plant.db");
    Events ev;
    {
        auto source = open_store(path);
        append_five_events(*source, ev);
    }
    pgtest::PgTestDatabase db = fresh_database();
    {
        Result<std::unique_ptr<Store>> plant = open_pg(db, true);
        REQUIRE(plant);
        // A stamp alone is a record.
        REQUIRE((*plant)->write([](WriteTxn& txn) { return txn.put_stamp(stamp_017()); }));
    }
    Result<StoreCopyReport> report = copy_sqlite_to_postgresql(sqlite_file(path), pg_target(db));
    REQUIRE_FALSE(report.has_value());
    CHECK(report.error().code() == Code::Conflict);
    CHECK_MESSAGE(report.error().message().find("refusing to overwrite") != std::string::npos,
                  report.error().message());
    CHECK(report.error().message().find("1 stamps") != std::string::npos);
    Result<std::unique_ptr<Store>> plant = open_pg(db, false);
    REQUIRE(plant);
    CHECK((*plant)->counts()->events == 0);

    // A second copy after a first one is refused the same way; another plant code is not.
    REQUIRE(copy_sqlite_to_postgresql(sqlite_file(path), pg_target(db, "KSO-2")));
    Result<StoreCopyReport> again =
        copy_sqlite_to_postgresql(sqlite_file(path), pg_target(db, "KSO-2"));
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().message().find("refusing to overwrite") != std::string::npos);
    CHECK(again.error().message().find("5 events") != std::string::npos);
}

TEST_CASE("postgresql store: a source whose chain is broken is refused naming the seq") {
    if (!on_postgresql()) return;
    TempDir dir;
    const std::string path = dir.file("plant.db");
    Events ev;
    {
        auto source = open_store(path);
        append_five_events(*source, ev);
    }
    REQUIRE(raw_exec_code(path,
                          "DROP TRIGGER events_no_update; UPDATE events SET canonical = "
                          "replace(canonical, 'PAINT', 'PAlNT') WHERE seq = 4") == SQLITE_OK);
    pgtest::PgTestDatabase db = fresh_database();
    Result<StoreCopyReport> report = copy_sqlite_to_postgresql(sqlite_file(path), pg_target(db));
    REQUIRE_FALSE(report.has_value());
    CHECK(report.error().code() == Code::Corruption);
    CHECK_MESSAGE(report.error().message().find("broken at seq 4") != std::string::npos,
                  report.error().message());
    // Nothing was made in the target: not even the plant.
    CHECK(open_pg(db, false).error().code() == Code::NotFound);
}

TEST_CASE("postgresql store: a row PostgreSQL cannot store is named and nothing is written") {
    if (!on_postgresql()) return;
    TempDir dir;
    const std::string path = dir.file("plant.db");
    Events ev;
    {
        auto source = open_store(path);
        append_five_events(*source, ev);
        REQUIRE(source->write([](WriteTxn& txn) { return txn.put_stamp(stamp_017()); }));
        REQUIRE(source->write(
            [](WriteTxn& txn) { return txn.put_token("hash-a", token("t-a", Role::Admin, 1)); }));
    }
    pgtest::PgTestDatabase db = fresh_database();

    SUBCASE("a NUL character in a stamp holder's name") {
        REQUIRE(raw_exec_code(path, "UPDATE stamps SET holder = 'Ivan' || char(0) || 'ov'") ==
                SQLITE_OK);
        Result<StoreCopyReport> report =
            copy_sqlite_to_postgresql(sqlite_file(path), pg_target(db));
        REQUIRE_FALSE(report.has_value());
        CHECK(report.error().code() == Code::InvalidArgument);
        CHECK_MESSAGE(report.error().message().find("stamps id 017") != std::string::npos,
                      report.error().message());
        CHECK(report.error().message().find("NUL") != std::string::npos);
    }
    SUBCASE("invalid UTF-8 in a token's label") {
        REQUIRE(raw_exec_code(path, "UPDATE tokens SET label = CAST(x'41ff42' AS TEXT)") ==
                SQLITE_OK);
        Result<StoreCopyReport> report =
            copy_sqlite_to_postgresql(sqlite_file(path), pg_target(db));
        REQUIRE_FALSE(report.has_value());
        CHECK(report.error().code() == Code::InvalidArgument);
        CHECK_MESSAGE(report.error().message().find("tokens id t-a") != std::string::npos,
                      report.error().message());
    }
    // The events went in before the refused row: rolled back with it, the plant too.
    CHECK(open_pg(db, false).error().code() == Code::NotFound);
}
