// The suite's own hygiene: CTest registers each doctest case by its name (doctest_discover_tests),
// and CMake reads a ';' in a name as a list separator, so a case named "a; b" became two CTest
// tests, "a" and " b", each of which ran no case at all and passed. Thirteen cases were silently
// skipped that way in CI; this test keeps ';' out of test names.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace {

// The names of the test cases in a source text: the string literals (concatenated) after the
// macro and its parenthesis.
std::vector<std::string> test_case_names(const std::string& text) {
    std::vector<std::string> names;
    const std::string macro = std::string("TEST_") + "CASE(";  // not a case itself
    for (std::size_t at = text.find(macro); at != std::string::npos;
         at = text.find(macro, at + 1)) {
        std::string name;
        std::size_t i = at + macro.size();
        for (;;) {
            while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
            if (i >= text.size() || text[i] != '"') break;
            for (++i; i < text.size() && text[i] != '"'; ++i) {
                if (text[i] == '\\' && i + 1 < text.size()) ++i;
                name += text[i];
            }
            ++i;
        }
        if (!name.empty()) names.push_back(name);
    }
    return names;
}

}  // namespace

TEST_CASE(
    "no test case name holds a semicolon, which would split it in two CTest tests that "
    "run nothing") {
    const std::filesystem::path tests = std::filesystem::path(STAMPLINE_TEST_DATA).parent_path();
    // Other tests run beside this one and may make and remove files under tests/ meanwhile: a
    // walk that meets an entry gone is made again.
    std::vector<std::filesystem::path> sources;
    std::error_code ec;
    for (int attempt = 0; attempt < 3 && (attempt == 0 || ec); ++attempt) {
        sources.clear();
        ec.clear();
        for (std::filesystem::recursive_directory_iterator it(tests, ec), end; !ec && it != end;
             it.increment(ec))
            if (it->path().extension() == ".cpp") sources.push_back(it->path());
    }
    REQUIRE_MESSAGE(!ec, ec.message());
    std::size_t cases = 0;
    for (const std::filesystem::path& source : sources) {
        std::ifstream in(source);
        std::stringstream text;
        text << in.rdbuf();
        for (const std::string& name : test_case_names(text.str())) {
            ++cases;
            CAPTURE(source.string());
            CHECK_MESSAGE(name.find(';') == std::string::npos, name);
        }
    }
    CHECK(cases > 500);
}

TEST_CASE("test case names are read from their concatenated literals") {
    const std::string source = std::string("TEST_") + "CASE(\"a, b \"\n    \"c; d\") {}";
    const std::vector<std::string> names = test_case_names(source);
    REQUIRE(names.size() == 1);
    CHECK(names[0] == "a, b c; d");
}
