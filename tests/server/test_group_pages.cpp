// The head office's group: the description of its plants (service/plant_group.h) and the body of
// its page (web/group_pages.h), from hand-made figures of two plants.
#include <doctest/doctest.h>

#include <regex>

#include "server/service/plant_group.h"
#include "server/web/group_pages.h"
#include "server/web/html.h"
#include "service_fixture.h"
#include "sqlite_fixture.h"

using namespace stampline;
using namespace stampline::server::web;
namespace an = stampline::server::analytics;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

an::StageStats ranked(const std::string& stage, double score) {
    an::StageStats s;
    s.stage = stage;
    s.ranked = true;
    s.weighted_ncs_per_100_units = score;
    return s;
}

// Plant `code`: the demo plant's process under another code and name.
Plant plant_named(const std::string& code, const std::string& ru, const std::string& en) {
    Plant p = stampline::test::demo_plant();
    p.code = code;
    p.name = LocalText{ru, en};
    return p;
}

// The row of plant `code` in the side-by-side table.
std::string row_of(const std::string& html, const std::string& code) {
    const auto at = html.find("<tr data-plant=\"" + code + "\"");
    REQUIRE(at != std::string::npos);
    return html.substr(at, html.find("</tr>", at) - at);
}

}  // namespace

TEST_CASE(
    "the bottleneck per plant puts each plant's stage scores in one row and marks its worst") {
    const Plant a = plant_named("A-1", "Завод А", "Plant A");
    const Plant b = plant_named("B-2", "Завод Б", "Plant B");
    GroupPlantFigures fa;
    fa.plant = &a;
    fa.bottleneck.by_quality = {ranked("WIRING", 42.5), ranked("ASSEMBLY", 10)};
    fa.bottleneck.top_quality_stage = "WIRING";
    fa.bottleneck.top_flow_stage = "ADJUST";
    GroupPlantFigures fb;
    fb.plant = &b;
    an::StageStats few = ranked("WIRING", 99);
    few.ranked = false;  // too few units: no score shown
    fb.bottleneck.by_quality = {ranked("ASSEMBLY", 7.46), few};
    fb.bottleneck.top_quality_stage = "ASSEMBLY";
    const std::vector<GroupPlantFigures> both{fa, fb};

    const std::string html = group_bottleneck_table(both, WebLang::En);
    // A column per stage of the process, in its order.
    CHECK(html.find(">TZ</th>") < html.find(">ASSEMBLY</th>"));
    CHECK(html.find(">ASSEMBLY</th>") < html.find(">WIRING</th>"));
    const std::string row_a = row_of(html, "A-1");
    CHECK(contains(row_a, "<td class=\"num top\"><b>42.5</b></td>"));
    CHECK(contains(row_a, ">10.0<"));
    CHECK(contains(row_a, "<td><b>ADJUST</b></td>"));
    const std::string row_b = row_of(html, "B-2");
    CHECK(contains(row_b, "<td class=\"num top\"><b>7.5</b></td>"));  // 7.46, one decimal
    CHECK_FALSE(contains(row_b, "99"));
    CHECK(contains(row_b, "<td>—</td>"));  // no flow bottleneck
    CHECK(contains(row_a, "title=\"Plant A\""));
    CHECK(contains(group_bottleneck_table(both, WebLang::Ru), "Завод"));
}

TEST_CASE("the group page offers every plant in its filter and links each plant's review pack") {
    const Plant a = plant_named("A-1", "Завод А", "Plant A");
    const Plant b = plant_named("B-2", "Завод Б", "Plant B");
    const std::vector<const Plant*> all{&a, &b};
    GroupPlantFigures fb;
    fb.plant = &b;
    const std::vector<GroupPlantFigures> shown{fb};
    const std::string html =
        group_body({"2026-11-02", "2026-12-01", "B-2"}, all, shown, "2026-11", WebLang::Ru);
    CHECK(contains(html, "action=\"/ui/group\""));
    CHECK(contains(html, "<option value=\"\">все заводы</option>"));
    CHECK(contains(html, "<option value=\"A-1\">A-1 Завод А</option>"));
    CHECK(contains(html, "<option value=\"B-2\" selected>B-2 Завод Б</option>"));
    CHECK(contains(html, "value=\"2026-11-02\""));
    CHECK(contains(html, "id=\"plant-B-2\""));
    CHECK_FALSE(contains(html, "id=\"plant-A-1\""));
    CHECK(contains(html, "href=\"/ui/group/review?plant=B-2&amp;month=2026-11\""));
    CHECK(contains(html, "Узкое место по заводам"));
    // No download links: the plants' CSV endpoints are their own servers'.
    CHECK_FALSE(contains(html, "class=\"csv\""));
    const std::string text = std::regex_replace(html, std::regex("<[^>]*>"), " ");
    CHECK_FALSE(std::regex_search(text, std::regex(R"(\bgroup\.[a-z_]+)")));
}

TEST_CASE("a plant group keeps its plants in order, finds them by code and refuses a code twice") {
    stampline::test::TempDir dir;
    const std::unique_ptr<server::Store> store = stampline::test::open_store(dir.file("a.db"));
    const Plant a = plant_named("A-1", "Завод А", "Plant A");
    const Plant b = plant_named("B-2", "Завод Б", "Plant B");
    server::PlantGroup group;
    CHECK(group.empty());
    CHECK(group.add(a, *store));
    CHECK(group.add(b, *store));
    CHECK_FALSE(group.add(a, *store));
    REQUIRE(group.plants().size() == 2);
    CHECK(group.plants()[0].plant.code == "A-1");
    CHECK(group.plants()[1].plant.code == "B-2");
    REQUIRE(group.find("B-2") != nullptr);
    CHECK(&group.find("B-2")->plant == &b);
    CHECK(group.find("C-3") == nullptr);
}
