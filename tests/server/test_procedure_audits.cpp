// Procedure audits (service/procedure_audits.h) over both stores: recorded on a unit, a stamp
// holder or both and read back by subject; refusals naming the field; unknown subjects. Then the
// SQLite side: the table refuses changes through SQL, and migration 3 upgrades a database left at
// schema version 2. And the per-stamp oversight counts audits and findings.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "server/analytics/stamp_oversight.h"
#include "server/analytics_fixture.h"
#include "server/service/procedure_audits.h"
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

// A fixture with stamps 017 and 042 and units SN1, SN2, over a fresh store of each backend under
// test (store_backends.h).
void for_each_store(const std::function<void(test::ServiceFixture&)>& body) {
    for (test::Backend backend : test::backends_under_test()) {
        SUBCASE(test::backend_name(backend)) {
            test::TestStore home(backend);
            test::ServiceFixture fx;
            if (home.durable()) fx.store = home.another_handle();
            fx.add_stamps();
            fx.issue("SN1");
            fx.issue("SN2");
            body(fx);
        }
    }
}

NewProcedureAudit audit(std::string serial, std::string stamp, std::string result,
                        std::string text = "") {
    return {std::move(serial), std::move(stamp), std::move(result), std::move(text)};
}

void refused(test::ServiceFixture& fx, const NewProcedureAudit& a, Code code,
             const std::string& field) {
    Result<ProcedureAudit> r = record_procedure_audit(*fx.store, fx.clock, a, "auditor:t-1");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code() == code);
    CHECK_MESSAGE(r.error().message().rfind(field + ":", 0) == 0, r.error().message());
}

}  // namespace

TEST_CASE(
    "store: procedure audits on a unit, a stamp holder or both are stored and read by subject") {
    for_each_store([](test::ServiceFixture& fx) {
        Store& store = *fx.store;
        Result<ProcedureAudit> a =
            record_procedure_audit(store, fx.clock, audit("SN1", "", "pass"), "auditor:t-1");
        REQUIRE_MESSAGE(a.has_value(), a.status().to_string());
        CHECK(a->id == 1);
        CHECK(a->serial == "SN1");
        CHECK(a->stamp.empty());
        CHECK(a->result == AuditResult::Pass);
        CHECK(a->actor == "auditor:t-1");
        CHECK(a->recorded_at == fx.clock.now());
        fx.clock.advance_ms(1000);
        Result<ProcedureAudit> b = record_procedure_audit(
            store, fx.clock, audit("", "017", "finding", "no PIN change for a year"), "admin:t-2");
        REQUIRE_MESSAGE(b.has_value(), b.status().to_string());
        CHECK(b->id == 2);
        CHECK(b->result == AuditResult::Finding);
        CHECK(b->text == "no PIN change for a year");
        fx.clock.advance_ms(1000);
        Result<ProcedureAudit> c = record_procedure_audit(
            store, fx.clock, audit("SN1", "042", "finding", "checklist ticked ahead"), "a");
        REQUIRE_MESSAGE(c.has_value(), c.status().to_string());

        auto ids = [](const Result<std::vector<ProcedureAudit>>& r) {
            REQUIRE(r.has_value());
            std::vector<std::int64_t> out;
            for (const ProcedureAudit& x : *r) out.push_back(x.id);
            return out;
        };
        CHECK(ids(store.procedure_audits("", "")) == std::vector<std::int64_t>{1, 2, 3});
        CHECK(ids(store.procedure_audits("SN1", "")) == std::vector<std::int64_t>{1, 3});
        CHECK(ids(store.procedure_audits("", "042")) == std::vector<std::int64_t>{3});
        CHECK(ids(store.procedure_audits("SN1", "042")) == std::vector<std::int64_t>{3});
        CHECK(ids(store.procedure_audits("SN1", "017")).empty());
        CHECK(ids(store.procedure_audits("SN2", "")).empty());
        const ProcedureAudit read = store.procedure_audits("", "017")->front();
        CHECK(read.text == "no PIN change for a year");
        CHECK(read.actor == "admin:t-2");
        CHECK(read.recorded_at == b->recorded_at);
    });
}

TEST_CASE(
    "store: procedure audits with a bad result, no subject or a finding without text are refused") {
    for_each_store([](test::ServiceFixture& fx) {
        refused(fx, audit("SN1", "", "ok"), Code::InvalidArgument, "result");
        refused(fx, audit("SN1", "", ""), Code::InvalidArgument, "result");
        refused(fx, audit("", "", "pass"), Code::InvalidArgument, "serial");
        refused(fx, audit("SN1", "", "finding"), Code::InvalidArgument, "text");
        refused(fx, audit("SN1", "", "finding", "  "), Code::InvalidArgument, "text");
        refused(fx, audit("SN1", "", "pass", std::string(2001, 'x')), Code::InvalidArgument,
                "text");
        CHECK(fx.store->procedure_audits("", "")->empty());
    });
}

TEST_CASE("store: a procedure audit on an unknown unit or stamp is not found, naming the field") {
    for_each_store([](test::ServiceFixture& fx) {
        refused(fx, audit("NOSUCH", "", "pass"), Code::NotFound, "serial");
        refused(fx, audit("", "999", "pass"), Code::NotFound, "stamp");
        refused(fx, audit("SN1", "999", "pass"), Code::NotFound, "stamp");
        CHECK(fx.store->procedure_audits("", "")->empty());
    });
}

