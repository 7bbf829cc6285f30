// GS1 element strings and AIM symbology identifiers (shared/gs1.h, shared/aim.h).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shared/aim.h"
#include "shared/gs1.h"

using namespace stampline;

namespace {

// "\x1d" escapes of the vectors file to bytes.
std::string unescape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x') {
            out += static_cast<char>(std::stoi(std::string(text.substr(i + 2, 2)), nullptr, 16));
            i += 3;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, sep)) parts.push_back(part);
    if (!text.empty() && text.back() == sep) parts.emplace_back();
    return parts;
}

std::string elements_text(const Gs1Parse& parse) {
    std::string out;
    for (const Gs1Element& e : parse.elements) {
        if (!out.empty()) out += ';';
        out += e.ai + "=" + e.value;
    }
    return out;
}

Gs1Failure failure_of(std::string_view scan) {
    Gs1Result r = parse_gs1(scan);
    REQUIRE_FALSE(r.has_value());
    return r.failure();
}

Plant test_plant() {
    Plant plant;
    ProductType kso;
    kso.code = "KSO298";
    kso.gtin = "04607012345677";
    kso.route = {"ASSEMBLY"};
    plant.products.push_back(kso);
    ProductType other;
    other.code = "PNL100";
    other.gtin = "09506000134352";
    other.route = {"ASSEMBLY"};
    plant.products.push_back(other);
    return plant;
}

}  // namespace

TEST_CASE("every row of the GS1 vectors file parses as listed") {
    std::ifstream file(STAMPLINE_TEST_DATA "/gs1/vectors.tsv");
    REQUIRE(file.good());
    std::string line;
    int rows = 0;
    while (std::getline(file, line)) {
        if (line.empty() || line[0] == '#') continue;
        ++rows;
        INFO("row: " << line);
        const std::vector<std::string> cols = split(line, '\t');
        REQUIRE(cols.size() >= 2);
        const std::string& expected = cols[0];
        const Gs1Result r = parse_gs1(unescape(cols[1]));
        if (expected == "ok") {
            REQUIRE_MESSAGE(r.has_value(), r.status().to_string());
            REQUIRE(cols.size() >= 3);
            CHECK(elements_text(*r) == cols[2]);
        } else if (expected == "not-gs1") {
            REQUIRE(!r.has_value());
            CHECK(r.failure().kind == Gs1Error::NotGs1);
        } else {
            REQUIRE(expected.starts_with("err:"));
            REQUIRE_MESSAGE(!r.has_value(), elements_text(*r));
            INFO("message: " << r.failure().message);
            CHECK(gs1_error_class(r.failure().kind) == expected.substr(4));
        }
    }
    CHECK(rows >= 17);
}

TEST_CASE("GS1 error classes have their documented names") {
    CHECK(std::string(gs1_error_class(Gs1Error::Empty)) == "empty");
    CHECK(std::string(gs1_error_class(Gs1Error::Truncated)) == "truncated");
    CHECK(std::string(gs1_error_class(Gs1Error::CheckDigit)) == "check-digit");
    CHECK(std::string(gs1_error_class(Gs1Error::BadDate)) == "bad-date");
    CHECK(std::string(gs1_error_class(Gs1Error::TooLong)) == "too-long");
    CHECK(std::string(gs1_error_class(Gs1Error::BadChar)) == "bad-char");
    CHECK(std::string(gs1_error_class(Gs1Error::UnsupportedAi)) == "unsupported-ai");
    CHECK(std::string(gs1_error_class(Gs1Error::EmptyValue)) == "empty-value");
    CHECK(std::string(gs1_error_class(Gs1Error::NotGs1)) == "not-gs1");
}

TEST_CASE("a GS1 scan reports its AIM identifier, without one it is still read as GS1") {
    Gs1Result with = parse_gs1("]Q30104607012345677");
    REQUIRE(with.has_value());
    CHECK(with->symbology == "]Q3");
    Gs1Result without = parse_gs1("0104607012345677");
    REQUIRE(without.has_value());
    CHECK(without->symbology.empty());
    CHECK(without->elements == with->elements);
}

TEST_CASE(
    "the final GS of a GS1 scan is optional, a GS first or after a fixed-length value is "
    "accepted") {
    const std::vector<Gs1Element> expected = {
        {"01", "04607012345677"}, {"10", "LOT7"}, {"21", "X1"}};
    for (const char* scan : {"]d2010460701234567710LOT7\x1d"
                             "21X1",
                             "]d2010460701234567710LOT7\x1d"
                             "21X1\x1d",
                             "]d20104607012345677\x1d"
                             "10LOT7\x1d"
                             "21X1",
                             "]d2\x1d"
                             "010460701234567710LOT7\x1d"
                             "21X1"}) {
        INFO(scan);
        Gs1Result r = parse_gs1(scan);
        REQUIRE_MESSAGE(r.has_value(), r.status().to_string());
        CHECK(r->elements == expected);
    }
    CHECK(failure_of("]d210LOT7\x1d\x1d"
                     "21X1")
              .kind == Gs1Error::BadChar);
}

