// `stampline store copy` end to end: a server on a SQLite file takes events, a refusal, a
// complaint and an audit; the record is copied into a fresh PostgreSQL database; a server on the
// PostgreSQL record then answers the same trail, analytics and quarantine to the same admin
// token, and an anchor taken from the file holds there. Runs as "postgresql: ..." only (it needs
// the test cluster); the plain run says so and passes.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <optional>
#include <string>

#include "integration/test_server.h"
#include "pg/pg_test_database.h"
#include "shared/time.h"

using namespace stampline;
using namespace stampline::itest;

namespace {

// Unsets STAMPLINE_TEST_STORE while alive, so that a TestServer made meanwhile keeps its record
// in a SQLite file even in a PostgreSQL run: the copy's source.
class SqliteRecordsHere {
public:
    SqliteRecordsHere() {
        if (const char* v = getenv("STAMPLINE_TEST_STORE")) saved_ = v;
        unsetenv("STAMPLINE_TEST_STORE");
    }
    ~SqliteRecordsHere() {
        if (saved_) setenv("STAMPLINE_TEST_STORE", saved_->c_str(), 1);
    }
    SqliteRecordsHere(const SqliteRecordsHere&) = delete;
    SqliteRecordsHere& operator=(const SqliteRecordsHere&) = delete;

private:
    std::optional<std::string> saved_;
};

pgtest::PgTestDatabase fresh_database() {
    Result<pgtest::PgTestDatabase> db = pgtest::PgTestDatabase::create();
    REQUIRE_MESSAGE(db.has_value(), db.status().to_string());
    return std::move(db).value();
}

// "from=YESTERDAY&to=TOMORROW": a period around the walked units' events.
std::string around_now() {
    const std::int64_t today = days_from_civil(date_of(SystemClock().now()));
    return "from=" + format_date(civil_from_days(today - 1)) +
           "&to=" + format_date(civil_from_days(today + 1));
}

// What a server answers about the plant's record, to compare two servers.
struct Answers {
    json trail, analytics_stages, pareto, quarantine, complaints, audits;
};

Answers answers_of(ApiClient& api, const std::string& token) {
    const std::string q = "?" + around_now();
    Answers a;
    const auto get = [&](const std::string& path) {
        const Reply r = api.get(path, token);
        REQUIRE_MESSAGE(r.status == 200, path << ": " << r.body);
        return r.json;
    };
    a.trail = get("/api/v1/units/C1/trail");
    a.analytics_stages = get("/api/v1/analytics/stages" + q);
    a.pareto = get("/api/v1/analytics/pareto" + q);
    a.quarantine = get("/api/v1/quarantine?all=1");
    a.complaints = get("/api/v1/complaints");
    a.audits = get("/api/v1/audits?serial=C1");
    return a;
}

// "N:HASH" from verify's "chain intact: N events, head N:HASH".
std::string head_of(const std::string& verify_out) {
    const auto at = verify_out.find("head ");
    REQUIRE_MESSAGE(at != std::string::npos, verify_out);
    return verify_out.substr(at + 5, verify_out.find('\n', at) - at - 5);
}

}  // namespace

