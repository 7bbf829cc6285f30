// Customer complaints in the server: registration with its deadlines, the three steps and what
// each refuses, notices, and the hash chain of their log (server/service/complaints.h).
#include <doctest/doctest.h>

#include "server/service/complaints.h"
#include "server/service/corrective_actions.h"
#include "server/service/database_admin.h"
#include "server/store/sqlite_store.h"
#include "service_fixture.h"
#include "sqlite_fixture.h"

namespace stampline::test {

namespace {

using namespace stampline::server;

NewComplaint defect_on(const std::string& serial) {
    NewComplaint c;
    c.reason = "defect";
    c.product_type = "KSO298";
    c.serials = {serial};
    c.lifecycle_stage = "commissioning";
    c.damage_cents = 12'500'000;
    c.customer = {"АО «Энергосеть»", "ПС 110 кВ «Северная»", "Петров А. В., +7 900 000-00-00"};
    c.channel = "letter";
    c.description = "Нагрев контактного соединения в отсеке ввода при наладке";
    return c;
}

struct ComplaintFixture : ServiceFixture {
    ComplaintFixture() {
        // Friday 2026-10-30, 10:00 in Moscow.
        clock.set(*parse_utc("2026-10-30T07:00:00Z"));
        issue("2611000427");
        pass_through("2611000427", "WIRING");
    }
    // Accepts and signs off each stage of the unit's KSO298 route up to `last`, with stamp 099.
    void pass_through(const std::string& serial, const std::string& last) {
        const std::vector<std::string>& route = plant.product("KSO298")->route;
        if (!store->stamp("099").value())
            REQUIRE(server::issue_stamp(*store, plant,
                                        {"099", "Holder 099", route, Date{2027, 12, 31}, ""},
                                        PinHashParams::fast_for_tests()));
        for (std::size_t i = 0; i < route.size(); ++i) {
            std::vector<Event> acts;
            if (i > 0)
                acts.push_back(
                    act(serial, StageAccepted{all_pass(route[i - 1], route[i])}, route[i], "099"));
            acts.push_back(act(serial, StageSignedOff{}, route[i], "099"));
            for (const server::IngestResult& r : post(acts))
                REQUIRE_MESSAGE(r.answer.verdict == Verdict::Accepted, r.answer.message);
            if (route[i] == last) break;
        }
    }
    Complaint registered() {
        Result<Complaint> c =
            register_complaint(*store, plant, clock, defect_on("2611000427"), "service:t-1");
        REQUIRE_MESSAGE(c.has_value(), c.error().message());
        return *c;
    }
};

}  // namespace

TEST_CASE_FIXTURE(ComplaintFixture,
                  "a complaint goes from registration through investigation and commission to "
                  "closed, each step recorded with who and when") {
    const Complaint c = registered();
    CHECK(c.id == "CL-2026-001");
    CHECK(c.status == ComplaintStatus::Registered);
    CHECK(c.registration.customer.organisation == "АО «Энергосеть»");

    clock.advance_ms(3'600'000);
    Result<Complaint> r = start_investigation(*store, plant, clock, c.id, "Сидоров К. Л.", "svc");
    REQUIRE(r.has_value());
    CHECK(r->status == ComplaintStatus::Investigation);
    CHECK(r->engineer == "Сидоров К. Л.");
    REQUIRE(record_notice(*store, plant, clock, c.id, "email", "Принято в работу", "svc"));

    ComplaintDecision d;
    d.justified = Justified::Yes;
    d.findings = "Недотянут болт шинного соединения";
    d.conclusions = {{"production", "Момент затяжки не проверен на монтаже"}};
    d.origin_stage = "ASSEMBLY";
    d.nc_code = "MECH-02";
    r = decide_complaint(*store, plant, clock, ids, c.id, d, "svc");
    REQUIRE_MESSAGE(r.has_value(), r.error().message());
    CHECK(r->status == ComplaintStatus::Commission);
    REQUIRE(r->decision);
    CHECK(r->decision->origin_stage == "ASSEMBLY");

    Result<CorrectiveAction> ca = create_corrective_action(*store, plant, clock,
                                                           {"Контроль момента затяжки",
                                                            {},
                                                            {"ASSEMBLY"},
                                                            "Производство",
                                                            Date{2026, 12, 15},
                                                            YearMonth{2026, 10}},
                                                           "auditor:t-2");
    REQUIRE_MESSAGE(ca.has_value(), ca.error().message());
    r = close_complaint(*store, plant, clock, c.id,
                        {"Начальник сервиса", {"Иванов (ОТК)"}, "Замена соединения", {ca->id}},
                        "head");
    REQUIRE_MESSAGE(r.has_value(), r.error().message());
    CHECK(r->status == ComplaintStatus::Closed);
    REQUIRE(r->commission);
    CHECK(r->commission->corrective_actions == std::vector<std::string>{ca->id});
    REQUIRE(r->history.size() == 4);
    CHECK(r->history[1].to == ComplaintStatus::Investigation);
    CHECK(r->history[3].by == "head");
    CHECK(r->notices.size() == 1);

    Result<std::vector<Complaint>> all = complaints(*store, plant);
    REQUIRE(all.has_value());
    CHECK(all->size() == 1);
    CHECK(registered().id == "CL-2026-002");
}

TEST_CASE_FIXTURE(ComplaintFixture,
                  "a complaint's steps are refused out of order and after the "
                  "end, and nothing is recorded by a refusal") {
    const Complaint c = registered();
    ComplaintDecision d{Justified::No, "Монтаж выполнен с нарушением инструкции", {}, "", "", {}};
    Result<Complaint> r = decide_complaint(*store, plant, clock, ids, c.id, d, "svc");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code() == Code::Conflict);
    CHECK(r.error().message() == "complaint CL-2026-001 is registered: it cannot go to commission");
    CHECK(close_complaint(*store, plant, clock, c.id, {"Начальник", {}, "—", {}}, "h")
              .error()
              .code() == Code::Conflict);
    REQUIRE(withdraw_complaint(*store, plant, clock, c.id, "Заказчик отозвал", "svc"));
    CHECK(start_investigation(*store, plant, clock, c.id, "Сидоров", "svc").error().code() ==
          Code::Conflict);
    CHECK(record_notice(*store, plant, clock, c.id, "phone", "x", "svc").error().code() ==
          Code::Conflict);
    CHECK(complaint(*store, plant, c.id)->history.size() == 2);
    CHECK(complaint(*store, plant, "CL-2026-999").error().code() == Code::NotFound);
}