TEST_CASE("a wrong GTIN check digit in a GS1 scan is refused with the digit expected") {
    const Gs1Failure f = failure_of("]d20104607012345670");
    CHECK(f.kind == Gs1Error::CheckDigit);
    CHECK(f.message ==
          "GS1 code ']d20104607012345670': AI (01) 04607012345670 has check digit 0, expected 7: "
          "misread or altered");
}

TEST_CASE("GS1 dates must exist, AI 17 may give day 00 for the end of the month") {
    CHECK(parse_gs1("11240229").has_value());  // 2024 is a leap year
    CHECK(failure_of("11250229").kind == Gs1Error::BadDate);
    CHECK(failure_of("11260100").kind == Gs1Error::BadDate);
    CHECK(parse_gs1("17260200").has_value());
    CHECK(failure_of("17261300").kind == Gs1Error::BadDate);
    CHECK(failure_of("17260132").kind == Gs1Error::BadDate);
    CHECK(failure_of("]d211261331").message ==
          "GS1 code ']d211261331': AI (11) '261331' is not a date (YYMMDD)");
    CHECK(failure_of("1126013A").kind == Gs1Error::BadChar);
}

TEST_CASE("a byte outside the GS1 character set is refused with its position and hex value") {
    const Gs1Failure f = failure_of(
        "]d210AB\x7f"
        "C");
    CHECK(f.kind == Gs1Error::BadChar);
    CHECK(f.message ==
          "GS1 code ']d210AB<0x7F>C': AI (10): '<0x7F>' (0x7F) at position 8 is "
          "outside the GS1 character set 82");
    CHECK(failure_of("21A B").message.find("(0x20) at position 4") != std::string::npos);
    CHECK(failure_of("21A#B").kind == Gs1Error::BadChar);
    CHECK(failure_of("]d2X1").message.find("'X' (0x58) at position 4 is not an AI digit") !=
          std::string::npos);
    CHECK(parse_gs1("90!\"%&'()*+,-./09:;<=>?AZ_az").has_value());
}

TEST_CASE("a variable-length GS1 value longer than its AI allows is refused as too long") {
    CHECK(parse_gs1("21" + std::string(20, 'A')).has_value());
    const Gs1Failure f = failure_of("21" + std::string(21, 'A'));
    CHECK(f.kind == Gs1Error::TooLong);
    CHECK(f.message.find("AI (21) value is 21 characters long, at most 20") != std::string::npos);
    CHECK(parse_gs1("240" + std::string(30, 'A')).has_value());
    CHECK(failure_of("240" + std::string(31, 'A')).kind == Gs1Error::TooLong);
    CHECK(parse_gs1("99" + std::string(90, 'A')).has_value());
    CHECK(failure_of("99" + std::string(91, 'A')).kind == Gs1Error::TooLong);
    CHECK(failure_of("90" + std::string(31, 'A')).kind == Gs1Error::TooLong);
}

TEST_CASE("an unsupported GS1 AI is refused naming its digits") {
    CHECK(failure_of("]d201095060001343523103000500").message.find("AI (3103) is not supported") !=
          std::string::npos);
    CHECK(failure_of("00123456789012345675").message.find("AI (00) is not supported") !=
          std::string::npos);
    CHECK(failure_of("50ABC").message.find("no GS1 AI starts with '50'") != std::string::npos);
    CHECK(failure_of("50ABC").kind == Gs1Error::UnsupportedAi);
}

TEST_CASE("a GS1 scan cut short is refused as truncated") {
    CHECK(
        failure_of("0109506000").message.find("AI (01) needs 14 digits, found 8 before the end") !=
        std::string::npos);
    CHECK(failure_of("01095060\x1d"
                     "21X")
              .message.find("found 6 before a <GS>") != std::string::npos);
    CHECK(failure_of("21X\x1d"
                     "2")
              .kind == Gs1Error::Truncated);
    CHECK(failure_of("21X\x1d"
                     "24")
              .kind == Gs1Error::Truncated);
    CHECK(failure_of("]d2").kind == Gs1Error::Empty);
    CHECK(failure_of("").kind == Gs1Error::Empty);
    CHECK(failure_of("]C1\x1d").kind == Gs1Error::Empty);
    CHECK(failure_of("10\x1d"
                     "21X")
              .kind == Gs1Error::EmptyValue);
    CHECK(failure_of("21").kind == Gs1Error::EmptyValue);
}

