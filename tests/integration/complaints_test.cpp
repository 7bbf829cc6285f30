// Customer complaints over the real server: the three steps end to end with notices, the steps
// refused out of order, the deadlines on the plant's calendar and overdue ones (the server's
// clock set by libfaketime), the complaint log under verify, and the field escape a justified
// product fault becomes: in the unit's trail, the escape matrix's field column and the oversight
// of the stamp that signed the stage of origin.
#include <doctest/doctest.h>

#include "integration/test_server.h"
#include "server/web/html.h"
#include "shared/sha256.h"

namespace stampline::itest {

namespace {

struct ComplaintServer {
    TestServer s;
    std::string service = s.token("service");
    std::string auditor = s.token("auditor");

    Reply post(const std::string& path, const json& body) {
        return s.api().post("/api/v1/complaints" + path, body, service);
    }
    json step(const std::string& id, const std::string& what, const json& body) {
        const Reply r = post("/" + id + "/" + what, body);
        REQUIRE_MESSAGE(r.status / 100 == 2, what << ": " << r.body);
        return r.json;
    }
    std::string registered(const json& body) {
        const Reply r = post("", body);
        REQUIRE_MESSAGE(r.status == 201, r.body);
        return r.json["id"];
    }
    // The KSO298 unit through its whole route: every stage signed by stamp ALL but WIRING, which
    // stamp S7 accepts and signs off.
    void walk_with_wiring_by_s7(const std::string& serial) {
        s.sheet(serial, "KSO298");
        s.walk_signed_at(serial, "KSO298", "WIRING", "S7");
    }
};

}  // namespace

TEST_CASE_FIXTURE(ComplaintServer,
                  "a complaint goes from registration through investigation and decision to the "
                  "commission's closing, with notices, each step recorded with who and when") {
    walk_with_wiring_by_s7("K1");
    const std::string id = registered(defect_complaint("K1"));
    CHECK(id.starts_with("CL-"));
    step(id, "notices", {{"channel", "email"}, {"text", "Обращение зарегистрировано"}});
    step(id, "investigation", {{"engineer", "Сидоров К. Л."}});
    const std::string photo = sha256_hex("the photo's bytes");
    const json attached = step(id, "attachments",
                               {{"name", "ввод-нагрев.jpg"},
                                {"sha256", photo},
                                {"note", "Тепловизионный снимок заказчика"}});
    REQUIRE(attached["attachments"].size() == 1);
    CHECK(attached["attachments"][0]["sha256"] == photo);
    const Reply bad_hash =
        post("/" + id + "/attachments", {{"name", "a.pdf"}, {"sha256", "not-a-hash"}});
    CHECK(bad_hash.status == 400);
    CHECK(bad_hash.json["field"] == "sha256");
    CHECK(post("/" + id + "/attachments", {{"name", "../etc/passwd"}, {"sha256", photo}})
              .json["field"] == "name");
    const json decided =
        step(id, "decision",
             {{"justified", "yes"},
              {"findings", "Ослаблено болтовое соединение шины"},
              {"conclusions", {{{"department", "production"}, {"text", "Не проверен момент"}}}},
              {"origin_stage", "WIRING"},
              {"nc_code", "WIR-01"}});
    CHECK(decided["status"] == "commission");
    CHECK(decided["decision"]["field_ncs"].size() == 1);
    const Reply ca = s.api().post("/api/v1/corrective-actions",
                                  {{"title", "Контроль момента затяжки на монтаже шин"},
                                   {"stages", {"WIRING"}},
                                   {"owner_department", "Производство"},
                                   {"due", "2099-12-31"},
                                   {"review_month", "2026-11"}},
                                  auditor);
    REQUIRE_MESSAGE(ca.status == 201, ca.body);
    const json closed = step(id, "closure",
                             {{"chair", "Начальник сервисной службы Орлов П. С."},
                              {"members", {"Иванова (ОТК)", "Кузнецов (производство)"}},
                              {"measures", "Замена шинного соединения у заказчика"},
                              {"corrective_actions", {ca.json["id"]}}});
    CHECK(closed["status"] == "closed");
    CHECK(closed["commission"]["corrective_actions"][0] == ca.json["id"]);
    REQUIRE(closed["history"].size() == 4);
    for (const json& h : closed["history"])
        CHECK(h["by"].get<std::string>().starts_with("service:"));
    CHECK(closed["notices"].size() == 1);
    CHECK(closed["deadlines"]["resolved_at"].is_string());

    // Auditors read it; the register filters by customer.
    const Reply list = s.api().get(
        "/api/v1/complaints?customer=" + server::web::url_component("АО «Энергосеть»"), auditor);
    REQUIRE_MESSAGE(list.status == 200, list.body);
    CHECK(list.json["complaints"].size() == 1);
    CHECK(list.json["total_damage_cents"] == 12'500'000);
    CHECK(s.api().get("/api/v1/complaints?customer=Other", auditor).json["complaints"].empty());
    const CommandResult cli = admin_command(
        {"complaints", "--server", "http://127.0.0.1:" + std::to_string(s.process().port()),
         "--token", service});
    CHECK(cli.exit_code == 0);
    CHECK_MESSAGE(cli.out.starts_with(id + "  closed  defect  KSO298 K1  АО «Энергосеть»  field "
                                           "escape from WIRING (WIR-01)\n"),
                  cli.out);
}

TEST_CASE_FIXTURE(ComplaintServer,
                  "complaint steps out of order are refused with 409 and bad fields with 400 "
                  "naming them, and a refusal records nothing") {
    s.sheet("K2", "KSO298");
    const std::string id = registered(defect_complaint("K2"));
    const Reply early = post("/" + id + "/decision", {{"justified", "no"}, {"findings", "—"}});
    CHECK(early.status == 409);
    CHECK(early.json["message"] ==
          "complaint " + id + " is registered: it cannot go to commission");
    CHECK(post("/" + id + "/closure", {{"chair", "Орлов"}, {"measures", "—"}}).status == 409);
    step(id, "investigation", {{"engineer", "Сидоров"}});
    const Reply unpassed = post("/" + id + "/decision", {{"justified", "yes"},
                                                         {"findings", "Брак монтажа"},
                                                         {"origin_stage", "WIRING"},
                                                         {"nc_code", "WIR-01"}});
    CHECK(unpassed.status == 400);
    CHECK(unpassed.json["field"] == "origin_stage");
    const Reply justified =
        post("/" + id + "/decision", {{"justified", "maybe"}, {"findings", "x"}});
    CHECK(justified.status == 400);
    CHECK(justified.json["field"] == "justified");
    step(id, "withdrawal", {{"note", "Заказчик отозвал претензию"}});
    CHECK(post("/" + id + "/notices", {{"channel", "phone"}, {"text", "x"}}).status == 409);
    CHECK(post("/" + id + "/investigation", {{"engineer", "x"}}).status == 409);

    json bad = defect_complaint("K2");
    bad["reason"] = "weather";
    Reply r = post("", bad);
    CHECK(r.status == 400);
    CHECK(r.json["field"] == "reason");
    bad = defect_complaint("K2", "SHU");  // K2 is a KSO298 cell
    r = post("", bad);
    CHECK(r.status == 400);
    CHECK(r.json["message"] == "serials: unit 'K2' is a KSO298, not a SHU");
    bad = defect_complaint("K2");
    bad["customer"].erase("organisation");
    r = post("", bad);
    CHECK(r.status == 400);
    CHECK(r.json["field"] == "customer.organisation");
    bad = defect_complaint("K2");
    bad["damage_cents"] = -5;
    CHECK(post("", bad).json["field"] == "damage_cents");
    const json one = s.api().get("/api/v1/complaints/" + id, auditor).json;
    CHECK(one["status"] == "withdrawn");
    CHECK(one["history"].size() == 3);
    CHECK(s.api().get("/api/v1/complaints", auditor).json["complaints"].size() == 1);
    CHECK(s.api().get("/api/v1/complaints/CL-1999-001", auditor).status == 404);
}

TEST_CASE_FIXTURE(ComplaintServer,
                  "deadlines follow the reason: working days skip weekends and the plant's "
                  "holidays, calendar days do not, and a complaint is overdue after its deadline") {
    // Friday 2026-10-30, 13:00 in Moscow. Wednesday 2026-11-04 is a public holiday.
    s.restart_at("2026-10-30 10:00:00");
    s.sheet("K3", "KSO298");
    const std::string defect = registered(defect_complaint("K3"));
    json consultation = defect_complaint("K3");
    consultation["reason"] = "consultation";
    const std::string question = registered(consultation);
    const json d = s.api().get("/api/v1/complaints/" + defect, auditor).json["deadlines"];
    // 3 working days: Mon 2, Tue 3, Thu 5 November; the deadline is the Moscow midnight after.
    CHECK(d["first_answer_due"] == "2026-11-05T21:00:00.000Z");
    // 20 working days of November, the holiday skipped: the 30th.
    CHECK(d["resolution_due"] == "2026-11-30T21:00:00.000Z");
    const json q = s.api().get("/api/v1/complaints/" + question, auditor).json["deadlines"];
    CHECK(q["first_answer_due"] == "2026-11-01T21:00:00.000Z");  // Sat 31, Sun 1: calendar days

    const auto overdue = [&](const std::string& id) {
        const json j = s.api().get("/api/v1/complaints/" + id, auditor).json["deadlines"];
        return std::pair{j["first_answer_overdue"].get<bool>(),
                         j["resolution_overdue"].get<bool>()};
    };
    s.restart_at("2026-11-05 20:58:00");
    CHECK(overdue(defect) == std::pair{false, false});
    CHECK(overdue(question) == std::pair{true, false});  // no answer by Sunday night
    s.restart_at("2026-11-05 21:01:00");
    CHECK(overdue(defect) == std::pair{true, false});
    step(defect, "notices", {{"channel", "email"}, {"text", "Ответ с опозданием"}});
    CHECK(overdue(defect) == std::pair{true, false});  // answered, but after the deadline
}

TEST_CASE_FIXTURE(ComplaintServer,
                  "the complaint log is hash-chained and verify names an edited complaint") {
    s.sheet("K4", "KSO298");
    const std::string id = registered(defect_complaint("K4"));
    step(id, "notices", {{"channel", "phone"}, {"text", "Принято"}});
    CHECK(s.verify().exit_code == 0);
    REQUIRE(s.stop() == 0);
    sql(s.db_path(),
        "DROP TRIGGER complaint_log_no_update;"
        "UPDATE complaint_log SET body = replace(body, '12500000', '125') WHERE seq = 1;");
    const CommandResult r = s.verify();
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(
        r.out.find("complaint log broken at entry 1 (" + id + ", registered)") != std::string::npos,
        r.out);
}

TEST_CASE_FIXTURE(ComplaintServer,
                  "a justified complaint traced to WIRING becomes a field NC in the unit's trail, "
                  "the escape matrix's field column and the oversight of the stamp that signed "
                  "WIRING") {
    walk_with_wiring_by_s7("K5");
    const std::string id = registered(defect_complaint("K5"));
    step(id, "investigation", {{"engineer", "Сидоров К. Л."}});
    step(id, "decision",
         {{"justified", "partly"},
          {"findings", "Перепутаны цепи вторичной коммутации"},
          {"origin_stage", "WIRING"},
          {"nc_code", "WIR-02"}});

    const json trail = s.api().get("/api/v1/units/K5/trail", auditor).json;
    REQUIRE(!trail["ncs"].empty());
    const json& nc = trail["ncs"].back();
    CHECK(nc["code"] == "WIR-02");
    CHECK(nc["origin_stage"] == "WIRING");
    CHECK(nc["found"] == "field");
    CHECK(nc["field_stage"] == "commissioning");
    CHECK(nc["note"] == "complaint " + id);

    const json m = s.api().get("/api/v1/analytics/escapes", auditor).json;
    CHECK(m["field_escapes"] == 1);
    CHECK(m["escapes"] == 1);
    bool field_cell = false;
    for (const json& cell : m["cells"])
        if (cell["origin_stage"] == "WIRING" && cell["field_stage"] == "commissioning") {
            field_cell = true;
            CHECK(cell["detected_stage"].is_null());
            CHECK(cell["escapes"] == 1);
        }
    CHECK(field_cell);

    const json stamps = s.api().get("/api/v1/analytics/stamps", auditor).json;
    bool s7 = false;
    for (const json& row : stamps["stamps"]) {
        if (row["stamp"] == "S7") {
            s7 = true;
            CHECK(row["escapes"] == 1);
            CHECK(row["field_escapes"] == 1);
        }
        if (row["stamp"] == "ALL") CHECK(row["escapes"] == 0);
    }
    CHECK(s7);

    bool wiring = false;
    const json stages = s.api().get("/api/v1/analytics/stages", auditor).json;
    for (const json& st : stages["stages"])
        if (st["stage"] == "WIRING") {
            wiring = true;
            CHECK(st["field_escapes"] == 1);
        }
    CHECK(wiring);
    CHECK(s.verify().exit_code == 0);
}

}  // namespace stampline::itest
