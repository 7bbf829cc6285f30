// Corrective actions (service/corrective_actions.h) over both stores: validation against the
// plant, the allowed status transitions, verification only of done actions, the append-only
// history, and the per-month due / done / overdue figures on a hand-built set with known answers.
// Then the SQLite side: the log refuses changes through SQL, and migration 2 upgrades a database
// left at schema version 1.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/service/corrective_actions.h"
#include "server/store/memory_store.h"
#include "server/store/sqlite_store.h"
#include "service_fixture.h"
#include "sqlite_fixture.h"
#include "store_backends.h"

using namespace stampline;
using namespace stampline::server;
using test::open_store;
using test::raw_exec_code;
using test::raw_scalar;
using test::TempDir;

namespace {

Timestamp at(const char* utc) {
    return parse_utc(utc).value();
}

NewCorrectiveAction sample(Date due = Date{2026, 12, 15}) {
    // Recorded at the October review meeting (the fixture's clock is 2026-11-02).
    return {"Wiring check list at assembly",
            {"DOC-01"},
            {"MACHINING"},
            "Quality",
            due,
            YearMonth{2026, 10}};
}

}  // namespace

TEST_CASE(
    "store: corrective actions: a created action is numbered per year and read back as stored") {
    test::on_each_store([](Store& store) {
        test::ServiceFixture fx;
        Result<CorrectiveAction> a =
            create_corrective_action(store, fx.plant, fx.clock, sample(), "auditor:t-1");
        REQUIRE_MESSAGE(a.has_value(), a.status().to_string());
        CHECK(a->id == "CA-2026-001");
        CHECK(a->status == CaStatus::Open);
        CHECK(a->created_by == "auditor:t-1");
        CHECK(a->created_at == fx.clock.now());
        CHECK(a->nc_codes == std::vector<std::string>{"DOC-01"});
        CHECK(a->stages == std::vector<std::string>{"MACHINING"});
        CHECK(a->due == Date{2026, 12, 15});
        CHECK(a->review_month == YearMonth{2026, 10});
        CHECK_FALSE(a->verification.has_value());
        CHECK(a->history.empty());

        Result<CorrectiveAction> b =
            create_corrective_action(store, fx.plant, fx.clock, sample(), "auditor:t-1");
        REQUIRE(b.has_value());
        CHECK(b->id == "CA-2026-002");
        fx.clock.set(at("2027-01-05T09:00:00.000Z"));
        Result<CorrectiveAction> c =
            create_corrective_action(store, fx.plant, fx.clock, sample(), "auditor:t-1");
        REQUIRE(c.has_value());
        CHECK(c->id == "CA-2027-001");

        Result<CorrectiveAction> read = corrective_action(store, "CA-2026-002");
        REQUIRE(read.has_value());
        CHECK(read->title == "Wiring check list at assembly");
        Result<std::vector<CorrectiveAction>> all = corrective_actions(store);
        REQUIRE(all.has_value());
        REQUIRE(all->size() == 3);
        CHECK((*all)[0].id == "CA-2026-001");
        CHECK((*all)[2].id == "CA-2027-001");
        CHECK(corrective_action(store, "CA-1999-001").error().code() == Code::NotFound);
    });
}

TEST_CASE(
    "store: corrective actions: invalid fields are refused naming the field and nothing is "
    "stored") {
    test::on_each_store([](Store& store) {
        test::ServiceFixture fx;
        auto refused = [&](NewCorrectiveAction a, const std::string& field) {
            Result<CorrectiveAction> r =
                create_corrective_action(store, fx.plant, fx.clock, a, "auditor:t-1");
            REQUIRE_FALSE(r.has_value());
            CHECK(r.error().code() == Code::InvalidArgument);
            CHECK_MESSAGE(r.error().message().rfind(field + ":", 0) == 0, r.error().message());
        };
        NewCorrectiveAction a = sample();
        a.title = "";
        refused(a, "title");
        a = sample();
        a.owner_department = "";
        refused(a, "owner_department");
        a = sample();
        a.nc_codes = {"NO-SUCH"};
        refused(a, "nc_codes");
        a = sample();
        a.nc_codes = {"DOC-01", "DOC-01"};
        refused(a, "nc_codes");
        a = sample();
        a.stages = {"NOWHERE"};
        refused(a, "stages");
        a = sample();
        a.due = Date{2026, 2, 30};
        refused(a, "due");
        a = sample();
        a.review_month = YearMonth{2026, 12};  // the clock is in November: no such review yet
        refused(a, "review_month");
        a = sample();
        a.review_month = YearMonth{2026, 13};
        refused(a, "review_month");
        CHECK(corrective_actions(store)->empty());
    });
}

