// The web pages in a real browser: headless Chromium (Debian's package) signs in through a
// one-time link and loads the trail, Pareto and bottleneck pages of a simulated month from the
// real server; the test reads the DOM Chromium built, keeps screenshots, and prints a page to PDF
// to check that the print rules hold (no navigation or forms on paper); on PostgreSQL, the head
// office's page across two plants.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "integration/chromium.h"
#include "integration/plant_group_fixture.h"
#include "integration/test_record.h"
#include "integration/web_session.h"
#include "pg/pg_test_database.h"

using namespace stampline::itest;

namespace {

std::string screens_dir() {
    std::filesystem::create_directories(STAMPLINE_WEB_SCREENS_DIR);
    return STAMPLINE_WEB_SCREENS_DIR;
}

// Width and height from a PNG's IHDR chunk; {0, 0} when the file is not a PNG.
std::pair<int, int> png_size(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    unsigned char h[24] = {};
    in.read(reinterpret_cast<char*>(h), sizeof h);
    if (!in || h[1] != 'P' || h[2] != 'N' || h[3] != 'G') return {0, 0};
    auto be = [&](int i) { return (h[i] << 24) | (h[i + 1] << 16) | (h[i + 2] << 8) | h[i + 3]; };
    return {be(16), be(20)};
}

struct SimulatedMonth {
    SimulatedMonth() {
        CommandResult run = run_command(
            {STAMPLINE_CLI_BIN, "simulate", "--plant", demo_plant_dir(), "--server",
             "http://127.0.0.1:" + std::to_string(server.process().port()), "--token",
             server.admin(), "--units", "40", "--days", "30", "--seed", "7", "--batch", "200"});
        REQUIRE_MESSAGE(run.exit_code == 0, run.out << run.err);
        server.sheet("2611000427", "KSO298", "Z26117");
        server.walk("2611000427", "KSO298", "ADJUST");
    }
    TestServer server;
    const std::string period = "?from=2026-11-02&to=2026-12-01";
};

}  // namespace

TEST_CASE("in Chromium, the trail, Pareto, bottleneck and review pages show the month's figures") {
    SimulatedMonth month;
    TestServer& s = month.server;
    Chromium chromium(s, s.token("auditor"));

    const std::string trail = page_text(chromium.dump_dom("/ui/units/2611000427"));
    CHECK(contains(trail, "Изделие 2611000427"));
    CHECK(contains(trail, "Z26117"));
    CHECK(contains(trail, "На этапе Наладка"));
    CHECK(contains(trail, "✓ Электромонтаж"));

    const std::string pareto_dom = chromium.dump_dom("/ui/pareto" + month.period);
    CHECK(contains(pareto_dom, "<svg"));
    CHECK(contains(page_text(pareto_dom), "Диаграмма Парето несоответствий"));
    CHECK(contains(page_text(pareto_dom), "WIR-0"));

    const std::string bottleneck = page_text(chromium.dump_dom("/ui/bottleneck" + month.period));
    CHECK(contains(bottleneck, "Узкое место по качеству: WIRING Электромонтаж"));
    CHECK(contains(bottleneck, "Узкое место по потоку: ADJUST Наладка"));
    CHECK(contains(bottleneck, "Матрица пропусков"));

    const std::string review = page_text(chromium.dump_dom("/ui/review?month=2026-11"));
    CHECK(contains(review, "Ежемесячный разбор 2026-11"));
    CHECK(contains(review, "Показатели месяца и динамика"));
    CHECK(contains(review, "Узкое место по качеству: WIRING Электромонтаж"));
    CHECK(contains(review, "Решения прошлых совещаний"));

    const std::string english =
        page_text(chromium.dump_dom("/ui/bottleneck" + month.period + "&lang=en"));
    CHECK(contains(english, "Quality bottleneck: WIRING Wiring"));

    for (const auto& [name, page] : std::vector<std::pair<std::string, std::string>>{
             {"trail", "/ui/units/2611000427"},
             {"pareto", "/ui/pareto" + month.period},
             {"bottleneck", "/ui/bottleneck" + month.period},
             {"review", "/ui/review?month=2026-11"}}) {
        const std::string png = screens_dir() + "/" + name + ".png";
        std::filesystem::remove(png);
        chromium.screenshot(page, png, 1280, 1600);
        CHECK(png_size(png) == std::pair{1280, 1600});
    }
}

