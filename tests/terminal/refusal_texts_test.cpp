// Refusals speak the worker's language and say what to do: every refusal the core can show has a
// catalog text and a next step in Russian and English, a Russian screen carries no English words,
// and a refused scan names the kind of problem rather than the parser's explanation.
#include <doctest/doctest.h>

#include <regex>

#include "shared/check_char.h"
#include "shared/trail_rules.h"
#include "terminal/core/catalog.h"
#include "terminal/core/catalog_tables.h"
#include "terminal/core/reduce_internal.h"
#include "tests/terminal/terminal_fixture.h"

namespace stampline::terminal::test {

namespace {

bool is_refusal_key(std::string_view key) {
    return key.starts_with("refusal.") || key.starts_with("pin.") || key.starts_with("scan.") ||
           key == "result.not_saved";
}

// An English word: three or more Latin lower-case letters in a row. Codes and serials the
// worker reads off the sheet (KSO298, WIR-01, SL1-...) are upper case and pass.
bool has_english_word(std::string_view text) {
    static const std::regex word("[a-z]{3,}");
    return std::regex_search(text.begin(), text.end(), word);
}

// The Russian template with its {n} placeholders taken out: no Latin letter at all.
bool has_latin_letter(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}') {
            i += 2;
            continue;
        }
        const char c = text[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    }
    return false;
}

std::vector<Refusal> all_refusals() {
    std::vector<Refusal> out;
    for (int i = 1; std::string(refusal_code(static_cast<Refusal>(i))) != "unknown"; ++i)
        out.push_back(static_cast<Refusal>(i));
    return out;
}

// What a Russian screen shows for a refusal: the reason and the step.
void check_said_in_russian(const Message& m) {
    CAPTURE(m.key);
    const std::string reason = tr(Language::Ru, m);
    const std::string_view step = next_step(Language::Ru, m.key);
    CAPTURE(reason);
    CHECK(reason != m.key);  // from the catalog, not the bare key
    CHECK_FALSE(step.empty());
    CHECK_FALSE(has_english_word(reason));
    CHECK_FALSE(has_english_word(step));
    CHECK(tr(Language::En, m) != reason);
    CHECK_FALSE(next_step(Language::En, m.key).empty());
}

}  // namespace

TEST_CASE("every refusal, PIN, scan and save message has a next step in Russian and English") {
    int refusals = 0;
    for (const CatalogEntry& e : core_catalog()) {
        if (!is_refusal_key(e.key)) continue;
        ++refusals;
        CAPTURE(e.key);
        CHECK(has_message(std::string(e.key) + ".next"));
    }
    CHECK(refusals >= 60);
    for (const CatalogEntry& e : next_steps_catalog()) {
        CAPTURE(e.key);
        const std::string_view key(e.key);
        REQUIRE(key.ends_with(".next"));
        CHECK(has_message(key.substr(0, key.size() - 5)));  // no step without its message
    }
}

TEST_CASE("the Russian refusal texts and steps hold no Latin letters outside their arguments") {
    for (const auto table : {core_catalog(), next_steps_catalog()}) {
        for (const CatalogEntry& e : table) {
            if (!is_refusal_key(e.key)) continue;
            CAPTURE(e.key);
            CHECK_FALSE(has_latin_letter(e.ru));
        }
    }
}

TEST_CASE(
    "each refusal of the trail rules is said in Russian with what to do, through reduce's "
    "own wording") {
    Terminal t;
    t.sign_in("102");
    t.open_unit();
    REQUIRE(t.state.card);
    Event e;
    e.serial = "SN1";
    e.station = "ST-WIR";
    e.stage = "WIRING";
    e.stamp = "102";
    for (Refusal r : all_refusals()) {
        // The checklist refusals come of an acceptance, the rest of any act.
        const bool checklist =
            r == Refusal::ChecklistMissingItem || r == Refusal::ChecklistUnknownItem;
        e.body = checklist ? EventBody{StageAccepted{{CheckResult{"NOT-LISTED", true, ""}}}}
                           : EventBody{StageSignedOff{}};
        const Message m = detail::refusal_message(t.state, Decision{r, "internal words"}, e);
        CHECK(m.key == std::string("refusal.") + refusal_code(r));
        check_said_in_russian(m);
    }
}

TEST_CASE("a refused scan names its kind of problem in Russian, never the parser's English") {
    const std::string sheet = sheet_text();
    std::string misread = sheet;
    misread.back() = misread.back() == 'A' ? 'B' : 'A';
    // A sheet code whose check character holds but whose fields do not (one field missing).
    const std::string short_body = "SL1-P1-SN1-Z1";
    const std::string malformed_sheet =
        short_body + "-" + std::string(1, *mod37_2_check(short_body));
    const std::string badge_body = "SB1-102";
    const std::string malformed_badge =
        badge_body + "-" + std::string(1, *mod37_2_check(badge_body));
    struct Case {
        std::string text;
        std::string key;
    };
    const std::vector<Case> cases = {
        {"\r\n", "scan.empty"},
        {misread, "scan.misread"},
        {malformed_sheet, "scan.sheet_invalid"},
        {malformed_badge, "scan.badge_invalid"},
        {"0104607000000000", "scan.gs1_invalid"},
        {"HELLO-WORLD-42", "scan.not_ours"},
        {"]E04600000000000", "scan.not_ours"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        Terminal t;
        t.sign_in("102");
        const Screen before = t.state.screen;
        CHECK(t.scan(c.text).empty());
        CHECK(t.state.screen == before);
        CHECK(t.state.scan_error.key == c.key);
        CHECK_FALSE(t.state.scan_error_detail.empty());  // the parser's words, for the log
        check_said_in_russian(t.state.scan_error);
    }
}

}  // namespace stampline::terminal::test