TEST_CASE(
    "store: corrective actions: only allowed transitions are made and each is kept in history") {
    test::on_each_store([](Store& store) {
        test::ServiceFixture fx;
        const std::string id =
            create_corrective_action(store, fx.plant, fx.clock, sample(), "auditor:t-1")->id;
        fx.clock.advance_ms(1000);
        Result<CorrectiveAction> a = set_corrective_action_status(
            store, fx.clock, id, CaStatus::InProgress, "started", "auditor:t-2");
        REQUIRE_MESSAGE(a.has_value(), a.status().to_string());
        CHECK(a->status == CaStatus::InProgress);
        // The same status again is not a transition.
        Result<CorrectiveAction> same = set_corrective_action_status(
            store, fx.clock, id, CaStatus::InProgress, "", "auditor:t-2");
        CHECK(same.error().code() == Code::Conflict);
        fx.clock.advance_ms(1000);
        a = set_corrective_action_status(store, fx.clock, id, CaStatus::Done, "fixed",
                                         "auditor:t-2");
        REQUIRE(a.has_value());
        CHECK(a->done_at() == fx.clock.now());
        // Done is final.
        for (CaStatus to : {CaStatus::Open, CaStatus::InProgress, CaStatus::Cancelled}) {
            Result<CorrectiveAction> r =
                set_corrective_action_status(store, fx.clock, id, to, "", "auditor:t-2");
            CHECK(r.error().code() == Code::Conflict);
        }
        a = corrective_action(store, id);
        REQUIRE(a->history.size() == 2);
        CHECK(a->history[0].from == CaStatus::Open);
        CHECK(a->history[0].to == CaStatus::InProgress);
        CHECK(a->history[0].note == "started");
        CHECK(a->history[0].by == "auditor:t-2");
        CHECK(a->history[1].from == CaStatus::InProgress);
        CHECK(a->history[1].to == CaStatus::Done);
        // Every change is a new log entry: the creation and two status changes.
        CHECK(store.corrective_action_entries(id)->size() == 3);

        CHECK(set_corrective_action_status(store, fx.clock, "CA-1999-001", CaStatus::Done, "", "x")
                  .error()
                  .code() == Code::NotFound);
        const std::string other =
            create_corrective_action(store, fx.plant, fx.clock, sample(), "auditor:t-1")->id;
        REQUIRE(set_corrective_action_status(store, fx.clock, other, CaStatus::Cancelled, "",
                                             "auditor:t-1"));
        CHECK(set_corrective_action_status(store, fx.clock, other, CaStatus::Open, "", "x")
                  .error()
                  .code() == Code::Conflict);
    });
}

TEST_CASE("store: corrective actions: verification is recorded only for a done action, once") {
    test::on_each_store([](Store& store) {
        test::ServiceFixture fx;
        const std::string id =
            create_corrective_action(store, fx.plant, fx.clock, sample(), "auditor:t-1")->id;
        Result<CorrectiveAction> early =
            verify_corrective_action(store, fx.clock, id, true, "", "auditor:t-1");
        REQUIRE_FALSE(early.has_value());
        CHECK(early.error().code() == Code::Conflict);
        REQUIRE(set_corrective_action_status(store, fx.clock, id, CaStatus::Done, "", "a"));
        fx.clock.advance_ms(5000);
        Result<CorrectiveAction> v = verify_corrective_action(store, fx.clock, id, false,
                                                              "the escapes went on", "auditor:t-9");
        REQUIRE_MESSAGE(v.has_value(), v.status().to_string());
        REQUIRE(v->verification.has_value());
        CHECK_FALSE(v->verification->effective);
        CHECK(v->verification->note == "the escapes went on");
        CHECK(v->verification->by == "auditor:t-9");
        CHECK(v->verification->at == fx.clock.now());
        CHECK(verify_corrective_action(store, fx.clock, id, true, "", "a").error().code() ==
              Code::Conflict);
        CHECK(corrective_action(store, id)->verification->effective == false);
    });
}

