// The message catalog: every refusal and every key the core emits has Russian and English text,
// with the same arguments in both.
#include "terminal/core/catalog.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "shared/trail_rules.h"
#include "terminal/core/catalog_tables.h"

namespace stampline::terminal::test {

namespace {

// Every Refusal after None, in declaration order, until refusal_code no longer knows it.
std::vector<Refusal> all_refusals() {
    std::vector<Refusal> out;
    for (int i = 1;; ++i) {
        const auto r = static_cast<Refusal>(i);
        if (std::string(refusal_code(r)) == "unknown") break;
        out.push_back(r);
    }
    return out;
}

// The message keys written as literals in the core's sources (reduce*.cpp).
std::set<std::string> keys_in_core_sources() {
    const std::filesystem::path dir =
        std::filesystem::path(STAMPLINE_CONFIG_DIR).parent_path() / "terminal" / "core";
    const std::regex literal(R"re("((refusal|pin|scan|unit|form|nc|result)\.[a-z_]+)")re");
    std::set<std::string> keys;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("reduce", 0) != 0 || entry.path().extension() != ".cpp") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const std::string source = text.str();
        for (std::sregex_iterator it(source.begin(), source.end(), literal), end; it != end; ++it)
            keys.insert((*it)[1].str());
    }
    return keys;
}

std::set<std::string> placeholders(const char* text) {
    std::set<std::string> out;
    const std::string s = text;
    for (std::size_t i = 0; i + 2 < s.size(); ++i)
        if (s[i] == '{' && s[i + 2] == '}') out.insert(s.substr(i, 3));
    return out;
}

}  // namespace

TEST_CASE("every refusal of the trail rules has Russian and English text") {
    const auto refusals = all_refusals();
    CHECK(refusals.size() >= 34);
    CHECK(refusals.back() == Refusal::InvalidIdentity);
    for (Refusal r : refusals) {
        const std::string key = std::string("refusal.") + refusal_code(r);
        CAPTURE(key);
        CHECK(has_message(key));
    }
}

TEST_CASE("every message key the core emits has Russian and English text") {
    const auto keys = keys_in_core_sources();
    CHECK(keys.size() > 20);
    CHECK(keys.count("pin.wrong") == 1);
    for (const std::string& key : keys) {
        CAPTURE(key);
        CHECK(has_message(key));
    }
}

TEST_CASE("the core's texts use the same arguments in Russian and English") {
    for (const CatalogEntry& e : core_catalog()) {
        CAPTURE(e.key);
        CHECK(placeholders(e.ru) == placeholders(e.en));
    }
}

TEST_CASE("the core's keys are unique") {
    std::set<std::string> seen;
    for (const CatalogEntry& e : core_catalog()) {
        CAPTURE(e.key);
        CHECK(seen.insert(e.key).second);
    }
}

TEST_CASE("a message is said in the terminal's language with its arguments filled in") {
    const Message wrong{"pin.wrong", {"2"}};
    CHECK(tr(Language::Ru, wrong) == "Неверный ПИН-код. Осталось попыток: 2");
    CHECK(tr(Language::En, wrong) == "Wrong PIN. Attempts left: 2");
    const Message order{"refusal.stage_out_of_order", {"Сборка", "Электромонтаж"}};
    CHECK(tr(Language::Ru, order) == "Предыдущий этап («Сборка») не подписан");
    CHECK(tr(Language::En, Message{"no.such.key", {}}) == "no.such.key");
}

}  // namespace stampline::terminal::test