TEST_CASE_FIXTURE(ComplaintFixture,
                  "a justified product fault names a stage of the unit's "
                  "route, other decisions name none") {
    const Complaint c = registered();
    REQUIRE(start_investigation(*store, plant, clock, c.id, "Сидоров", "svc"));
    ComplaintDecision d{Justified::Partly, "Частично", {}, "", "", {}};
    CHECK(decide_complaint(*store, plant, clock, ids, c.id, d, "svc").error().message() ==
          "origin_stage: a justified product fault names the production stage it originated at");
    d.origin_stage = "ENCLOSURE";  // a KTP630 stage: KSO298 cells have no enclosure stage
    CHECK(decide_complaint(*store, plant, clock, ids, c.id, d, "svc").error().message() ==
          "origin_stage: 'ENCLOSURE' is not a stage of the KSO298 route");
    d.origin_stage = "WIRING";
    CHECK(decide_complaint(*store, plant, clock, ids, c.id, d, "svc").error().message() ==
          "nc_code: a justified product fault is recorded under an NC code");
    d.nc_code = "WIR-01";
    d.origin_stage = "ADJUST";  // on the route, but the unit has not passed it
    CHECK(decide_complaint(*store, plant, clock, ids, c.id, d, "svc").error().message() ==
          "origin_stage: unit 2611000427: the unit has not passed stage 'ADJUST': a fault found "
          "in the field cannot have arisen there");
    d.origin_stage = "WIRING";
    Result<Complaint> r = decide_complaint(*store, plant, clock, ids, c.id, d, "svc");
    REQUIRE_MESSAGE(r.has_value(), r.error().message());
    CHECK(r->decision->justified == Justified::Partly);
    // The field NC is on the unit's trail, traced to WIRING and the stamp that signed it off.
    REQUIRE(r->decision->field_ncs.size() == 1);
    CHECK(r->decision->field_ncs[0].origin_stamp == "099");
    const std::vector<StoredEvent> trail = store->trail("2611000427").value();
    const Event& field = trail.back().event;
    REQUIRE(field.kind() == EventKind::NcRaised);
    CHECK(field.id == r->decision->field_ncs[0].nc);
    const NcRaised& nc = std::get<NcRaised>(field.body);
    CHECK(nc.found == "field");
    CHECK(nc.field_stage == "commissioning");
    CHECK(nc.origin_stage == "WIRING");
    CHECK(nc.note == "complaint CL-2026-001");
    CHECK(field.stage.empty());
    CHECK(field.stamp.empty());
    CHECK(field.actor == "svc");
    ComplaintDecision no{Justified::No, "Не подтвердилось", {}, "WIRING", "", {}};
    Result<Complaint> other =
        register_complaint(*store, plant, clock, defect_on("2611000427"), "s");
    REQUIRE(other);
    REQUIRE(start_investigation(*store, plant, clock, other->id, "Сидоров", "svc"));
    CHECK(decide_complaint(*store, plant, clock, ids, other->id, no, "svc").error().message() ==
          "origin_stage: only a justified product-fault claim has one");
}

