// The identity rule (identity.h) and how outside text is shown (utf8_text.h visible_text): no
// name may carry a character a screen renders otherwise than it reads, and no message shows one.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "shared/identity.h"
#include "shared/utf8_text.h"

using namespace stampline;

namespace {

// Unicode format characters a name might smuggle in, as UTF-8: right-to-left override, the
// isolates, zero-width space and joiner, left-to-right mark, word joiner, BOM, soft hyphen,
// Arabic letter mark, a tag character.
const std::vector<std::pair<std::string, std::string>> kFormatCharacters = {
    {"\u202E", "U+202E"}, {"\u202A", "U+202A"}, {"\u2066", "U+2066"}, {"\u2069", "U+2069"},
    {"\u200B", "U+200B"}, {"\u200D", "U+200D"}, {"\u200E", "U+200E"}, {"\u2060", "U+2060"},
    {"\uFEFF", "U+FEFF"}, {"\u00AD", "U+00AD"}, {"\u061C", "U+061C"}, {"\U000E0041", "U+E0041"},
};

}  // namespace

TEST_CASE("identity: each kind takes its characters and length, and nothing else") {
    CHECK(check_identity(IdentityKind::Serial, "serial", "2611000427"));
    CHECK(check_identity(IdentityKind::Order, "order", "Z26117"));
    CHECK(check_identity(IdentityKind::ProductType, "product_type", "KSO298"));
    CHECK(check_identity(IdentityKind::Stamp, "stamp", "017"));
    CHECK(check_identity(IdentityKind::Code, "station", "ST-ASM_1"));

    CHECK_FALSE(check_identity(IdentityKind::Serial, "serial", ""));
    CHECK_FALSE(check_identity(IdentityKind::Serial, "serial", "a100"));
    CHECK_FALSE(check_identity(IdentityKind::Serial, "serial", "A-100"));
    CHECK_FALSE(check_identity(IdentityKind::Serial, "serial", std::string(21, '1')));
    CHECK(check_identity(IdentityKind::Serial, "serial", std::string(20, '1')));
    CHECK_FALSE(check_identity(IdentityKind::ProductType, "product_type", std::string(17, 'K')));
    CHECK_FALSE(check_identity(IdentityKind::Stamp, "stamp", std::string(13, '1')));
    CHECK_FALSE(check_identity(IdentityKind::Code, "stage", std::string(33, 'S')));
    CHECK_FALSE(check_identity(IdentityKind::Code, "stage", "ST 1"));
    CHECK_FALSE(check_identity(IdentityKind::Serial, "serial", "А100"));  // Cyrillic А
}

TEST_CASE("identity: every format character is refused, named as a code point, never shown raw") {
    for (const auto& [ch, name] : kFormatCharacters) {
        CAPTURE(name);
        for (IdentityKind kind :
             {IdentityKind::Serial, IdentityKind::Order, IdentityKind::ProductType,
              IdentityKind::Stamp, IdentityKind::Code}) {
            const Status s = check_identity(kind, "field", "A1" + ch + "B2");
            REQUIRE_FALSE(s);
            CHECK(s.code() == Code::InvalidArgument);
            CHECK(s.message().find(ch) == std::string::npos);
            CHECK(s.message().find("contains " + name) != std::string::npos);
            CHECK(s.message().rfind("field 'A1<" + name + ">B2'", 0) == 0);
        }
    }
}

TEST_CASE("visible_text keeps printable text, Cyrillic included, and escapes what hides") {
    CHECK(visible_text("Кузнецов Пётр, участок 3") == "Кузнецов Пётр, участок 3");
    CHECK(visible_text("a\nb\x7f") == "a<U+000A>b<U+007F>");
    CHECK(visible_text("\xff\xfe") == "<0xFF><0xFE>");
    for (const auto& [ch, name] : kFormatCharacters) {
        CAPTURE(name);
        CHECK(visible_text("x" + ch + "y") == "x<" + name + ">y");
    }
}

TEST_CASE("is_format_character covers the bidirectional controls and nothing printable") {
    for (std::uint32_t cp = 0x202A; cp <= 0x202E; ++cp) CHECK(is_format_character(cp));
    for (std::uint32_t cp = 0x2066; cp <= 0x2069; ++cp) CHECK(is_format_character(cp));
    CHECK_FALSE(is_format_character('A'));
    CHECK_FALSE(is_format_character(0x0416));  // Ж
    CHECK_FALSE(is_format_character(0x2014));  // em dash
}
