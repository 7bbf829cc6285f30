// Plant configuration: the demo plant loads; every kind of broken configuration is refused with
// a message that names the file, the line and the key.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "shared/plant.h"
#include "shared/plant_files.h"
#include "shared/plant_parse.h"
#include "shared/time_zone_db.h"

using namespace stampline;

namespace {

// A small valid plant. Tests replace one file with a broken variant; line numbers in the
// expectations refer to the texts below (or to the replacement text of the test).
std::vector<ConfigSource> base_plant() {
    return {
        {"t/plant.toml", R"([plant]
code = "T"
name = { ru = "Тест", en = "Test" }

[rules]
pin_max_attempts = 3
)"},
        {"t/stages.toml", R"([stages.A]
name = { ru = "А", en = "A" }

[stages.B]
name = { ru = "Б", en = "B" }

[stages.C]
name = { ru = "В", en = "C" }
)"},
        {"t/products.toml", R"([products.P1]
name = { ru = "Изделие 1", en = "Product 1" }
gtin = "04600000000015"
route = ["A", "B", "C"]

[products.P2]
name = { ru = "Изделие 2", en = "Product 2" }
route = ["A", "C"]
)"},
        {"t/stations.toml", R"([stations.ST-1]
name = { ru = "Пост 1", en = "Station 1" }
stages = ["A", "B"]

[stations.ST-2]
name = { ru = "Пост 2", en = "Station 2" }
stages = ["C"]
)"},
        {"t/checklists.toml", R"([[checklists.A.B.items]]
id = "X1"
text = { ru = "Проверка 1", en = "Check 1" }

[[checklists.B.C.items]]
id = "X2"
text = { ru = "Проверка 2", en = "Check 2" }

[[checklists.A.C.items]]
id = "X3"
text = { ru = "Проверка 3", en = "Check 3" }
)"},
        {"t/nc.toml", R"([nc_categories.WIR]
name = { ru = "Монтаж", en = "Wiring" }

[nc_codes.WIR-01]
category = "WIR"
default_severity = "major"
text = { ru = "Ошибка", en = "Error" }

[dispositions.rework]
name = { ru = "Доработка", en = "Rework" }
)"},
    };
}

// The base plant with the file `name` replaced by (or, if new, added as) `text`.
std::vector<ConfigSource> with(const std::string& name, const std::string& text) {
    std::vector<ConfigSource> files = base_plant();
    auto it = std::find_if(files.begin(), files.end(),
                           [&](const ConfigSource& f) { return f.name == name; });
    if (it == files.end()) {
        files.push_back({name, text});
    } else {
        it->text = text;
    }
    return files;
}

// The error message of a configuration that must be refused ("" if it was accepted).
std::string refusal(const std::vector<ConfigSource>& files) {
    Result<Plant> plant = parse_plant(files);
    REQUIRE_FALSE(plant.has_value());
    CHECK(plant.error().code() == Code::InvalidArgument);
    return plant.error().message();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_SUITE("plant config") {
    TEST_CASE("plant config: the demo plant loads with stages, products, stations and NC catalog") {
        Result<Plant> loaded = load_plant_dir(STAMPLINE_CONFIG_DIR "/demo");
        REQUIRE_MESSAGE(loaded.has_value(), loaded.status().to_string());
        const Plant& plant = *loaded;

        CHECK(plant.code == "VEZ-DEMO");
        CHECK(plant.default_language == "ru");
        CHECK_FALSE(plant.name.ru.empty());
        CHECK_FALSE(plant.name.en.empty());

        CHECK(plant.stages.size() >= 8);
        for (const char* code : {"TZ", "DESIGN", "INCOMING", "MACHINING", "ASSEMBLY", "WIRING",
                                 "ADJUST", "ACCEPT", "PACK"}) {
            CHECK_MESSAGE(plant.stage(code) != nullptr, code);
        }
        CHECK(plant.stages.front().code == "TZ");  // definition order is kept
        CHECK(plant.stages.back().code == "PACK");

        REQUIRE(plant.products.size() >= 3);
        for (size_t i = 0; i < plant.products.size(); ++i) {
            for (size_t j = i + 1; j < plant.products.size(); ++j) {
                CHECK(plant.products[i].route != plant.products[j].route);
            }
            CHECK(plant.products[i].gtin.size() == 14);
            CHECK(plant.product_by_gtin(plant.products[i].gtin) == &plant.products[i]);
        }

        std::set<std::string> categories_used;
        for (const NcCode& code : plant.nc_codes) categories_used.insert(code.category);
        CHECK(plant.nc_codes.size() >= 20);
        CHECK(categories_used.size() >= 6);
        CHECK(plant.nc_categories.size() >= 6);
        for (const char* code : {"rework", "repair", "use_as_is", "scrap", "return_to_supplier"}) {
            CHECK_MESSAGE(plant.disposition(code) != nullptr, code);
        }

        CHECK(plant.rules.open_nc_blocks_signoff);
        CHECK(plant.rules.blocking_severity == Severity::Major);
        CHECK(plant.rules.require_acceptance);
        CHECK(plant.rules.independent_verification);
        CHECK(plant.rules.pin_max_attempts == 5);
        CHECK(plant.rules.session_timeout_s == 120);
    }

    TEST_CASE(
        "plant config: the demo plant has a checklist for every junction and a station per stage") {
        Result<Plant> loaded = load_plant_dir(STAMPLINE_CONFIG_DIR "/demo");
        REQUIRE_MESSAGE(loaded.has_value(), loaded.status().to_string());
        const Plant& plant = *loaded;

        std::set<std::pair<std::string, std::string>> junctions;
        for (const ProductType& product : plant.products) {
            for (size_t i = 1; i < product.route.size(); ++i) {
                const Checklist* checklist =
                    plant.checklist(product.route[i - 1], product.route[i]);
                REQUIRE_MESSAGE(checklist != nullptr, product.code, " ", product.route[i]);
                CHECK(checklist->items.size() >= 3);
                CHECK(checklist->items.size() <= 6);
                junctions.insert({product.route[i - 1], product.route[i]});
            }
        }
        CHECK(plant.checklists.size() == junctions.size());

        std::set<std::string> staffed;
        for (const Station& station : plant.stations) {
            REQUIRE_FALSE(station.stages.empty());
            for (const std::string& stage : station.stages) {
                CHECK_MESSAGE(plant.stage(stage) != nullptr, station.id);
                staffed.insert(stage);
            }
        }
        for (const Stage& stage : plant.stages)
            CHECK_MESSAGE(staffed.count(stage.code), stage.code);
        CHECK(std::any_of(plant.stations.begin(), plant.stations.end(),
                          [](const Station& s) { return s.stages.size() >= 2; }));
    }

    TEST_CASE("plant config: a valid plant spread over files parses in definition order") {
        Result<Plant> parsed = parse_plant(base_plant());
        REQUIRE_MESSAGE(parsed.has_value(), parsed.status().to_string());
        const Plant& plant = *parsed;
        REQUIRE(plant.stages.size() == 3);
        CHECK(plant.stages[0].code == "A");
        CHECK(plant.stages[1].name.ru == "Б");
        CHECK(plant.stages[2].name.en == "C");
        REQUIRE(plant.products.size() == 2);
        CHECK(plant.products[0].route == std::vector<std::string>{"A", "B", "C"});
        CHECK(plant.products[1].gtin.empty());
        CHECK(plant.rules.pin_max_attempts == 3);
        CHECK(plant.rules.session_timeout_s == 120);  // default
        REQUIRE(plant.checklist("B", "C") != nullptr);
        CHECK(plant.checklist("B", "C")->items.at(0).id == "X2");
        REQUIRE(plant.nc_code("WIR-01") != nullptr);
        CHECK(plant.nc_code("WIR-01")->default_severity == Severity::Major);
    }

    TEST_CASE("plant config: a route naming an unknown stage is refused with file, line and key") {
        std::string msg = refusal(with("t/products.toml", R"([products.P1]
name = { ru = "Изделие 1", en = "Product 1" }
gtin = "04600000000015"
route = ["A", "B",
         "WELD", "C"]

[products.P2]
name = { ru = "Изделие 2", en = "Product 2" }
route = ["A", "C"]
)"));
        CHECK(contains(msg,
                       "t/products.toml:5: products.P1.route[2]: unknown stage 'WELD' "
                       "(known: A, B, C)"));
        // The checklist B -> C is unused only because of the typo: no second message about it.
        CHECK(std::count(msg.begin(), msg.end(), '\n') == 0);
    }

    TEST_CASE("plant config: a broken configuration yields no plant at all") {
        Result<Plant> plant =
            parse_plant(with("t/stations.toml",
                             "[stations.ST-1]\nname = { ru = \"П\", en = \"S\" }\n"
                             "stages = [\"NOPE\"]\n"));
        CHECK_FALSE(plant.has_value());
        CHECK(plant.error().code() == Code::InvalidArgument);
    }

    TEST_CASE("plant config: a misspelt key is refused as unknown, naming the key") {
        std::string msg = refusal(with("t/products.toml", R"([products.P1]
name = { ru = "Изделие 1", en = "Product 1" }
rout = ["A", "B", "C"]

[products.P2]
name = { ru = "Изделие 2", en = "Product 2" }
route = ["A", "C"]
)"));
        CHECK(contains(msg,
                       "t/products.toml:3: products.P1.rout: unknown key (allowed: name, gtin, "
                       "route)"));
        CHECK(contains(msg, "t/products.toml:1: products.P1.route: missing required key"));
    }

    TEST_CASE("plant config: an unknown top-level table is refused") {
        std::string msg = refusal(with("t/extra.toml", "# typo\n[stage.D]\nname = 1\n"));
        CHECK(
            contains(msg, "t/extra.toml:2: stage: unknown table (allowed: plant, rules, stages,"));
    }

    TEST_CASE("plant config: a value of the wrong type is refused naming the expected type") {
        std::string msg = refusal(with("t/stations.toml", R"([stations.ST-1]
name = { ru = "Пост 1", en = "Station 1" }
stages = "A"

[stations.ST-2]
name = "Пост 2"
stages = ["C", 7]
)"));
        CHECK(contains(msg,
                       "t/stations.toml:3: stations.ST-1.stages: expected an array, found a "
                       "string"));
        CHECK(contains(msg, "t/stations.toml:6: stations.ST-2.name: expected a table"));
        CHECK(contains(msg,
                       "t/stations.toml:7: stations.ST-2.stages[1]: expected a stage code (a "
                       "string), found an integer"));
    }

    TEST_CASE(
        "plant config: a stage name without its English text is refused at its table's line") {
        std::string msg = refusal(with("t/stages.toml", R"([stages.A]
name = { ru = "А", en = "A" }

[stages.B]
name.ru = "Б"

[stages.C]
name = { ru = "В", en = "" }
)"));
        CHECK(contains(msg, "t/stages.toml:5: stages.B.name.en: missing required key"));
        CHECK(contains(msg, "t/stages.toml:8: stages.C.name.en: must not be empty"));
    }

    TEST_CASE("plant config: a stage without a name is refused at the line of the stage table") {
        std::string msg = refusal(with("t/stages.toml",
                                       "[stages.A]\nname = { ru = \"А\", en = \"A\" }\n"
                                       "\n[stages.B]\n\n[stages.C]\n"
                                       "name = { ru = \"В\", en = \"C\" }\n"));
        CHECK(contains(msg, "t/stages.toml:4: stages.B.name: missing required key"));
    }

    TEST_CASE("plant config: a product code unfit for barcodes is refused") {
        std::string msg = refusal(with("t/products.toml", R"([products.P1]
name = { ru = "Изделие 1", en = "Product 1" }
route = ["A", "B", "C"]

[products.KSO-298]
name = { ru = "КСО", en = "KSO" }
route = ["A", "C"]
)"));
        CHECK(contains(msg,
                       "t/products.toml:5: products.KSO-298: bad product code 'KSO-298' (use "
                       "1-16 characters A-Z, 0-9"));
    }

    TEST_CASE("plant config: lowercase stage, station and NC codes are refused") {
        std::string msg = refusal(with("t/extra.toml", R"([stages.weld]
name = { ru = "Сварка", en = "Welding" }

[stations.st-9]
name = { ru = "Пост", en = "Station" }
stages = ["A"]

[nc_codes.wir-02]
category = "WIR"
default_severity = "minor"
text = { ru = "Т", en = "T" }
)"));
        CHECK(contains(msg, "t/extra.toml:1: stages.weld: bad stage code 'weld'"));
        CHECK(contains(msg, "t/extra.toml:4: stations.st-9: bad station id 'st-9'"));
        CHECK(contains(msg, "t/extra.toml:8: nc_codes.wir-02: bad NC code 'wir-02'"));
    }

    TEST_CASE("plant config: a stage defined in two files is refused naming both places") {
        std::string msg = refusal(with("t/more.toml", R"(# more stages
[stages.D]
name = { ru = "Г", en = "D" }

[stages.B]
name = { ru = "Б", en = "B" }
)"));
        CHECK(contains(msg, "t/more.toml:5: stages.B: defined twice: here and at t/stages.toml:4"));
    }

    TEST_CASE("plant config: a [plant] table in two files is refused naming both places") {
        std::string msg = refusal(
            with("t/more.toml", "\n\n[plant]\ncode = \"U\"\nname = { ru = \"У\", en = \"U\" }\n"));
        CHECK(contains(msg, "t/more.toml:3: plant: defined twice: here and at t/plant.toml:1"));
    }

    TEST_CASE("plant config: an empty route is refused") {
        std::string msg = refusal(with("t/products.toml", R"([products.P1]
name = { ru = "Изделие 1", en = "Product 1" }
route = ["A", "B", "C"]

[products.P2]
name = { ru = "Изделие 2", en = "Product 2" }
route = []
)"));
        CHECK(contains(msg, "t/products.toml:7: products.P2.route: empty route"));
    }

    TEST_CASE("plant config: a stage repeated in a route is refused") {
        std::string msg = refusal(with("t/products.toml", R"([products.P1]
name = { ru = "Изделие 1", en = "Product 1" }
route = ["A", "B", "C"]

[products.P2]
name = { ru = "Изделие 2", en = "Product 2" }
route = ["A", "C", "A"]
)"));
        CHECK(contains(msg, "t/products.toml:7: products.P2.route[2]: stage 'A' repeats route[0]"));
    }

    TEST_CASE("plant config: a station at an unknown stage is refused") {
        std::string msg = refusal(with("t/stations.toml", R"([stations.ST-1]
name = { ru = "Пост 1", en = "Station 1" }
stages = ["A", "B"]

[stations.ST-2]
name = { ru = "Пост 2", en = "Station 2" }
stages = ["C", "PAINT"]
)"));
        CHECK(contains(msg,
                       "t/stations.toml:7: stations.ST-2.stages[1]: unknown stage 'PAINT' "
                       "(known: A, B, C)"));
    }

    TEST_CASE("plant config: a station with no stages is refused") {
        std::string msg = refusal(with("t/stations.toml", R"([stations.ST-1]
name = { ru = "Пост 1", en = "Station 1" }
stages = ["A", "B", "C"]

[stations.ST-2]
name = { ru = "Пост 2", en = "Station 2" }
stages = []
)"));
        CHECK(contains(msg, "t/stations.toml:7: stations.ST-2.stages: no stages"));
    }

    TEST_CASE("plant config: a checklist junction naming an unknown stage is refused") {
        std::string msg = refusal(with("t/more.toml", R"(
[[checklists.C.WELD.items]]
id = "X9"
text = { ru = "Проверка", en = "Check" }
)"));
        CHECK(contains(msg,
                       "t/more.toml:2: checklists.C.WELD: unknown stage 'WELD' (known: A, B, C)"));
    }

    TEST_CASE("plant config: a checklist for a junction that no route uses is refused") {
        std::string msg = refusal(with("t/more.toml", R"(
[[checklists.C.A.items]]
id = "X9"
text = { ru = "Проверка", en = "Check" }
)"));
        CHECK(contains(msg,
                       "t/more.toml:2: checklists.C.A: the junction C -> A occurs in no product "
                       "route"));
    }

    TEST_CASE("plant config: a route junction without a checklist is refused") {
        std::string msg = refusal(with("t/checklists.toml", R"([[checklists.A.B.items]]
id = "X1"
text = { ru = "Проверка 1", en = "Check 1" }

[[checklists.A.C.items]]
id = "X3"
text = { ru = "Проверка 3", en = "Check 3" }
)"));
        CHECK(contains(msg,
                       "t/products.toml:4: products.P1.route[2]: no checklist for the junction "
                       "B -> C (add [[checklists.B.C.items]])"));
    }

    TEST_CASE("plant config: checklist items with duplicate ids or no items are refused") {
        std::string msg = refusal(with("t/checklists.toml", R"([[checklists.A.B.items]]
id = "X1"
text = { ru = "Проверка 1", en = "Check 1" }

[[checklists.A.B.items]]
id = "X1"
text = { ru = "Проверка 1", en = "Check 1" }

[[checklists.B.C.items]]
id = "X2"
text = { ru = "Проверка 2", en = "Check 2" }

[checklists.A.C]
items = []
)"));
        CHECK(contains(msg,
                       "t/checklists.toml:6: checklists.A.B.items[1].id: duplicate item id 'X1' "
                       "(first at items[0])"));
        CHECK(contains(msg, "t/checklists.toml:14: checklists.A.C.items: no items"));
    }

    TEST_CASE("plant config: an NC code in an unknown category is refused") {
        std::string msg = refusal(with("t/nc.toml", R"([nc_categories.WIR]
name = { ru = "Монтаж", en = "Wiring" }

[nc_codes.WIR-01]
category = "PAINT"
default_severity = "major"
text = { ru = "Ошибка", en = "Error" }

[dispositions.rework]
name = { ru = "Доработка", en = "Rework" }
)"));
        CHECK(contains(msg,
                       "t/nc.toml:5: nc_codes.WIR-01.category: unknown category 'PAINT' (known: "
                       "WIR)"));
    }

    TEST_CASE("plant config: an unknown severity word is refused") {
        std::string msg = refusal(with("t/nc.toml", R"([nc_categories.WIR]
name = { ru = "Монтаж", en = "Wiring" }

[nc_codes.WIR-01]
category = "WIR"
default_severity = "Major"
text = { ru = "Ошибка", en = "Error" }

[dispositions.rework]
name = { ru = "Доработка", en = "Rework" }
)"));
        CHECK(contains(msg,
                       "t/nc.toml:6: nc_codes.WIR-01.default_severity: unknown severity 'Major' "
                       "(use minor, major or critical)"));
    }

    TEST_CASE("plant config: a GTIN that is not 14 digits or has a bad check digit is refused") {
        std::string msg = refusal(with("t/products.toml", R"([products.P1]
name = { ru = "Изделие 1", en = "Product 1" }
gtin = "4600000000015"
route = ["A", "B", "C"]

[products.P2]
name = { ru = "Изделие 2", en = "Product 2" }
gtin = "04600000000016"
route = ["A", "C"]
)"));
        CHECK(contains(msg,
                       "t/products.toml:3: products.P1.gtin: GTIN '4600000000015' is not 14 "
                       "digits"));
        CHECK(contains(msg,
                       "t/products.toml:8: products.P2.gtin: GTIN '04600000000016' has a bad GS1 "
                       "check digit (expected 5 at the end)"));
    }

    TEST_CASE("plant config: a GTIN used by two products is refused") {
        std::string msg = refusal(with("t/products.toml", R"([products.P1]
name = { ru = "Изделие 1", en = "Product 1" }
gtin = "04600000000015"
route = ["A", "B", "C"]

[products.P2]
name = { ru = "Изделие 2", en = "Product 2" }
gtin = "04600000000015"
route = ["A", "C"]
)"));
        CHECK(contains(msg,
                       "t/products.toml:8: products.P2.gtin: GTIN '04600000000015' is already "
                       "used by products.P1 (t/products.toml:3)"));
    }

    TEST_CASE("plant config: rule options out of range are refused") {
        std::string msg = refusal(with("t/plant.toml", R"([plant]
code = "T"
name = { ru = "Тест", en = "Test" }
default_language = "de"

[rules]
pin_max_attempts = 0
session_timeout_s = 86400
blocking_severity = "fatal"
require_acceptance = "yes"
)"));
        CHECK(contains(msg, "t/plant.toml:4: plant.default_language: unknown language 'de'"));
        CHECK(contains(msg, "t/plant.toml:7: rules.pin_max_attempts: 0 is out of range (1..20)"));
        CHECK(contains(msg,
                       "t/plant.toml:8: rules.session_timeout_s: 86400 is out of range "
                       "(10..3600)"));
        CHECK(contains(msg, "t/plant.toml:9: rules.blocking_severity: unknown severity 'fatal'"));
        CHECK(contains(msg,
                       "t/plant.toml:10: rules.require_acceptance: expected true or false, "
                       "found a string"));
    }

    TEST_CASE("plant config: [analytics] options are read, defaulted and checked") {
        Result<Plant> plant = parse_plant(with("t/analytics.toml", R"([analytics]
repeat_months = 12
repeat_min_months = 4
ranking_min_units = 25
weight_critical = 20
)"));
        REQUIRE_MESSAGE(plant.has_value(), plant.error().message());
        CHECK(plant->analytics.repeat_months == 12);
        CHECK(plant->analytics.repeat_min_months == 4);
        CHECK(plant->analytics.ranking_min_units == 25);
        CHECK(plant->analytics.weight(Severity::Critical) == 20);
        CHECK(plant->analytics.weight(Severity::Major) == 3);  // the default
        std::string msg = refusal(with("t/analytics.toml", R"([analytics]
repeat_months = 2
)"));
        CHECK(contains(msg,
                       "t/analytics.toml:2: analytics.repeat_months: repeat_min_months (3) "
                       "is more than repeat_months (2)"));
        msg = refusal(with("t/analytics.toml", R"([analytics]
weight_minor = -1
level = 2
)"));
        CHECK(contains(msg, "t/analytics.toml:2: analytics.weight_minor: -1 is out of range"));
        CHECK(contains(msg, "analytics.level"));
    }

    TEST_CASE("plant config: a configuration without a [plant] table is refused") {
        std::string msg = refusal(with("t/plant.toml", "[rules]\npin_max_attempts = 3\n"));
        CHECK(contains(msg,
                       "plant: missing required table [plant] (none of these files defines it: "
                       "t/plant.toml, t/stages.toml,"));
    }

    TEST_CASE("plant config: a TOML syntax error names the file, line and column") {
        Result<Plant> plant = parse_plant(with("t/stages.toml", R"([stages.A]
name = { ru = "А", en = "A" }

[stages.B]
name = { ru = "Б" en = "B" }
)"));
        REQUIRE_FALSE(plant.has_value());
        const std::string& msg = plant.error().message();
        CHECK(msg.rfind("t/stages.toml:5:", 0) == 0);
        CHECK(contains(msg, "t/stages.toml:5:19: TOML syntax error: "));
        CHECK(std::count(msg.begin(), msg.end(), '\n') == 0);  // nothing else is checked
    }

    TEST_CASE("plant config: all problems are reported together in file and line order") {
        std::vector<ConfigSource> files = base_plant();
        files[2].text =
            "[products.P1]\nname = { ru = \"И\", en = \"P\" }\nroute = [\"A\", \"Z\"]\n";
        files[0].text += "session_timeout_s = 1\n";
        files[1].text += "\n[stages.D]\n";
        std::string msg = refusal(files);
        size_t plant_at = msg.find("t/plant.toml:7: rules.session_timeout_s");
        size_t stages_at = msg.find("t/stages.toml:10: stages.D.name: missing required key");
        size_t products_at = msg.find("t/products.toml:3: products.P1.route[1]: unknown stage 'Z'");
        REQUIRE(plant_at != std::string::npos);
        REQUIRE(stages_at != std::string::npos);
        REQUIRE(products_at != std::string::npos);
        CHECK(plant_at < stages_at);
        CHECK(stages_at < products_at);
    }

    TEST_CASE("plant config: a bad disposition code is refused") {
        std::string msg = refusal(with("t/more.toml",
                                       "[dispositions.Use-As-Is]\n"
                                       "name = { ru = \"Как есть\", en = \"As is\" }\n"));
        CHECK(contains(msg, "t/more.toml:1: dispositions.Use-As-Is: bad disposition code"));
    }

    TEST_CASE("plant config: a missing directory is an IOError naming the path") {
        Result<Plant> plant = load_plant_dir(STAMPLINE_CONFIG_DIR "/no-such-plant");
        REQUIRE_FALSE(plant.has_value());
        CHECK(plant.error().code() == Code::IOError);
        CHECK(contains(plant.error().message(), STAMPLINE_CONFIG_DIR "/no-such-plant"));
    }

    TEST_CASE("plant config: no files at all is refused") {
        Result<Plant> plant = parse_plant({});
        REQUIRE_FALSE(plant.has_value());
        CHECK(plant.error().code() == Code::InvalidArgument);
    }

}  // TEST_SUITE

TEST_SUITE("plant config: time zone and work calendar") {
    TEST_CASE("plant config: the plant's IANA time zone is read, and an unknown one refused") {
        std::string plant_toml = R"([plant]
code = "T"
name = { ru = "Тест", en = "Test" }
time_zone = "Europe/Moscow"
)";
        Result<Plant> plant = parse_plant(with("t/plant.toml", plant_toml), load_time_zone);
        REQUIRE_MESSAGE(plant.has_value(), plant.error().message());
        CHECK(plant->zone.name() == "Europe/Moscow");
        CHECK(plant->zone.offset_ms(Timestamp{0}) == 3 * 3'600'000);  // 1970: MSK
        CHECK(parse_plant(base_plant())->zone.name() == "UTC");       // the default
        plant_toml.replace(plant_toml.find("Europe/Moscow"), 13, "Europe/Mosc0w");
        Result<Plant> bad = parse_plant(with("t/plant.toml", plant_toml), load_time_zone);
        REQUIRE_FALSE(bad.has_value());
        CHECK(contains(bad.error().message(),
                       "t/plant.toml:4: plant.time_zone: unknown time zone 'Europe/Mosc0w'"));
    }

    TEST_CASE("plant config: a work calendar's shifts, days off and holidays are read") {
        Result<Plant> plant = parse_plant(with("t/calendar.toml", R"([calendar]
days_off = ["sat", "sun"]
holidays = [2027-01-01, 2026-11-04]

[[calendar.shifts]]
name = "day"
start = "08:00"
end = "16:30"

[[calendar.shifts]]
name = "night"
start = "22:00"
end = "06:30"
stages = ["B"]
)"));
        REQUIRE_MESSAGE(plant.has_value(), plant.error().message());
        const WorkCalendar& c = plant->calendar;
        REQUIRE(c.shifts.size() == 2);
        CHECK(c.shifts[0].start_minute == 8 * 60);
        CHECK(c.shifts[0].end_minute == 16 * 60 + 30);
        CHECK(c.shifts[1].minutes() == 8 * 60 + 30);  // through midnight
        CHECK(c.shifts[1].stages == std::vector<std::string>{"B"});
        CHECK(c.days_off[5]);
        CHECK(c.days_off[6]);
        CHECK_FALSE(c.days_off[0]);
        CHECK(c.holidays == std::vector<Date>{{2026, 11, 4}, {2027, 1, 1}});  // sorted
        CHECK_FALSE(parse_plant(base_plant())->calendar.defined());  // none: around the clock
    }

    TEST_CASE("plant config: a broken work calendar is refused naming file, line and key") {
        std::string msg = refusal(with("t/calendar.toml", R"([calendar]
days_off = ["saturday"]
holidays = ["2027-01-01"]

[[calendar.shifts]]
name = "day"
start = "8:00"
end = "16:30"
stages = ["B", "Z"]
)"));
        CHECK(contains(msg, "t/calendar.toml:2: calendar.days_off[0]: expected a day of the week"));
        CHECK(contains(msg, "t/calendar.toml:3: calendar.holidays[0]: expected a date"));
        CHECK(contains(msg, "t/calendar.toml:7: calendar.shifts[0].start: bad time '8:00'"));
        CHECK(contains(msg, "t/calendar.toml:9: calendar.shifts[0].stages[1]: unknown stage 'Z'"));
        std::string unstaffed = refusal(with("t/calendar.toml", R"([calendar]
[[calendar.shifts]]
name = "day"
start = "08:00"
end = "16:00"
stages = ["A"]
)"));
        CHECK(contains(unstaffed, "calendar.shifts: stage 'B' is staffed by no shift"));
        CHECK(contains(unstaffed, "calendar.shifts: stage 'C' is staffed by no shift"));
        CHECK(contains(refusal(with("t/calendar.toml", "[calendar]\ndays_off = [\"mon\"]\n")),
                       "t/calendar.toml:1: calendar.shifts: missing required key"));
    }
}

TEST_SUITE("plant config: customer complaints") {
    TEST_CASE(
        "plant config: complaint reasons with their deadlines and the lifecycle stages are "
        "read, and a plant without them has none") {
        Result<Plant> plant = parse_plant(with("t/complaints.toml", R"([complaint_reasons.defect]
name = { ru = "Дефект", en = "Defect" }
first_answer_days = 3
resolution_days = 20
working_days = true
product_fault = true

[complaint_reasons.consultation]
name = { ru = "Консультация", en = "Consultation" }
first_answer_days = 2
resolution_days = 10

[lifecycle_stages.operation]
name = { ru = "Эксплуатация", en = "Operation" }
)"));
        REQUIRE_MESSAGE(plant.has_value(), plant.error().message());
        REQUIRE(plant->complaint_reasons.size() == 2);
        const ComplaintReason* defect = plant->complaint_reason("defect");
        REQUIRE(defect);
        CHECK(defect->first_answer_days == 3);
        CHECK(defect->resolution_days == 20);
        CHECK(defect->working_days);
        CHECK(defect->product_fault);
        const ComplaintReason* consultation = plant->complaint_reason("consultation");
        REQUIRE(consultation);
        CHECK_FALSE(consultation->working_days);  // the defaults
        CHECK_FALSE(consultation->product_fault);
        REQUIRE(plant->lifecycle_stage("operation"));
        CHECK(plant->lifecycle_stage("operation")->name.en == "Operation");
        CHECK(parse_plant(base_plant())->complaint_reasons.empty());
    }

    TEST_CASE("plant config: the demo plant's complaint reasons trace product faults to stages") {
        Result<Plant> demo = load_plant_dir(STAMPLINE_CONFIG_DIR "/demo");
        REQUIRE_MESSAGE(demo.has_value(), demo.error().message());
        REQUIRE(demo->complaint_reason("defect"));
        CHECK(demo->complaint_reason("defect")->product_fault);
        CHECK(demo->complaint_reason("defect")->working_days);
        REQUIRE(demo->complaint_reason("consultation"));
        CHECK_FALSE(demo->complaint_reason("consultation")->product_fault);
        CHECK(demo->lifecycle_stages.size() == 4);
    }

    TEST_CASE("plant config: broken complaint rules are refused naming file, line and key") {
        const std::string msg = refusal(with("t/complaints.toml", R"([complaint_reasons.Defect]
name = { ru = "Дефект", en = "Defect" }
first_answer_days = 0
resolution_days = 20

[complaint_reasons.late]
name = { ru = "Поздно", en = "Late" }
first_answer_days = 5
resolution_days = 4
answered = true
)"));
        CHECK(contains(msg,
                       "t/complaints.toml:1: complaint_reasons.Defect: bad complaint reason "
                       "code 'Defect'"));
        CHECK(contains(msg,
                       "t/complaints.toml:3: complaint_reasons.Defect.first_answer_days: "
                       "must be 1..365 days (got 0)"));
        CHECK(contains(msg,
                       "t/complaints.toml:9: complaint_reasons.late.resolution_days: must "
                       "be first_answer_days..730 days (got 4)"));
        CHECK(contains(msg, "complaint_reasons.late.answered"));
        CHECK(contains(msg, "lifecycle_stages: missing required table"));
    }
}  // TEST_SUITE
