// The web pages for auditors against the real server: signing in, who may, the CSRF protection
// of every form, and what the pages show of a unit, a simulated month, the corrective actions and
// the quarantine.
#include <doctest/doctest.h>

#include "integration/web_session.h"

using namespace stampline::itest;

namespace {

int count_actions(TestServer& s) {
    Reply r = s.api().get("/api/v1/corrective-actions", s.admin());
    REQUIRE(r.status == 200);
    return static_cast<int>(r.json["actions"].size());
}

std::multimap<std::string, std::string> new_action_form() {
    return {{"title", "Второй контроль маркировки на электромонтаже"},
            {"nc_codes", "WIR-01"},
            {"nc_codes", "WIR-04"},
            {"stages", "WIRING"},
            {"owner_department", "Цех электромонтажа"},
            {"due", "2026-12-31"},
            {"review_month", "2026-11"}};
}

}  // namespace

TEST_CASE("a one-time sign-in link opens a session and cannot be used twice") {
    TestServer s;
    const std::string auditor = s.token("auditor");
    Reply link = s.api().post("/api/v1/web-logins", json::object(), auditor);
    REQUIRE(link.status == 201);
    CHECK(link.json["expires_in_s"] == 120);
    const std::string url = link.json["url"];

    Reply first = s.api().get(url + "&next=/ui/pareto");
    CHECK(first.status == 303);
    CHECK(first.header("Location") == "/ui/pareto");
    CHECK(contains(first.header("Set-Cookie"), "HttpOnly"));
    CHECK(contains(first.header("Set-Cookie"), "SameSite=Strict"));

    Reply again = s.api().get(url);
    CHECK(again.status == 401);
    CHECK(again.header("Set-Cookie").empty());
}

TEST_CASE("after signing in, next may only lead to a page of this server") {
    TestServer s;
    WebSession web(s);
    Reply r = web.sign_in_with_link(s.token("auditor"), "https://evil.example/ui/");
    CHECK(r.status == 303);
    CHECK(r.header("Location") == "/ui/");
    r = web.sign_in_with_link(s.token("auditor"), "//evil.example/ui/");
    CHECK(r.header("Location") == "/ui/");
}

TEST_CASE("pages without a session send the browser to sign in, keeping where it was going") {
    TestServer s;
    WebSession web(s);
    for (const char* page : {"/ui/", "/ui/pareto", "/ui/bottleneck", "/ui/stamps",
                             "/ui/corrective-actions", "/ui/quarantine", "/ui/units/X1"}) {
        CAPTURE(page);
        Reply r = web.get(page);
        CHECK(r.status == 303);
        CHECK(r.header("Location").rfind("/ui/login?next=", 0) == 0);
    }
    Reply login = web.get("/ui/login");
    CHECK(login.status == 200);
    CHECK(contains(page_text(login.body), "Токен доступа"));
}

TEST_CASE("a terminal token can neither sign in to the pages nor make a sign-in link") {
    TestServer s;
    const std::string terminal = s.token("terminal", station_for("ASSEMBLY"));
    WebSession web(s);
    Reply form = web.sign_in_with_form(terminal);
    CHECK(form.status == 403);
    CHECK_FALSE(web.signed_in());
    CHECK(contains(page_text(form.body), "токен терминала"));
    Reply link = s.api().post("/api/v1/web-logins", json::object(), terminal);
    CHECK(link.status == 403);
    CHECK(s.api().get("/api/v1/analytics/pareto", terminal).status == 403);
}

TEST_CASE("signing in with the form: an unknown token is refused, an auditor's opens the pages") {
    TestServer s;
    WebSession web(s);
    Reply bad = web.sign_in_with_form("slt_not-a-token");
    CHECK(bad.status == 401);
    CHECK_FALSE(web.signed_in());

    Reply good = web.sign_in_with_form(s.token("auditor"));
    CHECK(good.status == 303);
    REQUIRE(web.signed_in());
    Reply home = web.get("/ui/");
    CHECK(home.status == 200);
    CHECK(contains(page_text(home.body), "Поиск изделия"));
    CHECK(home.header("Content-Security-Policy").find("default-src 'none'") == 0);
}