TEST_CASE("a scan with a non-GS1 AIM identifier is not GS1") {
    for (const char* scan :
         {"]d1SHEET-000123", "]Q1https://example.com/x", "]C00104607012345677", "]X9whatever"}) {
        INFO(scan);
        CHECK(failure_of(scan).kind == Gs1Error::NotGs1);
    }
    CHECK(failure_of("]d1SHEET").message ==
          "']d1SHEET' was read as ]d1 (Data Matrix), a symbol that does not carry GS1 data");
}

TEST_CASE("AIM identifiers of a scan are split off and classified as GS1 or not") {
    AimSplit a = split_aim("]d2010950");
    CHECK(a.symbology == "]d2");
    CHECK(a.body == "010950");
    CHECK(split_aim("]QX").symbology == "]QX");
    CHECK(split_aim("]d").symbology.empty());
    CHECK(split_aim("]2d").symbology.empty());
    CHECK(split_aim("]d-").symbology.empty());
    CHECK(split_aim("SL1-").body == "SL1-");
    for (const char* id : {"]d2", "]Q3", "]C1", "]e0", "]J1"}) {
        CHECK(aim_is_gs1(id));
        CHECK_FALSE(aim_is_known_non_gs1(id));
    }
    for (const char* id : {"]d1", "]Q1", "]C0", "]E0"}) {
        CHECK_FALSE(aim_is_gs1(id));
        CHECK(aim_is_known_non_gs1(id));
    }
    CHECK_FALSE(aim_is_gs1("]D2"));
    CHECK(aim_symbology_name("]d1") == "Data Matrix");
    CHECK(aim_symbology_name("]Q3") == "QR Code");
    CHECK(aim_symbology_name("").empty());
}

TEST_CASE("a GS1 sheet code names a unit: serial 21, product by 240 or GTIN, order 10") {
    const Plant plant = test_plant();
    auto unit_of = [&](std::string_view scan) {
        Gs1Result r = parse_gs1(scan);
        REQUIRE_MESSAGE(r.has_value(), r.status().to_string());
        return unit_from_gs1(*r, plant);
    };
    auto by_gtin = unit_of(
        "]d2010460701234567710Z26117\x1d"
        "21SN00042");
    REQUIRE_MESSAGE(by_gtin.has_value(), by_gtin.status().to_string());
    CHECK(*by_gtin == UnitIdentity{"SN00042", "KSO298", "Z26117", 1});

    auto by_240 = unit_of(
        "]d2240KSO298\x1d"
        "21A1\x1d"
        "91V3");
    REQUIRE(by_240.has_value());
    CHECK(*by_240 == UnitIdentity{"A1", "KSO298", "", 3});

    auto other_91 = unit_of(
        "]d20104607012345677240NOT-A-CODE\x1d"
        "91ROUTE-A\x1d"
        "21A1");
    REQUIRE(other_91.has_value());
    CHECK(other_91->sheet_version == 1);
    CHECK(other_91->product_type == "KSO298");
}

TEST_CASE("a GS1 code without a serial or a known product is refused with the reason") {
    const Plant plant = test_plant();
    auto error_of = [&](std::string_view scan) {
        Gs1Result r = parse_gs1(scan);
        REQUIRE(r.has_value());
        auto unit = unit_from_gs1(*r, plant);
        REQUIRE_FALSE(unit.has_value());
        return unit.error().message();
    };
    CHECK(error_of("0104607012345677") ==
          "GS1 code has no serial number (AI 21); a sheet code needs one");
    CHECK(error_of("0100000000000000\x1d"
                   "21A") ==
          "GS1 code names no product: GTIN (01) 00000000000000 belongs to no product of this "
          "plant");
    CHECK(error_of("240XYZ\x1d"
                   "21A") ==
          "GS1 code names no product: AI (240) 'XYZ' is not a product code of this plant");
    CHECK(error_of("21A") == "GS1 code names no product: it has neither AI (240) nor a GTIN (01)");
    CHECK(error_of("0109506000134352240KSO298\x1d"
                   "21A")
              .find("names two products") != std::string::npos);
    CHECK(error_of("21A\x1d"
                   "21B")
              .find("AI (21) twice with different values ('A', 'B')") != std::string::npos);
    CHECK(error_of("240KSO298\x1d"
                   "21A\x1d"
                   "91V0")
              .find("is not a sheet version V1..V999") != std::string::npos);
    CHECK(error_of("240KSO298\x1d"
                   "21A\x1d"
                   "91V1000")
              .find("is not a sheet version") != std::string::npos);
}