TEST_CASE("store: corrective actions: due, done on time, done late and overdue per month") {
    // Built by hand, all in 2026; "now" is 2026-11-20.
    //   A due 09-10, done 09-05          -> Sep: due, done on time
    //   B due 09-20, done 10-03          -> Sep: due, overdue; Oct: done late
    //   C due 10-31, still open          -> Oct: due, overdue; Nov: overdue (at now)
    //   D due 10-15, cancelled 10-01     -> nowhere
    //   E due 11-30, in progress         -> Nov: due (not yet overdue at now)
    //   August and December have nothing (December has not begun: no overdue either).
    test::on_each_store([](Store& store) {
        test::ServiceFixture fx;
        auto make = [&](const char* created, Date due) {
            fx.clock.set(at(created));
            NewCorrectiveAction n = sample(due);
            n.review_month = previous_month(month_of(at(created)));
            Result<CorrectiveAction> a =
                create_corrective_action(store, fx.plant, fx.clock, n, "auditor:t-1");
            REQUIRE(a.has_value());
            return a->id;
        };
        auto move = [&](const std::string& id, const char* when, CaStatus to) {
            fx.clock.set(at(when));
            REQUIRE(set_corrective_action_status(store, fx.clock, id, to, "", "auditor:t-1"));
        };
        const std::string a = make("2026-08-20T10:00:00.000Z", Date{2026, 9, 10});
        const std::string b = make("2026-08-20T10:00:01.000Z", Date{2026, 9, 20});
        const std::string c = make("2026-08-20T10:00:02.000Z", Date{2026, 10, 31});
        const std::string d = make("2026-08-20T10:00:03.000Z", Date{2026, 10, 15});
        const std::string e = make("2026-10-20T10:00:00.000Z", Date{2026, 11, 30});
        move(a, "2026-09-05T12:00:00.000Z", CaStatus::Done);
        move(b, "2026-09-10T12:00:00.000Z", CaStatus::InProgress);
        move(b, "2026-10-03T12:00:00.000Z", CaStatus::Done);
        move(d, "2026-10-01T12:00:00.000Z", CaStatus::Cancelled);
        move(e, "2026-11-02T12:00:00.000Z", CaStatus::InProgress);

        Result<std::vector<CorrectiveAction>> all = corrective_actions(store);
        REQUIRE(all.has_value());
        const std::vector<CaMonthFigures> m =
            corrective_action_months(*all, YearMonth{2026, 8}, YearMonth{2026, 12},
                                     at("2026-11-20T08:00:00.000Z"), TimeZone());
        REQUIRE(m.size() == 5);
        auto row = [](const CaMonthFigures& f) {
            return std::vector<int>{f.due, f.done_on_time, f.done_late, f.overdue};
        };
        CHECK(m[0].month == YearMonth{2026, 8});
        CHECK(row(m[0]) == std::vector<int>{0, 0, 0, 0});
        CHECK(row(m[1]) == std::vector<int>{2, 1, 0, 1});  // Sep
        CHECK(row(m[2]) == std::vector<int>{1, 0, 1, 1});  // Oct
        CHECK(row(m[3]) == std::vector<int>{1, 0, 0, 1});  // Nov, at now
        CHECK(row(m[4]) == std::vector<int>{0, 0, 0, 0});  // Dec
        CHECK(m[4].month == YearMonth{2026, 12});
        CHECK(m[2].done() == 1);
    });
}