TEST_CASE_FIXTURE(ComplaintFixture, "a registration is refused naming the bad field") {
    const auto refused = [&](NewComplaint c) {
        Result<Complaint> r = register_complaint(*store, plant, clock, c, "svc");
        REQUIRE_FALSE(r.has_value());
        return r.error().message();
    };
    NewComplaint c = defect_on("2611000427");
    c.reason = "anger";
    CHECK(refused(c).starts_with("reason: unknown complaint reason 'anger' (known: "));
    c = defect_on("9999");
    CHECK(refused(c) == "serials: no unit '9999' in the record");
    c = defect_on("2611000427");
    c.serials.push_back("2611000427");
    CHECK(refused(c) == "serials: '2611000427' is listed twice");
    c = defect_on("2611000427");
    c.lifecycle_stage = "storage";
    CHECK(refused(c) == "lifecycle_stage: unknown lifecycle stage 'storage'");
    c = defect_on("2611000427");
    c.customer.organisation = "";
    CHECK(refused(c) == "customer.organisation: required");
    c = defect_on("2611000427");
    c.damage_cents = -1;
    CHECK(refused(c) == "damage_cents: must not be negative");
    CHECK(complaints(*store, plant)->empty());
}

TEST_CASE_FIXTURE(ComplaintFixture,
                  "deadlines run in the plant's working days, and a complaint "
                  "answered or resolved late stays marked overdue") {
    // Registered Friday 2026-10-30 10:00 Moscow; defect: 3 / 20 working days, 4 November off.
    const Complaint c = registered();
    CHECK(c.deadlines.first_answer == *parse_utc("2026-11-05T21:00:00Z"));
    CHECK(c.deadlines.resolution == *parse_utc("2026-11-30T21:00:00Z"));
    CHECK_FALSE(c.first_answer_overdue(*parse_utc("2026-11-05T20:59:59Z")));
    CHECK(c.first_answer_overdue(*parse_utc("2026-11-05T21:00:00Z")));
    clock.set(*parse_utc("2026-11-06T09:00:00Z"));  // answered a day late
    Result<Complaint> r = record_notice(*store, plant, clock, c.id, "email", "Ответ", "svc");
    REQUIRE(r);
    CHECK(r->first_answer_overdue(*parse_utc("2027-01-01T00:00:00Z")));
    CHECK_FALSE(r->resolution_overdue(*parse_utc("2026-11-20T00:00:00Z")));
    REQUIRE(withdraw_complaint(*store, plant, clock, c.id, "Отозвано", "svc"));
    // Resolved (withdrawn) on 6 November: in time for the resolution deadline forever after.
    CHECK_FALSE(
        complaint(*store, plant, c.id)->resolution_overdue(*parse_utc("2027-06-01T00:00:00Z")));
}

TEST_CASE(
    "the complaint log is hash-chained in the SQLite store and verify names the complaint "
    "whose entry was edited") {
    TempDir dir;
    const std::string path = dir.file("plant.db");
    {
        ComplaintFixture f;
        f.store = open_store(path);
        f.issue("2611000427");
        const Complaint c = f.registered();
        REQUIRE(start_investigation(*f.store, f.plant, f.clock, c.id, "Сидоров", "svc"));
        REQUIRE(record_notice(*f.store, f.plant, f.clock, c.id, "email", "Принято", "svc"));
        Result<std::optional<ChainBreak>> intact = f.store->verify_complaint_chain();
        REQUIRE(intact.has_value());
        CHECK_FALSE(intact->has_value());
    }
    CHECK(verify_database(path)->complaints_broken.empty());
    REQUIRE(raw_exec_code(path,
                          "DROP TRIGGER complaint_log_no_update;"
                          "UPDATE complaint_log SET body = replace(body, 'Принято', "
                          "'Отказано') WHERE seq = 3;") == SQLITE_OK);
    Result<VerifyReport> report = verify_database(path);
    REQUIRE(report.has_value());
    CHECK(report->complaints_broken == "complaint log broken at entry 3 (CL-2026-001, notice)");
    CHECK_FALSE(verify_holds(*report));
    CHECK(verify_summary(*report, std::nullopt).find("CL-2026-001") != std::string::npos);
}

}  // namespace stampline::test
