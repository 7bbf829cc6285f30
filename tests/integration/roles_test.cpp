// The token-roles table: every endpoint x every kind of caller, the expected HTTP status in each
// cell, every cell requested and checked.
#include <doctest/doctest.h>

#include <array>
#include <functional>

#include "integration/test_server.h"

namespace stampline::itest {

namespace {

enum Caller {
    kNone,
    kForged,
    kRevoked,
    kTerminal,
    kOtherTerminal,
    kAuditor,
    kAdmin,
    kService,
    kCallers
};
constexpr std::array<const char*, kCallers> kCallerNames = {
    "no token",          "forged token", "revoked token", "terminal ST-TZ-1",
    "terminal ST-ASM-1", "auditor",      "admin",         "service"};

struct Row {
    const char* endpoint;
    std::array<int, kCallers> expected;
    // Makes the request as `caller` with `token` ("" for none).
    std::function<Reply(ApiClient&, const std::string& token, Caller caller)> call;
};

}  // namespace

TEST_CASE("every endpoint answers every kind of caller with the status of the roles table") {
    TestServer s;
    s.sheet("T1");
    s.ensure_walker_stamp();
    for (const char* id : {"S1", "S2"}) s.stamp(id, {"TZ"});

    std::array<std::string, kCallers> tokens;
    tokens[kForged] = "slt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const json revoked = s.new_token("terminal", "ST-TZ-1");
    tokens[kRevoked] = revoked["secret"];
    REQUIRE(s.api().del("/api/v1/tokens/" + revoked["id"].get<std::string>(), s.admin()).status ==
            200);
    tokens[kTerminal] = s.token("terminal", "ST-TZ-1");
    tokens[kOtherTerminal] = s.token("terminal", "ST-ASM-1");
    tokens[kAuditor] = s.token("auditor");
    tokens[kAdmin] = s.admin();
    tokens[kService] = s.token("service");
    // Complaints in each state a step needs (the service token is the last caller of a row, the
    // only one whose step goes through).
    const auto complaint = [&]() -> std::string {
        const Reply r = s.api().post("/api/v1/complaints",
                                     {{"reason", "defect"},
                                      {"product_type", "SHU"},
                                      {"serials", {"T1"}},
                                      {"lifecycle_stage", "operation"},
                                      {"customer", {{"organisation", "АО «Энергосеть»"}}},
                                      {"channel", "letter"},
                                      {"description", "Не включается выключатель"}},
                                     tokens[kService]);
        REQUIRE_MESSAGE(r.status == 201, r.body);
        return r.json["id"];
    };
    const auto step = [&](const std::string& id, const char* what, const json& body) {
        const Reply r =
            s.api().post("/api/v1/complaints/" + id + "/" + what, body, tokens[kService]);
        REQUIRE_MESSAGE(r.status == 200, r.body);
    };
    const std::string registered = complaint();
    const std::string investigating = complaint();
    step(investigating, "investigation", {{"engineer", "Сидоров К. Л."}});
    const std::string in_commission = complaint();
    step(in_commission, "investigation", {{"engineer", "Сидоров К. Л."}});
    step(in_commission, "decision", {{"justified", "no"}, {"findings", "Не подтвердилось"}});
    const std::string to_withdraw = complaint();
    std::array<std::string, kCallers> victims;  // tokens that DELETE may revoke, one per caller
    for (auto& v : victims) v = s.new_token("auditor")["id"];
    // Refused events for the resolve cells, one per caller.
    std::array<std::string, kCallers> quarantined;
    for (int c = 0; c < kCallers; ++c) {
        const json e = s.events().sign_off("NOSHEET" + std::to_string(c), "TZ", "ALL");
        REQUIRE(s.post_one(s.admin(), e)["status"] == "refused");
        quarantined[c] = e["id"];
    }

    const auto suffix = [](Caller c) { return std::to_string(static_cast<int>(c)); };
    const std::vector<Row> table = {
        {"GET /healthz",
         {200, 200, 200, 200, 200, 200, 200, 200},
         [](ApiClient& api, const std::string& t, Caller) { return api.get("/healthz", t); }},
        {"GET /metrics",
         {200, 200, 200, 200, 200, 200, 200, 200},
         [](ApiClient& api, const std::string& t, Caller) { return api.get("/metrics", t); }},
        {"POST /api/v1/web-logins",
         {401, 401, 401, 403, 403, 201, 201, 201},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/web-logins", json::object(), t);
         }},
        {"POST /api/v1/events",
         {401, 401, 401, 200, 403, 403, 200, 403},
         [&](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/events",
                             {{"v", 1}, {"events", {s.events().sign_off("T1", "TZ", "ALL")}}}, t);
         }},
        {"GET /api/v1/units/{serial}/trail",
         {401, 401, 401, 200, 200, 200, 200, 200},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.get("/api/v1/units/T1/trail", t);
         }},
        {"POST /api/v1/sheets",
         {401, 401, 401, 403, 403, 403, 201, 403},
         [&](ApiClient& api, const std::string& t, Caller c) {
             return api.post(
                 "/api/v1/sheets",
                 {{"serial", "TS" + suffix(c)}, {"product_type", "SHU"}, {"order", "Z1"}}, t);
         }},
        {"POST /api/v1/sheets/{serial}/reprint",
         {401, 401, 401, 403, 403, 403, 200, 403},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/sheets/T1/reprint", {{"reason", "torn"}}, t);
         }},
        {"GET /api/v1/stamps",
         {401, 401, 401, 200, 200, 200, 200, 403},
         [](ApiClient& api, const std::string& t, Caller) { return api.get("/api/v1/stamps", t); }},
        {"POST /api/v1/stamps",
         {401, 401, 401, 403, 403, 403, 201, 403},
         [&](ApiClient& api, const std::string& t, Caller c) {
             return api.post("/api/v1/stamps",
                             {{"id", "N" + suffix(c)},
                              {"holder", "Новиков Н. Н."},
                              {"stages", {"TZ"}},
                              {"attestation_due", "2099-01-01"}},
                             t);
         }},
        {"POST /api/v1/stamps/{id}/suspend",
         {401, 401, 401, 403, 403, 403, 200, 403},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/stamps/S1/suspend", json::object(), t);
         }},
        {"POST /api/v1/stamps/{id}/reinstate",
         {401, 401, 401, 403, 403, 403, 200, 403},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/stamps/S1/reinstate", json::object(), t);
         }},
        {"POST /api/v1/stamps/{id}/revoke",
         {401, 401, 401, 403, 403, 403, 200, 403},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/stamps/S2/revoke", json::object(), t);
         }},
        {"PUT /api/v1/stamps/{id}/stages",
         {401, 401, 401, 403, 403, 403, 200, 403},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.put("/api/v1/stamps/S1/stages", {{"stages", {"TZ", "DESIGN"}}}, t);
         }},
        {"PUT /api/v1/stamps/{id}/attestation",
         {401, 401, 401, 403, 403, 403, 200, 403},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.put("/api/v1/stamps/S1/attestation", {{"attestation_due", "2030-06-30"}},
                            t);
         }},
        {"PUT /api/v1/stamps/{id}/pin",
         {401, 401, 401, 403, 403, 403, 200, 403},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.put("/api/v1/stamps/S1/pin", {{"pin", "4821"}}, t);
         }},
        {"POST /api/v1/stamps/{id}/badge",
         {401, 401, 401, 403, 403, 403, 200, 403},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/stamps/S1/badge", json::object(), t);
         }},
        {"GET /api/v1/tokens",
         {401, 401, 401, 403, 403, 403, 200, 403},
         [](ApiClient& api, const std::string& t, Caller) { return api.get("/api/v1/tokens", t); }},
        {"POST /api/v1/tokens",
         {401, 401, 401, 403, 403, 403, 201, 403},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/tokens", {{"role", "terminal"}, {"station", "ST-PCK-1"}}, t);
         }},
        {"DELETE /api/v1/tokens/{id}",
         {401, 401, 401, 403, 403, 403, 200, 403},
         [&](ApiClient& api, const std::string& t, Caller c) {
             return api.del("/api/v1/tokens/" + victims[c], t);
         }},
        {"GET /api/v1/quarantine",
         {401, 401, 401, 403, 403, 200, 200, 403},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.get("/api/v1/quarantine", t);
         }},
        {"POST /api/v1/quarantine/{id}/resolve",
         {401, 401, 401, 403, 403, 200, 200, 403},
         [&](ApiClient& api, const std::string& t, Caller c) {
             return api.post("/api/v1/quarantine/" + quarantined[c] + "/resolve",
                             {{"resolution", "duplicate paper record; no action"}}, t);
         }},
        {"GET /api/v1/reference",
         {401, 401, 401, 200, 200, 200, 200, 403},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.get("/api/v1/reference", t);
         }},
        {"GET /api/v1/analytics/review-pack",
         {401, 401, 401, 403, 403, 200, 200, 403},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.get("/api/v1/analytics/review-pack?month=2026-11", t);
         }},
        // Without group_plants the head office's routes do not exist for this server's auditors
        // and admins; everyone else is refused before learning that.
        {"GET /api/v1/group/analytics",
         {401, 401, 401, 403, 403, 404, 404, 403},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.get("/api/v1/group/analytics", t);
         }},
        {"POST /api/v1/audits",
         {401, 401, 401, 403, 403, 201, 201, 403},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/audits", {{"serial", "T1"}, {"result", "pass"}}, t);
         }},
        {"GET /api/v1/audits",
         {401, 401, 401, 403, 403, 200, 200, 403},
         [](ApiClient& api, const std::string& t, Caller) { return api.get("/api/v1/audits", t); }},
        {"POST /api/v1/complaints",
         {401, 401, 401, 403, 403, 403, 403, 201},
         [&](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/complaints",
                             {{"reason", "consultation"},
                              {"product_type", "SHU"},
                              {"serials", {"T1"}},
                              {"lifecycle_stage", "installation"},
                              {"customer", {{"organisation", "ООО «Монтаж»"}}},
                              {"channel", "phone"},
                              {"description", "Как подключить шинный мост?"}},
                             t);
         }},
        {"GET /api/v1/complaints",
         {401, 401, 401, 403, 403, 200, 200, 200},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.get("/api/v1/complaints", t);
         }},
        {"GET /api/v1/complaints/{id}",
         {401, 401, 401, 403, 403, 200, 200, 200},
         [&](ApiClient& api, const std::string& t, Caller) {
             return api.get("/api/v1/complaints/" + registered, t);
         }},
        {"POST /api/v1/complaints/{id}/investigation",
         {401, 401, 401, 403, 403, 403, 403, 200},
         [&](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/complaints/" + registered + "/investigation",
                             {{"engineer", "Сидоров К. Л."}}, t);
         }},
        {"POST /api/v1/complaints/{id}/decision",
         {401, 401, 401, 403, 403, 403, 403, 200},
         [&](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/complaints/" + investigating + "/decision",
                             {{"justified", "no"}, {"findings", "Нарушены условия хранения"}}, t);
         }},
        {"POST /api/v1/complaints/{id}/closure",
         {401, 401, 401, 403, 403, 403, 403, 200},
         [&](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/complaints/" + in_commission + "/closure",
                             {{"chair", "Начальник сервиса"}, {"measures", "Разъяснение"}}, t);
         }},
        {"POST /api/v1/complaints/{id}/withdrawal",
         {401, 401, 401, 403, 403, 403, 403, 200},
         [&](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/complaints/" + to_withdraw + "/withdrawal",
                             {{"note", "Заказчик отозвал"}}, t);
         }},
        {"POST /api/v1/complaints/{id}/notices",
         {401, 401, 401, 403, 403, 403, 403, 201},
         [&](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/complaints/" + registered + "/notices",
                             {{"channel", "email"}, {"text", "Обращение принято"}}, t);
         }},
        {"POST /api/v1/complaints/{id}/attachments",
         {401, 401, 401, 403, 403, 403, 403, 201},
         [&](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/complaints/" + registered + "/attachments",
                             {{"name", "letter.pdf"}, {"sha256", std::string(64, 'a')}}, t);
         }},
        {"GET /api/v1/crm/deliveries",
         {401, 401, 401, 403, 403, 403, 200, 200},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.get("/api/v1/crm/deliveries", t);
         }},
        {"GET /api/v1/suspects",
         {401, 401, 401, 403, 403, 200, 200, 200},
         [](ApiClient& api, const std::string& t, Caller) {
             return api.get("/api/v1/suspects?serial=T1&stage=TZ", t);
         }},
        {"POST /api/v1/complaints/{id}/hold-suspects",
         {401, 401, 401, 403, 403, 409, 403, 409},  // 409: no stage of origin was decided
         [&](ApiClient& api, const std::string& t, Caller) {
             return api.post("/api/v1/complaints/" + in_commission + "/hold-suspects",
                             json::object(), t);
         }},
    };

    int cells = 0;
    for (const Row& row : table) {
        for (int c = 0; c < kCallers; ++c) {
            const auto caller = static_cast<Caller>(c);
            const Reply r = row.call(s.api(), tokens[c], caller);
            ++cells;
            CHECK_MESSAGE(r.status == row.expected[c], row.endpoint << " as " << kCallerNames[c]
                                                                    << ": got " << r.status << " "
                                                                    << r.body);
            if (r.status == 401) {
                CHECK(r.error() == "unauthorized");
                CHECK(r.header("WWW-Authenticate").rfind("Bearer", 0) == 0);
            }
            if (r.status == 403) CHECK((r.error() == "forbidden" || r.error() == "wrong_station"));
            if (r.status >= 400) CHECK(r.json.contains("message"));
        }
    }
    CHECK(cells == 38 * kCallers);
    CHECK(s.verify().exit_code == 0);
}

}  // namespace stampline::itest