TEST_CASE("the audit text limit counts characters, not bytes") {
    std::string cyrillic;
    for (int i = 0; i < 2000; ++i) cyrillic += "ж";  // two bytes each
    CHECK(validate_procedure_audit(audit("SN1", "", "finding", cyrillic)));
    CHECK_FALSE(validate_procedure_audit(audit("SN1", "", "finding", cyrillic + "ж")));
}

TEST_CASE("store: an audit without a subject or a finding without text is refused") {
    test::on_each_store([](Store& store) {
        ProcedureAudit a;
        a.result = AuditResult::Finding;
        a.serial = "SN1";
        Status s =
            store.write([&](WriteTxn& txn) { return txn.append_procedure_audit(a).status(); });
        CHECK(s.code() == Code::InvalidArgument);
        a.text = "x";
        a.serial.clear();
        s = store.write([&](WriteTxn& txn) { return txn.append_procedure_audit(a).status(); });
        CHECK(s.code() == Code::InvalidArgument);
        CHECK(store.procedure_audits("", "")->empty());
    });
}

TEST_CASE("sqlite store: procedure audits refuse updates and deletes made through SQL") {
    TempDir dir;
    const std::string path = dir.file("stampline.db");
    {
        test::ServiceFixture fx;
        fx.store = open_store(path);
        fx.issue("SN1");
        REQUIRE(record_procedure_audit(*fx.store, fx.clock, audit("SN1", "", "pass"), "a"));
    }
    CHECK(raw_exec_code(path, "UPDATE procedure_audit SET result = 'finding'") ==
          SQLITE_CONSTRAINT);
    CHECK(raw_exec_code(path, "DELETE FROM procedure_audit") == SQLITE_CONSTRAINT);
    CHECK(raw_exec_code(path,
                        "INSERT INTO procedure_audit (serial, stamp, result, text, actor, "
                        "recorded_at) VALUES ('', '', 'pass', '', 'a', 0)") == SQLITE_CONSTRAINT);
    std::unique_ptr<Store> store = open_store(path);
    CHECK(store->procedure_audits("SN1", "")->size() == 1);
}

TEST_CASE("sqlite store: a database at schema version 2 is migrated, its data kept") {
    TempDir dir;
    const std::string path = dir.file("stampline.db");
    {
        test::ServiceFixture fx;
        fx.store = open_store(path);
        fx.add_stamps();
    }
    // Back to what schema version 2 left: migrations 3 to 5 added the procedure audits and the
    // id conflicts, the complaint log and the CRM deliveries.
    REQUIRE(raw_exec_code(
                path,
                "DROP TABLE procedure_audit; DROP TABLE id_conflicts; DROP TABLE complaint_log; "
                "DROP TABLE crm_deliveries; DROP TABLE units; DROP TABLE facts; DROP TABLE "
                "kept_figures; "
                "PRAGMA user_version = 2;") == SQLITE_OK);
    test::ServiceFixture fx;
    fx.store = open_store(path);
    CHECK(fx.store->stamps()->size() == 2);
    Result<ProcedureAudit> a =
        record_procedure_audit(*fx.store, fx.clock, audit("", "017", "pass"), "auditor:t-1");
    REQUIRE_MESSAGE(a.has_value(), a.status().to_string());
    CHECK(fx.store->procedure_audits("", "017")->size() == 1);
    CHECK(raw_scalar(path, "PRAGMA user_version") == std::to_string(kSqliteSchemaVersion));
}

TEST_CASE("stamp oversight counts the audits and findings on each holder in the period") {
    test::ReferenceSet set;
    auto on = [](const char* stamp, AuditResult result, const char* at) {
        ProcedureAudit a;
        a.stamp = stamp;
        a.result = result;
        a.text = result == AuditResult::Finding ? "finding" : "";
        a.recorded_at = test::at_utc(at);
        return a;
    };
    ProcedureAudit on_unit;
    on_unit.serial = "U1";
    on_unit.recorded_at = test::at_utc("2026-11-03T00:00:00Z");
    const std::vector<ProcedureAudit> audits = {
        on("s1", AuditResult::Pass, "2026-11-02T00:00:00Z"),
        on("s1", AuditResult::Finding, "2026-11-05T00:00:00Z"),
        on("s2", AuditResult::Finding, "2026-11-06T00:00:00Z"),
        on("s2", AuditResult::Finding, "2026-10-31T23:59:59Z"),  // before the period
        on_unit,
    };
    const auto rows = analytics::stamp_oversight(
        set.plant, set.stamps, set.units, test::ReferenceSet::november(), {2026, 11, 29}, audits);
    auto row = [&](const std::string& stamp) {
        for (const analytics::StampOversight& s : rows)
            if (s.stamp == stamp) return s;
        FAIL("no row for " << stamp);
        return rows.front();
    };
    CHECK(row("s1").audits == 2);
    CHECK(row("s1").findings == 1);
    CHECK(row("s2").audits == 1);
    CHECK(row("s2").findings == 1);
    CHECK(row("s3").audits == 0);
    CHECK(rows.size() == 4);  // no row for the audit on a unit
}