TEST_CASE("revoking the token ends the browser sessions opened with it") {
    TestServer s;
    json token = s.new_token("auditor");
    WebSession web(s);
    web.sign_in_with_link(token["secret"]);
    REQUIRE(web.get("/ui/").status == 200);
    REQUIRE(s.api().del("/api/v1/tokens/" + token["id"].get<std::string>(), s.admin()).status ==
            200);
    CHECK(web.get("/ui/").status == 303);
    CHECK(web.get("/api/v1/analytics/pareto").status == 401);
}

TEST_CASE("signing out ends the session and its cookie no longer opens pages") {
    TestServer s;
    WebSession web(s);
    web.sign_in_with_link(s.token("auditor"));
    REQUIRE(web.get("/ui/").status == 200);
    const std::string csrf = web.csrf();
    Reply out = web.post("/ui/logout", {});
    CHECK(out.status == 303);
    CHECK(web.get("/ui/").status == 303);
    (void)csrf;
}

TEST_CASE("a form post without the session's CSRF token, or from another site, changes nothing") {
    TestServer s;
    WebSession web(s);
    web.sign_in_with_link(s.token("auditor"));
    REQUIRE(web.get("/ui/corrective-actions").status == 200);
    REQUIRE_FALSE(web.csrf().empty());

    auto no_csrf = new_action_form();
    no_csrf.emplace("csrf", "");
    CHECK(web.post("/ui/corrective-actions", no_csrf).status == 403);
    auto forged = new_action_form();
    forged.emplace("csrf", "forged-value-of-the-right-length-0123456789abcd");
    CHECK(web.post("/ui/corrective-actions", forged).status == 403);
    Reply cross =
        web.post("/ui/corrective-actions", new_action_form(), {{"Origin", "http://evil.example"}});
    CHECK(cross.status == 403);
    CHECK(count_actions(s) == 0);

    // The session cookie does not authorize writes through the API either.
    Reply api = web.post("/api/v1/corrective-actions", new_action_form());
    CHECK(api.status == 401);
    CHECK(count_actions(s) == 0);

    Reply ok = web.post("/ui/corrective-actions", new_action_form());
    CHECK(ok.status == 303);
    CHECK(count_actions(s) == 1);
}

TEST_CASE("corrective actions are created, moved on and verified through the page's forms") {
    TestServer s;
    WebSession web(s);
    web.sign_in_with_link(s.token("auditor"));
    web.get("/ui/corrective-actions");
    Reply made = web.post("/ui/corrective-actions", new_action_form());
    REQUIRE(made.status == 303);
    const std::string id = made.header("Location").substr(made.header("Location").find('=') + 1);
    CHECK(id.rfind("CA-", 0) == 0);

    Reply page = web.get("/ui/corrective-actions?saved=" + id);
    CHECK(contains(page_text(page.body), "Второй контроль маркировки на электромонтаже"));
    CHECK(contains(page_text(page.body), "Записано: " + id));

    Reply done = web.post("/ui/corrective-actions/" + id + "/status", {{"status", "done"}});
    CHECK_MESSAGE(done.status == 303, page_text(done.body));
    web.get("/ui/corrective-actions");
    CHECK(web.post("/ui/corrective-actions/" + id + "/verification",
                   {{"effective", "true"}, {"note", "повторов нет"}})
              .status == 303);
    Reply a = s.api().get("/api/v1/corrective-actions/" + id, s.admin());
    CHECK(a.json["status"] == "done");
    CHECK(a.json["verification"]["effective"] == true);
    CHECK(a.json["verification"]["by"].get<std::string>().rfind("auditor:", 0) == 0);

    // A transition the service does not allow is shown on the page, not applied.
    Reply refused = web.post("/ui/corrective-actions/" + id + "/status", {{"status", "open"}});
    CHECK(refused.status == 409);
    CHECK(contains(refused.body, "class=\"error\""));

    Reply csv = web.get("/ui/corrective-actions.csv");
    CHECK(csv.status == 200);
    CHECK(contains(csv.body, id + ",Второй контроль"));
}

TEST_CASE("a form with a missing required field is refused with the field named") {
    TestServer s;
    WebSession web(s);
    web.sign_in_with_link(s.token("auditor"));
    web.get("/ui/corrective-actions");
    auto form = new_action_form();
    form.erase("due");
    Reply r = web.post("/ui/corrective-actions", form);
    CHECK(r.status == 400);
    CHECK(contains(page_text(r.body), "due"));
    CHECK(count_actions(s) == 0);
}

