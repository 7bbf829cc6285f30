// The pure parts of the web pages: escaping, the text catalog, the charts, the sessions, and the
// rendered bodies in both languages.
#include <doctest/doctest.h>

#include <regex>

#include "analytics_fixture.h"
#include "server/analytics/nc_analysis.h"
#include "server/web/analytics_pages.h"
#include "server/web/complaint_pages.h"
#include "server/web/html.h"
#include "server/web/office_pages.h"
#include "server/web/review_page.h"
#include "server/web/svg_chart.h"
#include "server/web/trail_page.h"
#include "server/web/web_sessions.h"
#include "service_fixture.h"

using namespace stampline;
using namespace stampline::server::web;
using stampline::server::CommissionProtocol;
using stampline::server::Complaint;
using stampline::server::ComplaintDecision;
namespace an = stampline::server::analytics;

namespace {

// A key of the catalog left in the output ("trail.status.done") means a missing text.
const std::regex kRawKey(
    R"(\b(nav|common|error|login|search|trail|nc|severity|event|audit|filter|pareto|bottleneck|stage|escapes|unit|stamps|ca|quarantine|review|complaints?|suspects|protocol)\.[a-z_]+)");

bool has_raw_key(const std::string& html) {
    // Only the visible text: attribute values and tags are not read by a person.
    const std::string text = std::regex_replace(html, std::regex("<[^>]*>"), " ");
    return std::regex_search(text, kRawKey);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("HTML escaping turns markup characters into entities") {
    CHECK(esc("<a href=\"x\">O'Brien & Co</a>") ==
          "&lt;a href=&quot;x&quot;&gt;O&#39;Brien &amp; Co&lt;/a&gt;");
    CHECK(esc("Иванов") == "Иванов");
}

TEST_CASE("HTML escaping shows control and format characters instead of letting them act") {
    // A right-to-left override would render the rest of a holder's name or a note reversed.
    CHECK(esc("Иванов\u202E321") == "Иванов&lt;U+202E&gt;321");
    CHECK(esc("A\u200BB\u2066C\uFEFF") == "A&lt;U+200B&gt;B&lt;U+2066&gt;C&lt;U+FEFF&gt;");
    CHECK(esc(std::string("x\x01y\x7F\xC2\x85", 6)) ==
          "x&lt;U+0001&gt;y&lt;U+007F&gt;&lt;U+0085&gt;");
    CHECK(esc("\xFF") == "&lt;0xFF&gt;");
    CHECK(esc("line one\nline two\tend") == "line one\nline two\tend");
    CHECK(esc("😀 ЗК-2026/117") == "😀 ЗК-2026/117");
}

TEST_CASE("URL components keep unreserved characters and percent-encode the rest") {
    CHECK(url_component("2611000427") == "2611000427");
    CHECK(url_component("a b/c?d&e") == "a%20b%2Fc%3Fd%26e");
    CHECK(url_component("Ж") == "%D0%96");
}

TEST_CASE("the text catalog is sorted, has both languages, and unknown keys show as themselves") {
    for (std::size_t i = 0; i < web_text_count(); ++i) {
        CAPTURE(web_text_key(i));
        CHECK(has_web_text(web_text_key(i)));
        if (i > 0) CHECK(web_text_key(i - 1) < web_text_key(i));
    }
    CHECK(wt(WebLang::Ru, "nav.pareto") == "Парето");
    CHECK(wt(WebLang::En, "nav.pareto") == "Pareto");
    CHECK(wt(WebLang::En, "no.such.key") == "no.such.key");
}

TEST_CASE("a page frame has the language, the title escaped, and print rules") {
    PageFrame f;
    f.lang = WebLang::En;
    f.title = "Unit <X>";
    f.self_path = "/ui/units/X?lang=ru&a=1";
    f.csrf = "tok";
    const std::string html = html_page(f, "<p>body</p>");
    CHECK(contains(html, "<html lang=\"en\">"));
    CHECK(contains(html, "<h1>Unit &lt;X&gt;</h1>"));
    CHECK(contains(html, "@media print"));
    CHECK(contains(html, "href=\"/ui/units/X?a=1&amp;lang=ru\">RU</a>"));
    CHECK(contains(html, "name=\"csrf\" value=\"tok\""));
    CHECK_FALSE(has_raw_key(html));
}

TEST_CASE("the Pareto chart scales bars to the largest and its cumulative line ends at 100 %") {
    const std::vector<ChartBar> bars = {
        {"WIR-04", 32, true}, {"WIR-02", 16, false}, {"PNT-01", 4, false}};
    const std::string svg = pareto_svg(bars, "Pareto");
    std::smatch m;
    std::vector<double> heights;
    std::string rest = svg;
    static const std::regex rect(R"re(<rect [^>]*height="([0-9.]+)" fill="(#[0-9a-f]+)")re");
    std::vector<std::string> fills;
    while (std::regex_search(rest, m, rect)) {
        heights.push_back(std::stod(m[1]));
        fills.push_back(m[2]);
        rest = m.suffix();
    }
    REQUIRE(heights.size() == 3);
    CHECK(heights[0] == doctest::Approx(2 * heights[1]));
    CHECK(heights[0] == doctest::Approx(8 * heights[2]).epsilon(0.01));
    CHECK(fills[0] != fills[1]);  // the highlighted bar stands out
    // The last point of the cumulative line is at the top of the plot (100 %).
    REQUIRE(std::regex_search(svg, m, std::regex(R"re(points="([^"]+)")re")));
    const std::string points = m[1];
    const double last_y = std::stod(points.substr(points.rfind(',') + 1));
    CHECK(last_y == doctest::Approx(16.0));  // the plot's top margin
}

TEST_CASE("chart labels are escaped") {
    const std::vector<ChartBar> bars = {{"<script>", 1, false}};
    CHECK_FALSE(contains(hbar_svg(bars, "t", ""), "<script>"));
    CHECK_FALSE(contains(pareto_svg(bars, "t"), "<script>"));
    CHECK_FALSE(contains(trend_svg(bars, "t", 0), "<script>"));
}

TEST_CASE("durations read as seconds, minutes, hours or days in both languages") {
    CHECK(fmt_duration(WebLang::En, 45) == "45 s");
    CHECK(fmt_duration(WebLang::Ru, 600) == "10 мин");
    CHECK(fmt_duration(WebLang::En, 3 * 3600 + 20 * 60) == "3 h 20 min");
    CHECK(fmt_duration(WebLang::Ru, 3 * 86400 + 5 * 3600) == "3 сут 5 ч");
}

TEST_CASE("a sign-in code opens one session, once, and only within two minutes") {
    ManualClock clock(Timestamp{1'000'000});
    test::CountingRandom random;
    WebSessions sessions(clock, random);
    server::TokenRecord token;
    token.id = "t-1";
    token.role = server::Role::Auditor;

    const std::string code = sessions.issue_login_code(token, "hash-1");
    std::optional<WebSession> s = sessions.redeem_login_code(code, WebLang::En);
    REQUIRE(s);
    CHECK(s->token_hash == "hash-1");
    CHECK(s->lang == WebLang::En);
    CHECK(s->id != s->csrf);
    CHECK_FALSE(sessions.redeem_login_code(code, WebLang::En));

    const std::string late = sessions.issue_login_code(token, "hash-1");
    clock.advance_ms(WebSessions::kLoginCodeMs);
    CHECK_FALSE(sessions.redeem_login_code(late, WebLang::Ru));
}

TEST_CASE("a session lasts while used and ends after eight idle hours or when closed") {
    ManualClock clock(Timestamp{1'000'000});
    test::CountingRandom random;
    WebSessions sessions(clock, random);
    server::TokenRecord token;
    token.id = "t-1";
    const WebSession s = sessions.open(token, "h", WebLang::Ru);
    clock.advance_ms(WebSessions::kIdleMs - 1);
    REQUIRE(sessions.touch(s.id));
    clock.advance_ms(WebSessions::kIdleMs - 1);
    REQUIRE(sessions.touch(s.id));  // each use restarts the idle time
    clock.advance_ms(WebSessions::kIdleMs);
    CHECK_FALSE(sessions.touch(s.id));

    const WebSession t = sessions.open(token, "h", WebLang::Ru);
    sessions.set_lang(t.id, WebLang::En);
    CHECK(sessions.touch(t.id)->lang == WebLang::En);
    sessions.close(t.id);
    CHECK_FALSE(sessions.touch(t.id));
}

TEST_CASE("the session cookie is found among others and secrets compare whole") {
    CHECK(cookie_value("a=1; stampline_session=abc; b=2", "stampline_session") == "abc");
    CHECK(cookie_value("stampline_session_x=1", "stampline_session") == "");
    CHECK(cookie_value("", "stampline_session") == "");
    CHECK(same_secret("abc", "abc"));
    CHECK_FALSE(same_secret("abc", "abd"));
    CHECK_FALSE(same_secret("abc", "abcd"));
}

TEST_CASE("the analysis pages render in both languages without untranslated keys") {
    const Plant plant = test::demo_plant();
    std::vector<an::UnitEvents> units;
    test::UnitBuilder b(units);
    b.unit("U1", "SHU", test::at_h(1)).sign_off("TZ", "101", test::at_h(2));
    an::Query q{test::at_h(0), test::at_h(1000), "", "", ""};
    const auto groups = an::pareto(plant, units, q, an::NcGrouping::None);
    const an::Bottleneck bn = an::bottleneck(plant, units, q);
    const an::EscapeMatrix m = an::escape_matrix(plant, units, q);
    for (WebLang lang : {WebLang::Ru, WebLang::En}) {
        CAPTURE(web_lang_code(lang));
        Filters f{"2026-11-01", "2026-11-30", "", "", "", "none", "records"};
        CHECK_FALSE(has_raw_key(filter_form("/ui/pareto", f, plant, lang)));
        CHECK_FALSE(has_raw_key(pareto_body(groups, plant, lang, "/x.csv")));
        CHECK_FALSE(has_raw_key(bottleneck_section(bn, plant, lang, "/x.csv")));
        CHECK_FALSE(has_raw_key(escape_section(m, plant, lang, "/x.csv")));
        CHECK_FALSE(has_raw_key(quarantine_body({}, lang, "tok", false, {})));
        CHECK_FALSE(has_raw_key(actions_body({}, {}, plant, lang, "tok", Date{2026, 11, 29}, {})));
        an::ReviewPackOptions o;
        o.month = {2026, 11};
        o.as_of = test::at_h(1000);
        CHECK_FALSE(has_raw_key(
            review_body(an::review_pack(plant, units, {}, o), {}, plant, lang, "tok", {})));
        Complaint c;
        c.id = "CL-2026-001";
        c.registration.reason = "defect";
        c.registration.channel = "letter";
        c.decision = ComplaintDecision{Justified::Yes, "f",      {{"production", "t"}},
                                       "WIRING",       "WIR-01", {{"K1", {}, "S7"}}};
        c.commission = CommissionProtocol{"chair", {"member"}, "measures", {}};
        c.history.push_back({ComplaintStatus::Closed, test::at_h(2), "svc"});
        c.status = ComplaintStatus::Closed;
        an::Suspects suspects;
        suspects.units.push_back({"K2", "KSO298", "Z1", "S7", "ST-WIR-1", test::at_h(1),
                                  an::UnitWhere::InWork, "ADJUST"});
        CHECK_FALSE(has_raw_key(complaints_register_body(std::span(&c, 1), {}, plant, lang,
                                                         test::at_h(3), "tok", true, {})));
        CHECK_FALSE(has_raw_key(
            complaint_body({c, &suspects, {}, {}}, plant, lang, test::at_h(3), "tok", true, {})));
        c.status = ComplaintStatus::Investigation;  // with the decision form
        CHECK_FALSE(has_raw_key(
            complaint_body({c, &suspects, {}, {}}, plant, lang, test::at_h(3), "tok", true, {})));
        CHECK_FALSE(has_raw_key(protocol_body(c, {}, plant, lang)));
    }
}

TEST_CASE("the pages say when a stage has too few units to rank and when history is too short") {
    const Plant plant = test::demo_plant();  // ranking_min_units 10, repeat window 6 months
    std::vector<an::UnitEvents> units;
    test::UnitBuilder b(units);
    b.unit("U1", "SHU", test::at_h(1)).sign_off("TZ", "101", test::at_h(2));
    an::Query q{test::at_h(0), test::at_h(1000), "", "", ""};
    const std::string bottleneck =
        bottleneck_section(an::bottleneck(plant, units, q), plant, WebLang::Ru, "/x.csv");
    CHECK(bottleneck.find("мало изделий") != std::string::npos);
    CHECK(bottleneck.find("Веса значимости: малозначительное 1, значительное 3, критическое 10") !=
          std::string::npos);
    an::ReviewPackOptions o;
    o.month = {2026, 11};
    o.as_of = test::at_h(1000);
    const std::string review =
        review_body(an::review_pack(plant, units, {}, o), {}, plant, WebLang::En, "tok", {});
    CHECK(review.find("Not enough history yet to judge recurrence: months of the window on record "
                      "(1 / 6)") != std::string::npos);
    CHECK(review.find("No recurring nonconformances.") == std::string::npos);
    CHECK(review.find("name=\"repeat_months\"") != std::string::npos);
}

TEST_CASE("filter choices go into the query string encoded, and only those set") {
    Filters f;
    f.from = "2026-11-01";
    f.stage = "WIRING";
    f.code = "WIR 04&x";
    CHECK(filter_query(f) == "from=2026-11-01&stage=WIRING&code=WIR%2004%26x");
}