TEST_CASE(
    "the review pack printed from Chromium keeps its content and drops navigation and forms") {
    SimulatedMonth month;
    TestServer& s = month.server;
    Chromium chromium(s, s.token("auditor"));
    const std::string pdf = s.dir().path() + "/review.pdf";
    chromium.print_to_pdf("/ui/review?month=2026-11", pdf);

    CommandResult text = run_command({"/usr/bin/pdftotext", "-layout", pdf, "-"});
    REQUIRE(text.exit_code == 0);
    CHECK(contains(text.out, "Ежемесячный разбор 2026-11"));
    CHECK(contains(text.out, "WIRING"));
    CHECK(contains(text.out, "Матрица пропусков"));
    CHECK(contains(text.out, "Повторяющиеся несоответствия"));
    CHECK_FALSE(contains(text.out, "Выйти"));             // the header's sign-out button
    CHECK_FALSE(contains(text.out, "Показать"));          // the month form's button
    CHECK_FALSE(contains(text.out, "Записать решение"));  // the decision form
    CommandResult info = run_command({"/usr/bin/pdfinfo", pdf});
    CHECK(contains(info.out, "841.92 x 594.96 pts (A4)"));  // landscape
    // The PDF rasterises: what a print shop's RIP would do with it.
    CommandResult raster = run_command({"/usr/bin/pdftoppm", "-r", "40", "-png", "-f", "1", "-l",
                                        "1", pdf, s.dir().path() + "/page"});
    CHECK(raster.exit_code == 0);
    CHECK(png_size(s.dir().path() + "/page-1.png").first > 300);
}

TEST_CASE(
    "in Chromium, the head office page shows both plants, filters to one and follows its review "
    "pack link") {
    if (skip_unless_postgresql()) return;
    GroupMonths months;
    TestServer& office = months.head_office();
    Chromium chromium(office, office.token("auditor"));
    const std::string period = std::string("?") + kGroupPeriod;

    const std::string all = chromium.dump_dom("/ui/group" + period);
    const std::string text = page_text(all);
    CHECK(contains(text, "Узкое место по заводам"));
    CHECK(contains(all, "id=\"plant-VEZ-DEMO\""));
    CHECK(contains(all, "id=\"plant-VEZ-PARTNER\""));
    CHECK(contains(text, "ООО «Камский завод КРУ» (партнёр)"));
    CHECK(contains(text, "Диаграмма Парето несоответствий"));

    const std::string one = chromium.dump_dom("/ui/group" + period + "&plant=VEZ-PARTNER");
    CHECK(contains(one, "id=\"plant-VEZ-PARTNER\""));
    CHECK_FALSE(contains(one, "id=\"plant-VEZ-DEMO\""));
    // The review pack link as the browser built it, followed.
    const std::string marker = "class=\"review-pack\" href=\"";
    const auto at = one.find(marker);
    REQUIRE(at != std::string::npos);
    const auto start = at + marker.size();
    std::string href = one.substr(start, one.find('"', start) - start);
    for (std::size_t amp; (amp = href.find("&amp;")) != std::string::npos;)
        href.replace(amp, 5, "&");
    CHECK(href == "/ui/group/review?plant=VEZ-PARTNER&month=2026-11");
    const std::string review = page_text(chromium.dump_dom(href));
    CHECK(contains(review, "VEZ-PARTNER"));
    CHECK(contains(review, "2026-11"));
    CHECK(contains(review, "Диаграмма Парето несоответствий"));

    for (const auto& [name, page] : std::vector<std::pair<std::string, std::string>>{
             {"group", "/ui/group" + period}, {"group-review", href}}) {
        const std::string png = screens_dir() + "/" + name + ".png";
        std::filesystem::remove(png);
        chromium.screenshot(page, png, 1280, 1600);
        CHECK(png_size(png) == std::pair{1280, 1600});
    }
}