TEST_CASE("the trail page shows the unit's route, its NC and who signed, and downloads as CSV") {
    TestServer s;
    s.sheet("T100", "SHU", "Z77");
    s.walk("T100", "SHU", "WIRING");
    s.stamp("201", {"WIRING"}, "2099-12-31", "Петров П. П.");
    const std::string station = station_for("WIRING");
    const std::string terminal = s.token("terminal", station);
    s.post_one(terminal, s.events().accept("T100", "SHU", "WIRING", "201"));
    s.post_one(terminal, s.events().make("nc_raised", "T100", station, "WIRING", "201",
                                         {{"code", "WIR-04"},
                                          {"severity", "critical"},
                                          {"origin_stage", "ASSEMBLY"},
                                          {"quantity", 1},
                                          {"disposition", "rework"},
                                          {"note", "перепутаны цепи <b>X1</b>"}}));

    WebSession web(s);
    web.sign_in_with_link(s.token("auditor"));
    Reply r = web.get("/ui/units/T100");
    REQUIRE(r.status == 200);
    const std::string text = page_text(r.body);
    CHECK(contains(text, "Z77"));
    CHECK(contains(text, "Электромонтаж"));
    CHECK(contains(text, "клеймо 201 Петров П. П."));
    CHECK(contains(text, "WIR-04"));
    CHECK(contains(text, "критическое"));
    CHECK(contains(text, "открыто"));
    // The worker's note is shown as text, never as markup.
    CHECK(contains(r.body, "перепутаны цепи &lt;b&gt;X1&lt;/b&gt;"));

    Reply en = web.get("/ui/units/T100?lang=en");
    CHECK(contains(page_text(en.body), "Wiring"));
    CHECK(contains(page_text(en.body), "critical"));

    Reply csv = web.get("/ui/units/T100/trail.csv");
    CHECK(csv.status == 200);
    CHECK(contains(csv.header("Content-Type"), "text/csv"));
    CHECK(contains(csv.body, ",nc_raised,WIRING,201,Петров П. П.,"));
    CHECK(contains(csv.body, ",nc_code,origin_stage,found\r\n"));

    Reply missing = web.get("/ui/units/NOPE1?lang=ru");
    CHECK(missing.status == 404);
    CHECK(contains(page_text(missing.body), "не выпускался"));
}

TEST_CASE("the quarantine page resolves a refused event through its form") {
    TestServer s;
    s.sheet("Q1", "SHU");
    s.stamp("301", {"ASSEMBLY"});
    const std::string station = station_for("ASSEMBLY");
    // Out of order: ASSEMBLY signed off before the route's first stages.
    json answer =
        s.post_one(s.token("terminal", station), s.events().sign_off("Q1", "ASSEMBLY", "301"));
    REQUIRE(answer["status"] == "refused");

    WebSession web(s);
    web.sign_in_with_link(s.token("auditor"));
    Reply page = web.get("/ui/quarantine");
    REQUIRE(page.status == 200);
    CHECK(contains(page_text(page.body), answer["reason"].get<std::string>()));
    Reply r = web.post("/ui/quarantine/" + answer["id"].get<std::string>() + "/resolve",
                       {{"resolution", "подписано повторно в правильном порядке"}});
    CHECK(r.status == 303);
    CHECK(s.quarantine().empty());
    Reply csv = web.get("/ui/quarantine.csv?all=1");
    CHECK(contains(csv.body, "подписано повторно в правильном порядке"));
}

