// Corrective actions through the real server: create, list, status, verification, the monthly
// figures; who may; malformed bodies; the schema migration of an existing database.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include "integration/test_server.h"
#include "server/store/sqlite_store.h"

namespace stampline::itest {

namespace {

json sample_action() {
    return {{"title", "Wiring check list at assembly"},
            {"nc_codes", {"DOC-01"}},
            {"stages", {"MACHINING"}},
            {"owner_department", "Quality"},
            {"due", "2099-12-15"},
            {"review_month", "2026-11"}};
}

int actions_in(TestServer& s, const std::string& token) {
    Reply r = s.api().get("/api/v1/corrective-actions", token);
    REQUIRE(r.status == 200);
    return static_cast<int>(r.json["actions"].size());
}

}  // namespace

TEST_CASE("a corrective action is created, listed, progressed and verified by an auditor") {
    TestServer s;
    const std::string auditor = s.token("auditor");

    Reply made = s.api().post("/api/v1/corrective-actions", sample_action(), auditor);
    REQUIRE_MESSAGE(made.status == 201, made.body);
    const std::string id = made.json["id"].get<std::string>();
    CHECK(id.rfind("CA-", 0) == 0);
    CHECK(made.json["status"] == "open");
    CHECK(made.json["due"] == "2099-12-15");
    CHECK(made.json["review_month"] == "2026-11");
    CHECK(made.json["nc_codes"] == json::array({"DOC-01"}));
    CHECK(made.json["created_by"].get<std::string>().rfind("auditor:t-", 0) == 0);
    CHECK(made.json["verification"].is_null());

    Reply list = s.api().get("/api/v1/corrective-actions", auditor);
    REQUIRE(list.status == 200);
    REQUIRE(list.json["actions"].size() == 1);
    CHECK(list.json["actions"][0]["id"] == id);
    CHECK(s.api().get("/api/v1/corrective-actions?status=done", auditor).json["actions"].empty());
    CHECK(
        s.api().get("/api/v1/corrective-actions?month=2099-12", s.admin()).json["actions"].size() ==
        1);
    CHECK(s.api().get("/api/v1/corrective-actions?month=2099-11", auditor).json["actions"].empty());
    Reply bad_month = s.api().get("/api/v1/corrective-actions?month=2099-13", auditor);
    CHECK(bad_month.status == 400);
    CHECK(bad_month.field() == "month");

    // Verification before the action is done: 409.
    Reply early = s.api().post("/api/v1/corrective-actions/" + id + "/verification",
                               {{"effective", true}}, auditor);
    CHECK(early.status == 409);

    Reply progressed = s.api().post("/api/v1/corrective-actions/" + id + "/status",
                                    {{"status", "in_progress"}, {"note", "started"}}, auditor);
    REQUIRE_MESSAGE(progressed.status == 200, progressed.body);
    CHECK(progressed.json["status"] == "in_progress");
    Reply done =
        s.api().post("/api/v1/corrective-actions/" + id + "/status", {{"status", "done"}}, auditor);
    REQUIRE(done.status == 200);
    Reply reopen =
        s.api().post("/api/v1/corrective-actions/" + id + "/status", {{"status", "open"}}, auditor);
    CHECK(reopen.status == 409);
    CHECK(reopen.error() == "conflict");

    Reply verified =
        s.api().post("/api/v1/corrective-actions/" + id + "/verification",
                     {{"effective", true}, {"note", "no wiring escapes since"}}, auditor);
    REQUIRE_MESSAGE(verified.status == 200, verified.body);
    CHECK(verified.json["verification"]["effective"] == true);
    CHECK(verified.json["verification"]["note"] == "no wiring escapes since");

    Reply one = s.api().get("/api/v1/corrective-actions/" + id, auditor);
    REQUIRE(one.status == 200);
    CHECK(one.json["status"] == "done");
    REQUIRE(one.json["history"].size() == 2);
    CHECK(one.json["history"][0]["from"] == "open");
    CHECK(one.json["history"][0]["to"] == "in_progress");
    CHECK(one.json["history"][0]["note"] == "started");
    CHECK(one.json["history"][1]["to"] == "done");
    CHECK(s.api().get("/api/v1/corrective-actions/CA-1999-001", auditor).status == 404);

    // Done this month, long before its due date: on time.
    Reply months = s.api().get("/api/v1/analytics/corrective-actions", auditor);
    REQUIRE_MESSAGE(months.status == 200, months.body);
    REQUIRE(months.json["months"].size() == 1);
    CHECK(months.json["months"][0]["done"] == 1);
    CHECK(months.json["months"][0]["done_on_time"] == 1);
    CHECK(months.json["months"][0]["overdue"] == 0);
    Reply due =
        s.api().get("/api/v1/analytics/corrective-actions?from=2099-11&to=2099-12", auditor);
    REQUIRE(due.status == 200);
    REQUIRE(due.json["months"].size() == 2);
    CHECK(due.json["months"][0]["month"] == "2099-11");
    CHECK(due.json["months"][0]["due"] == 0);
    CHECK(due.json["months"][1]["due"] == 1);
    Reply reversed =
        s.api().get("/api/v1/analytics/corrective-actions?from=2099-12&to=2099-11", auditor);
    CHECK(reversed.status == 400);
    CHECK(reversed.field() == "from");
}

TEST_CASE("a terminal token gets 403 from every corrective action route") {
    TestServer s;
    const std::string auditor = s.token("auditor");
    Reply made = s.api().post("/api/v1/corrective-actions", sample_action(), auditor);
    REQUIRE(made.status == 201);
    const std::string id = made.json["id"].get<std::string>();
    const std::string terminal = s.token("terminal", station_for("MACHINING"));

    CHECK(s.api().post("/api/v1/corrective-actions", sample_action(), terminal).status == 403);
    CHECK(s.api().get("/api/v1/corrective-actions", terminal).status == 403);
    CHECK(s.api().get("/api/v1/corrective-actions/" + id, terminal).status == 403);
    CHECK(s.api()
              .post("/api/v1/corrective-actions/" + id + "/status", {{"status", "done"}}, terminal)
              .status == 403);
    CHECK(s.api()
              .post("/api/v1/corrective-actions/" + id + "/verification", {{"effective", true}},
                    terminal)
              .status == 403);
    CHECK(s.api().get("/api/v1/analytics/corrective-actions", terminal).status == 403);
    CHECK(s.api().get("/api/v1/corrective-actions", "").status == 401);
    CHECK(s.api().get("/api/v1/corrective-actions/" + id, auditor).json["status"] == "open");
}

TEST_CASE("a malformed corrective action body is refused naming the field and changes nothing") {
    TestServer s;
    const std::string auditor = s.token("auditor");
    auto refused = [&](json body, const std::string& field) {
        Reply r = s.api().post("/api/v1/corrective-actions", body, auditor);
        CHECK_MESSAGE(r.status == 400, r.body);
        CHECK_MESSAGE(r.field() == field, r.body);
    };
    json a = sample_action();
    a["title"] = "";
    refused(a, "title");
    a = sample_action();
    a.erase("owner_department");
    refused(a, "owner_department");
    a = sample_action();
    a["nc_codes"] = {"NO-SUCH"};
    refused(a, "nc_codes");
    a = sample_action();
    a["stages"] = {"NOWHERE"};
    refused(a, "stages");
    a = sample_action();
    a["due"] = "15.12.2099";
    refused(a, "due");
    a = sample_action();
    a.erase("review_month");
    refused(a, "review_month");
    a = sample_action();
    a["review_month"] = "2026-13";
    refused(a, "review_month");
    a = sample_action();
    a["review_month"] = "2999-01";  // a month that has not begun has no review yet
    refused(a, "review_month");
    a = sample_action();
    a["colour"] = "red";
    refused(a, "colour");
    Reply broken = s.api().raw("POST", "/api/v1/corrective-actions",
                               "{\"title\": ", "application/json", ApiClient::bearer(auditor));
    CHECK(broken.status == 400);
    CHECK(broken.error() == "malformed_json");
    CHECK(actions_in(s, auditor) == 0);

    Reply made = s.api().post("/api/v1/corrective-actions", sample_action(), auditor);
    REQUIRE(made.status == 201);
    const std::string id = made.json["id"].get<std::string>();
    Reply bad_status = s.api().post("/api/v1/corrective-actions/" + id + "/status",
                                    {{"status", "finished"}}, auditor);
    CHECK(bad_status.status == 400);
    CHECK(bad_status.field() == "status");
    REQUIRE(s.api()
                .post("/api/v1/corrective-actions/" + id + "/status", {{"status", "done"}}, auditor)
                .status == 200);
    Reply bad_effective = s.api().post("/api/v1/corrective-actions/" + id + "/verification",
                                       {{"effective", "yes"}}, auditor);
    CHECK(bad_effective.status == 400);
    CHECK(bad_effective.field() == "effective");
    Reply after = s.api().get("/api/v1/corrective-actions/" + id, auditor);
    CHECK(after.json["history"].size() == 1);
    CHECK(after.json["verification"].is_null());
}

TEST_CASE("the server migrates a database left at schema version 1 and keeps its data") {
    TestServer s;
    s.stamp("501", {"TZ"});
    REQUIRE(s.stop() == 0);
    {
        // Back to what schema version 1 left: migrations 2 to 6 added the corrective action
        // log, the procedure audits, the id conflicts, the complaint log and the CRM deliveries.
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open_v2(s.db_path().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) ==
                SQLITE_OK);
        CHECK(sqlite3_exec(db,
                           "DROP TABLE corrective_action_log; DROP TABLE procedure_audit; "
                           "DROP TABLE id_conflicts; DROP TABLE complaint_log; DROP TABLE "
                           "crm_deliveries; DROP TABLE units; DROP TABLE facts; DROP TABLE kept_figures; "
                           "PRAGMA user_version = 1;",
                           nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    s.restart();
    const std::string auditor = s.token("auditor");
    Reply made = s.api().post("/api/v1/corrective-actions", sample_action(), auditor);
    REQUIRE_MESSAGE(made.status == 201, made.body);
    CHECK(actions_in(s, auditor) == 1);
    Reply stamps = s.api().get("/api/v1/stamps", s.admin());
    REQUIRE(stamps.status == 200);
    CHECK(stamps.body.find("\"501\"") != std::string::npos);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(s.db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(sqlite3_column_int(st, 0) == server::kSqliteSchemaVersion);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

}  // namespace stampline::itest