TEST_CASE(
    "store: corrective actions: the review month is kept, and read from the creation month for "
    "entries written before it existed") {
    test::on_each_store([](Store& store) {
        test::ServiceFixture fx;
        fx.clock.set(at("2026-12-05T09:30:00.000Z"));
        NewCorrectiveAction november = sample();
        november.review_month = YearMonth{2026, 11};  // the November meeting, held in December
        Result<CorrectiveAction> a =
            create_corrective_action(store, fx.plant, fx.clock, november, "auditor:t-1");
        REQUIRE(a.has_value());
        CHECK(a->review_month == YearMonth{2026, 11});

        // What the first release wrote: no review_month in the created entry's body.
        CorrectiveActionEntry old;
        old.action_id = "CA-2026-900";
        old.kind = "created";
        old.body = R"({"title":"old","nc_codes":[],"stages":[],"owner_department":"Q",)"
                   R"("due":"2026-10-31"})";
        old.at = at("2026-09-28T15:00:00.000Z");
        old.by = "auditor:t-1";
        REQUIRE(store.write([&](WriteTxn& txn) -> Status {
            Result<std::int64_t> seq = txn.append_corrective_action_entry(old);
            return seq ? Status::ok() : seq.error();
        }));
        Result<CorrectiveAction> read = corrective_action(store, "CA-2026-900");
        REQUIRE_MESSAGE(read.has_value(), read.status().to_string());
        CHECK(read->review_month == YearMonth{2026, 9});
        CHECK(corrective_action(store, a->id)->review_month == YearMonth{2026, 11});
    });
}

TEST_CASE("corrective actions: months are parsed as YYYY-MM and nothing else") {
    CHECK(parse_year_month("2026-03").value() == YearMonth{2026, 3});
    CHECK_FALSE(parse_year_month("2026-13").has_value());
    CHECK_FALSE(parse_year_month("2026-3").has_value());
    CHECK_FALSE(parse_year_month("2026-03-01").has_value());
    CHECK(format_year_month(YearMonth{2026, 3}) == "2026-03");
    CHECK(next_month(YearMonth{2026, 12}) == YearMonth{2027, 1});
    CHECK(previous_month(YearMonth{2027, 1}) == YearMonth{2026, 12});
    CHECK(month_of(at("2028-02-29T23:59:59.999Z")) == YearMonth{2028, 2});
    CHECK_FALSE(parse_year_month("0000-01").has_value());
}

TEST_CASE("sqlite store: the corrective action log refuses updates and deletes made through SQL") {
    TempDir dir;
    const std::string path = dir.file("stampline.db");
    {
        std::unique_ptr<Store> store = open_store(path);
        test::ServiceFixture fx;
        REQUIRE(create_corrective_action(*store, fx.plant, fx.clock, sample(), "auditor:t-1"));
    }
    CHECK(raw_exec_code(path, "UPDATE corrective_action_log SET body = '{}'") == SQLITE_CONSTRAINT);
    CHECK(raw_exec_code(path, "DELETE FROM corrective_action_log") == SQLITE_CONSTRAINT);
    std::unique_ptr<Store> store = open_store(path);
    CHECK(corrective_action(*store, "CA-2026-001")->title == "Wiring check list at assembly");
}

TEST_CASE("sqlite store: a database at schema version 1 is migrated, its data kept") {
    TempDir dir;
    const std::string path = dir.file("stampline.db");
    {
        std::unique_ptr<Store> store = open_store(path);
        test::ServiceFixture fx;
        fx.store = std::move(store);
        fx.add_stamps();
    }
    // Back to what schema version 1 left: migrations 2 to 5 added the corrective action log,
    // the procedure audits, the id conflicts, the complaint log and the CRM deliveries.
    REQUIRE(raw_exec_code(
                path,
                "DROP TABLE corrective_action_log; DROP TABLE procedure_audit; "
                "DROP TABLE id_conflicts; DROP TABLE complaint_log; DROP TABLE "
                "crm_deliveries; DROP TABLE units; DROP TABLE facts; DROP TABLE kept_figures; "
                "PRAGMA user_version = 1;") == SQLITE_OK);
    REQUIRE(raw_scalar(path, "PRAGMA user_version") == "1");
    REQUIRE(raw_scalar(path,
                       "SELECT count(*) FROM sqlite_schema WHERE name LIKE "
                       "'corrective_action%'") == "0");

    std::unique_ptr<Store> store = open_store(path);
    CHECK(raw_scalar(path, "PRAGMA user_version") == std::to_string(kSqliteSchemaVersion));
    CHECK(store->stamps()->size() == 2);
    test::ServiceFixture fx;
    Result<CorrectiveAction> a =
        create_corrective_action(*store, fx.plant, fx.clock, sample(), "auditor:t-1");
    REQUIRE_MESSAGE(a.has_value(), a.status().to_string());
    CHECK(corrective_actions(*store)->size() == 1);
    CHECK(raw_scalar(path,
                     "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name "
                     "LIKE 'corrective_action_log_%'") == "2");
}
