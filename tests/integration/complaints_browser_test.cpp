// The complaint pages in a real browser (headless Chromium) for a service department user: the
// register with an overdue complaint in red and the total damage, a complaint's page with its
// timeline, field escape, suspect units and linked corrective action, and the commission's
// protocol printed to A4 portrait. Screenshots go to the web-screens folder (README).
#include <doctest/doctest.h>

#include <filesystem>

#include "integration/chromium.h"
#include "integration/web_session.h"
#include "shared/system_clock.h"

namespace stampline::itest {

namespace {

std::string screen(const std::string& name) {
    std::filesystem::create_directories(STAMPLINE_WEB_SCREENS_DIR);
    return std::string(STAMPLINE_WEB_SCREENS_DIR) + "/" + name + ".png";
}

}  // namespace

TEST_CASE(
    "in Chromium, the service department's register, a complaint's page and the printed "
    "commission protocol show the complaint from registration to commission") {
    TestServer s;
    s.sheet("2611000427", "KSO298", "Z26117");
    s.walk_signed_at("2611000427", "KSO298", "WIRING", "S7");
    s.sheet("2611000431", "KSO298", "Z26117");
    s.walk_signed_at("2611000431", "KSO298", "WIRING", "S7");
    s.sheet("2611000433", "KSO298", "Z26117");
    s.walk("2611000433", "KSO298", "ADJUST");  // WIRING by ALL; in work at ADJUST
    const std::string service = s.token("service");
    ApiClient& api = s.api();
    const auto post = [&](const std::string& path, const json& body) {
        const Reply r = api.post(path, body, service);
        REQUIRE_MESSAGE(r.status / 100 == 2, path << ": " << r.body);
        return r.json;
    };
    const std::string id = post("/api/v1/complaints", defect_complaint("2611000427"))["id"];
    post("/api/v1/complaints/" + id + "/notices",
         {{"channel", "email"}, {"text", "Обращение зарегистрировано, инженер выезжает"}});
    post("/api/v1/complaints/" + id + "/investigation", {{"engineer", "Сидоров К. Л."}});
    post("/api/v1/complaints/" + id + "/attachments",
         {{"name", "akt-osmotra.pdf"},
          {"sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
          {"note", "Акт осмотра на объекте"}});
    post("/api/v1/complaints/" + id + "/decision",
         {{"justified", "yes"},
          {"findings", "Ослаблено болтовое соединение шины ввода"},
          {"conclusions", {{{"department", "Производство"}, {"text", "Момент не проверен"}}}},
          {"origin_stage", "WIRING"},
          {"nc_code", "WIR-01"}});
    const Reply ca = api.post("/api/v1/corrective-actions",
                              {{"title", "Контроль момента затяжки шин на электромонтаже"},
                               {"stages", {"WIRING"}},
                               {"owner_department", "Производство"},
                               {"due", "2099-12-31"},
                               {"review_month", "2026-11"}},
                              s.token("auditor"));
    REQUIRE(ca.status == 201);
    post("/api/v1/complaints/" + id + "/closure",
         {{"chair", "Орлов П. С., начальник сервисной службы"},
          {"members", {"Иванова Е. А. (ОТК)", "Кузнецов В. И. (производство)"}},
          {"measures", "Замена шинного соединения у заказчика за счёт завода"},
          {"corrective_actions", {ca.json["id"]}}});
    const std::string late =
        post("/api/v1/complaints", {{"reason", "consultation"},
                                    {"product_type", "KSO298"},
                                    {"serials", {"2611000433"}},
                                    {"lifecycle_stage", "installation"},
                                    {"customer", {{"organisation", "ООО «Монтаж-Сервис»"}}},
                                    {"channel", "phone"},
                                    {"description", "Как подключить шинный мост?"}})["id"];
    // Five days on: the consultation (2 calendar days) has had no answer.
    const Timestamp later{SystemClock().now().ms + 5 * 86'400'000LL};
    std::string at = format_utc(later).substr(0, 19);
    at[10] = ' ';
    s.restart_at(at);

    Chromium chromium(s, service);
    const std::string register_dom = chromium.dump_dom("/ui/complaints");
    const std::string register_text = page_text(register_dom);
    CHECK(contains(register_text, id));
    CHECK(contains(register_text, late));
    CHECK(contains(register_text, "АО «Энергосеть»"));
    CHECK(contains(register_text, "125 000,00 ₽"));  // the total of the register
    // The consultation's first answer is overdue: its deadline cell is red.
    const auto late_row = register_dom.find(late + "</a>");
    REQUIRE(late_row != std::string::npos);
    CHECK(contains(register_dom.substr(late_row, register_dom.find("</tr>", late_row) - late_row),
                   "class=\"t bad\""));
    CHECK(contains(register_text, "Новое обращение"));  // the service department registers

    const std::string page = page_text(chromium.dump_dom("/ui/complaints/" + id));
    CHECK(contains(page, "Ход рассмотрения"));
    CHECK(contains(page, "Обращение зарегистрировано, инженер выезжает"));
    CHECK(contains(page, "Обоснована"));
    CHECK(contains(page, "akt-osmotra.pdf"));
    CHECK(contains(page, "Дефект изделия пропущен с этапа Электромонтаж"));
    CHECK(contains(page, "Подозрительные изделия"));
    CHECK(contains(page, "2611000431"));  // passed WIRING too
    CHECK(contains(page, ca.json["id"].get<std::string>()));
    const std::string same_stamp =
        page_text(chromium.dump_dom("/ui/complaints/" + id + "?same_stamp=true"));
    CHECK(contains(same_stamp, "2611000431"));
    CHECK_FALSE(contains(same_stamp, "2611000433"));  // its WIRING was signed by another stamp

    const std::string pdf = s.dir().path() + "/protocol.pdf";
    chromium.print_to_pdf("/ui/complaints/" + id + "/protocol", pdf);
    CommandResult text = run_command({"/usr/bin/pdftotext", "-layout", pdf, "-"});
    REQUIRE(text.exit_code == 0);
    CHECK_MESSAGE(contains(text.out, "Протокол комиссии по рекламации CL-"), text.out);
    CHECK(contains(text.out, id.substr(3)));  // the title wraps at the id's hyphen
    CHECK(contains(text.out, "Орлов П. С."));
    CHECK(contains(text.out, "Замена шинного соединения"));
    CHECK(contains(text.out, "Подписи"));
    CHECK_FALSE(contains(text.out, "Выйти"));
    CommandResult info = run_command({"/usr/bin/pdfinfo", pdf});
    CHECK(contains(info.out, "594.96 x 841.92 pts (A4)"));  // portrait

    for (const auto& [name, path] : std::vector<std::pair<std::string, std::string>>{
             {"complaints", "/ui/complaints"},
             {"complaint", "/ui/complaints/" + id},
             {"protocol", "/ui/complaints/" + id + "/protocol"}}) {
        std::filesystem::remove(screen(name));
        chromium.screenshot(path, screen(name), 1280, 1400);
        CHECK(std::filesystem::file_size(screen(name)) > 10'000);
    }
}

}  // namespace stampline::itest