TEST_CASE(
    "store copy moves a SQLite plant record into PostgreSQL where a server answers as before and "
    "the file's anchor holds") {
    if (skip_unless_postgresql() || pgtest::skip_without_pg_test_cluster()) return;

    std::optional<SqliteRecordsHere> sqlite_here{std::in_place};
    TestServer s;
    sqlite_here.reset();
    REQUIRE_FALSE(s.record().postgresql());

    // The record: a walked unit, a refused event, a complaint, an audit.
    s.sheet("C1", "KSO298");
    s.walk("C1", "KSO298", "");
    // A unit in work with a nonconformance: the analyses have something to count.
    s.sheet("C2", "SHU");
    s.walk("C2", "SHU", "WIRING");
    const json nc = s.events().make("nc_raised", "C2", station_for("WIRING"), "WIRING", "ALL",
                                    {{"code", "WIR-01"},
                                     {"severity", "minor"},
                                     {"origin_stage", "WIRING"},
                                     {"quantity", 1},
                                     {"disposition", "rework"}});
    REQUIRE(s.post_one(s.admin(), s.events().accept("C2", "SHU", "WIRING", "ALL"))["status"] ==
            "accepted");
    REQUIRE(s.post_one(s.admin(), nc)["status"] == "accepted");
    s.stamp("401", {"TZ"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    REQUIRE(s.post_one(terminal, s.events().sign_off("Q1", "TZ", "401"))["status"] == "refused");
    const std::string service = s.token("service");
    const Reply complaint = s.api().post("/api/v1/complaints", defect_complaint("C1"), service);
    REQUIRE_MESSAGE(complaint.status == 201, complaint.body);
    const std::string auditor = s.token("auditor");
    const Reply audit = s.api().post(
        "/api/v1/audits", {{"serial", "C1"}, {"result", "finding"}, {"text", "smudged"}}, auditor);
    REQUIRE_MESSAGE(audit.status == 201, audit.body);

    const Answers before = answers_of(s.api(), s.admin());
    const CommandResult file_verify = server_command({"verify", "--db", s.db_path()});
    REQUIRE_MESSAGE(file_verify.exit_code == 0, file_verify.out << file_verify.err);
    const std::string anchor = head_of(file_verify.out);
    s.stop();  // the copy is of a record nobody writes to

    pgtest::PgTestDatabase db = fresh_database();
    const std::string target = "postgresql:" + db.conninfo();
    const std::string code = demo_plant().code;
    const CommandResult copy = admin_command(
        {"store", "copy", "--from", "sqlite:" + s.db_path(), "--to", target, "--plant-code", code});
    REQUIRE_MESSAGE(copy.exit_code == 0, copy.out << copy.err);
    CHECK_MESSAGE(contains(copy.out, "head " + anchor + " on both sides"), copy.out);
    CHECK(contains(copy.out, "1 complaint entries"));
    CHECK(contains(copy.out, "1 procedure audits"));

    {
        TempDir home;
        ServerProcess pg_server(home.path(), {"--db", target, "--plant", demo_plant_dir()});
        ApiClient api(pg_server.port());
        // The old admin token still works: only its hash was ever stored, and it was copied.
        const Answers after = answers_of(api, s.admin());
        CHECK(after.trail == before.trail);
        CHECK(after.analytics_stages == before.analytics_stages);
        CHECK(after.pareto == before.pareto);
        CHECK(after.quarantine == before.quarantine);
        CHECK(after.complaints == before.complaints);
        CHECK(after.audits == before.audits);
        CHECK(before.quarantine["entries"].size() == 1);
        CHECK(before.pareto["groups"][0]["total_count"] == 1);
    }

    const CommandResult held =
        server_command({"verify", "--db", target, "--plant-code", code, "--anchor", anchor});
    CHECK_MESSAGE(held.exit_code == 0, held.out << held.err);
    CHECK_MESSAGE(contains(held.out, "anchor " + anchor + " holds"), held.out);

    // A second copy finds the plant's record and writes nothing.
    const CommandResult again = admin_command(
        {"store", "copy", "--from", "sqlite:" + s.db_path(), "--to", target, "--plant-code", code});
    CHECK(again.exit_code == 2);
    CHECK_MESSAGE(contains(again.err, "refusing to overwrite"), again.err);

    // A tampered file is refused, naming the seq, before anything is written.
    sql(s.db_path(),
        "DROP TRIGGER events_no_update; UPDATE events SET canonical = replace(canonical, "
        "'KSO298', 'KSO299') WHERE seq = 1");
    const CommandResult tampered =
        admin_command({"store", "copy", "--from", "sqlite:" + s.db_path(), "--to", target,
                       "--plant-code", "OTHER-1"});
    CHECK(tampered.exit_code == 2);
    CHECK_MESSAGE(contains(tampered.err, "event chain is broken at seq 1"), tampered.err);
    const CommandResult other =
        server_command({"verify", "--db", target, "--plant-code", "OTHER-1"});
    CHECK_MESSAGE(other.exit_code != 0, other.out);
}