TEST_CASE("the quarantine page accepts a clock-refused act into the trail, and only such an act") {
    TestServer s;
    s.sheet("Q2", "SHU");
    s.stamp("301", {"TZ", "ASSEMBLY"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    json early = s.events().sign_off("Q2", "TZ", "301");
    early["terminal_time"] =
        stampline::format_utc(stampline::Timestamp{stampline::SystemClock().now().ms - 3'600'000});
    const json clock = s.post_one(terminal, early);
    REQUIRE(clock["reason"] == "clock_behind_unit");
    const json order = s.post_one(s.token("terminal", station_for("ASSEMBLY")),
                                  s.events().sign_off("Q2", "ASSEMBLY", "301"));
    REQUIRE(order["reason"] == "stage_out_of_order");

    WebSession web(s);
    web.sign_in_with_link(s.token("auditor"));
    const std::string page = web.get("/ui/quarantine").body;
    const std::string clock_id = clock["id"].get<std::string>();
    CHECK(contains(page, "/ui/quarantine/" + clock_id + "/accept"));
    CHECK_FALSE(contains(page, "/ui/quarantine/" + order["id"].get<std::string>() + "/accept"));
    CHECK(contains(page_text(page), "Принять в след"));

    // Posted for the other entry anyway: refused, nothing changes.
    Reply refused = web.post("/ui/quarantine/" + order["id"].get<std::string>() + "/accept",
                             {{"resolution", "подтверждено"}});
    CHECK(refused.status == 409);
    CHECK(s.quarantine().size() == 2);

    Reply ok = web.post("/ui/quarantine/" + clock_id + "/accept",
                        {{"resolution", "часы терминала сбились после замены батареи"}});
    CHECK(ok.status == 303);
    CHECK(s.quarantine().size() == 1);
    const json trail = s.api().get("/api/v1/units/Q2/trail", s.admin()).json;
    REQUIRE(trail["events"].size() == 2);
    CHECK(trail["events"][1]["event"]["id"] == clock_id);
    const std::string all = page_text(web.get("/ui/quarantine?all=1").body);
    CHECK(contains(all, "accepted: часы терминала сбились после замены батареи"));
    CHECK(contains(all, "в журнале, № 2"));
}

TEST_CASE(
    "the review page records the meeting's decision and lists it among the month's new ones") {
    TestServer s;
    WebSession web(s);
    web.sign_in_with_link(s.token("auditor"));
    s.sheet("RV1");
    Reply page = web.get("/ui/review?month=2026-11");
    REQUIRE(page.status == 200);
    CHECK(contains(page_text(page.body), "В этом месяце решений ещё не записано."));
    // The printed pack anchors the record: the chain head it was made at, as verify prints it.
    const std::string verified = s.verify().out;
    const std::string head = verified.substr(verified.find("head ") + 5, 66);  // "1:<64 hex>"
    CHECK(contains(page_text(page.body), "Журнал событий на момент составления"));
    CHECK_MESSAGE(contains(page.body, "<code>" + head + "</code>"), head);

    auto form = new_action_form();
    form.emplace("back", "/ui/review?month=2026-11");
    Reply made = web.post("/ui/corrective-actions", form);
    REQUIRE(made.status == 303);
    CHECK(made.header("Location").rfind("/ui/review?month=2026-11&saved=CA-", 0) == 0);

    // Somewhere else than a review page: back to the corrective actions page.
    auto elsewhere = new_action_form();
    elsewhere.emplace("back", "https://evil.example/");
    CHECK(web.post("/ui/corrective-actions", elsewhere)
              .header("Location")
              .rfind("/ui/corrective-actions?saved=", 0) == 0);

    Reply after = web.get(made.header("Location"));
    const std::string text = page_text(after.body);
    CHECK(contains(text, "Записано: CA-"));
    CHECK(contains(text, "Второй контроль маркировки на электромонтаже"));

    CHECK(web.get("/ui/review?month=2026-13").status == 400);
    CHECK(web.get("/ui/review?month=2026-11&x=1").status == 400);
}

TEST_CASE("a procedure audit recorded from the unit's page joins its trail, a finding needs text") {
    TestServer s;
    s.sheet("A100", "SHU", "Z9");
    s.stamp("401", {"TZ"}, "2099-12-31", "Смирнова Е. В.");
    WebSession web(s);
    web.sign_in_with_link(s.token("auditor"));
    REQUIRE(web.get("/ui/units/A100").status == 200);

    Reply refused = web.post("/ui/audits", {{"serial", "A100"}, {"result", "finding"}});
    CHECK(refused.status == 400);
    CHECK(contains(page_text(refused.body), "аудит не записан"));

    Reply ok = web.post("/ui/audits", {{"serial", "A100"},
                                       {"result", "finding"},
                                       {"text", "клеймо поставлено без записи в журнале"}});
    CHECK(ok.status == 303);
    CHECK(ok.header("Location") == "/ui/units/A100");
    const std::string text = page_text(web.get("/ui/units/A100").body);
    CHECK(contains(text, "замечание"));
    CHECK(contains(text, "клеймо поставлено без записи в журнале"));
    CHECK(s.api().get("/api/v1/units/A100/trail", s.admin()).json["audits"].size() == 1);

    Reply stamp = web.post("/ui/audits", {{"stamp", "401"}, {"result", "pass"}});
    CHECK(stamp.status == 303);
    CHECK(stamp.header("Location") == "/ui/stamps");
    Reply stamps = web.get("/ui/stamps");
    CHECK(stamps.status == 200);
    CHECK(contains(page_text(stamps.body), "401 Смирнова Е. В. действует 0 0 0 1 0"));

    Reply unknown = web.post("/ui/audits", {{"serial", "NOPE1"}, {"result", "pass"}});
    CHECK(unknown.status == 404);
}

TEST_CASE("every form endpoint refuses a post without the session's CSRF token") {
    TestServer s;
    s.sheet("C100", "SHU");
    WebSession web(s);
    web.sign_in_with_link(s.token("auditor"));
    web.get("/ui/corrective-actions");
    Reply made = web.post("/ui/corrective-actions", new_action_form());
    REQUIRE(made.status == 303);
    const std::string location = made.header("Location");
    const std::string id = location.substr(location.find("saved=") + 6);  // its number's year is
                                                                          // the clock's
    const int actions = count_actions(s);
    for (const std::string& path :
         {std::string("/ui/corrective-actions"), "/ui/corrective-actions/" + id + "/status",
          "/ui/corrective-actions/" + id + "/verification",
          std::string("/ui/quarantine/01a10a87-01ca-7321-a72a-48eb41be0d37/resolve"),
          std::string("/ui/audits"), std::string("/ui/logout")}) {
        CAPTURE(path);
        Reply r = web.post(path, {{"csrf", "x"},
                                  {"status", "done"},
                                  {"serial", "C100"},
                                  {"result", "pass"},
                                  {"resolution", "r"}});
        CHECK(r.status == 403);
    }
    CHECK(count_actions(s) == actions);
    CHECK(s.api().get("/api/v1/corrective-actions/" + id, s.admin()).json["status"] == "open");
    CHECK(s.api().get("/api/v1/units/C100/trail", s.admin()).json["audits"].empty());
    CHECK(web.get("/ui/").status == 200);  // still signed in: the logout was refused too
}

TEST_CASE("pages read with a bearer token: an auditor's opens them, a terminal's gets 403") {
    TestServer s;
    const std::string terminal = s.token("terminal", station_for("ASSEMBLY"));
    const std::string auditor = s.token("auditor");
    for (const char* page : {"/ui/", "/ui/pareto", "/ui/bottleneck", "/ui/review", "/ui/stamps",
                             "/ui/corrective-actions", "/ui/quarantine"}) {
        CAPTURE(page);
        CHECK(s.api().get(page, terminal).status == 403);
        CHECK(s.api().get(page, "slt_unknown").status == 401);
        Reply ok = s.api().get(page, auditor);
        CHECK(ok.status == 200);
        CHECK(contains(ok.body, "<nav>"));
    }
    // Read-only: without a session there is no form token, so a post is refused.
    Reply post = s.api().raw("POST", "/ui/corrective-actions", "title=x",
                             "application/x-www-form-urlencoded", ApiClient::bearer(auditor));
    CHECK(post.status == 403);
}

TEST_CASE("the terminals page shows each terminal's clock offset and marks one that drifts") {
    TestServer s;
    s.sheet("T100", "SHU");
    s.stamp("401", {"TZ"});
    const std::string terminal = s.token("terminal", "ST-TZ-1");
    const json batch = {{"v", 1},
                        {"events", json::array({s.events().sign_off("T100", "TZ", "401")})}};
    httplib::Headers headers = ApiClient::bearer(terminal);
    headers.emplace(
        "X-Terminal-Time",
        stampline::format_utc(stampline::Timestamp{stampline::SystemClock().now().ms + 600'000}));
    Reply posted = s.api().raw("POST", "/api/v1/events", batch.dump(), "application/json", headers);
    REQUIRE_MESSAGE(posted.status == 200, posted.body);
    CHECK(stampline::parse_utc(posted.header("X-Server-Time")).has_value());

    WebSession web(s);
    web.sign_in_with_link(s.token("auditor"));
    const std::string text = page_text(web.get("/ui/terminals").body);
    CHECK(contains(text, "ST-TZ-1"));
    CHECK(contains(text, "+10 мин"));
    CHECK(contains(text, "часы расходятся с сервером"));
}
