// One entry point for scanned text (shared/scan_payload.h) and how scans are quoted in messages
// (shared/printable.h).
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "shared/badge_payload.h"
#include "shared/check_char.h"
#include "shared/printable.h"
#include "shared/scan_payload.h"
#include "shared/sheet_payload.h"

using namespace stampline;

namespace {

Plant test_plant() {
    Plant plant;
    ProductType kso;
    kso.code = "KSO298";
    kso.gtin = "04607012345677";
    kso.route = {"ASSEMBLY"};
    plant.products.push_back(kso);
    return plant;
}

const UnitIdentity kUnit{"2611000427", "KSO298", "Z26117", 1};

std::string sheet_payload() {
    return *encode_sheet_payload(kUnit);
}

ScanPayload scan_ok(std::string_view raw) {
    auto scan = parse_scan(raw, test_plant());
    REQUIRE_MESSAGE(scan.has_value(), scan.status().to_string());
    return *scan;
}

std::string scan_error(std::string_view raw) {
    auto scan = parse_scan(raw, test_plant());
    REQUIRE_FALSE(scan.has_value());
    CHECK(scan.error().code() == Code::InvalidArgument);
    return scan.error().message();
}

}  // namespace

TEST_CASE("a native sheet scan names its unit, with or without AIM identifier and line ending") {
    for (const std::string& raw :
         {sheet_payload(), sheet_payload() + "\r\n", "]d1" + sheet_payload() + "\n",
          "]Q1" + sheet_payload() + "\r"}) {
        INFO(printable(raw));
        const ScanPayload scan = scan_ok(raw);
        REQUIRE(std::holds_alternative<SheetScan>(scan.what));
        CHECK(std::get<SheetScan>(scan.what) == SheetScan{kUnit, false});
    }
    CHECK(scan_ok("]d1" + sheet_payload()).symbology == "]d1");
    CHECK(scan_ok(sheet_payload()).symbology.empty());
}

TEST_CASE("a sheet scan typed with Caps Lock on is read as upper case") {
    std::string lower = sheet_payload();
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    const ScanPayload scan = scan_ok(lower + "\n");
    CHECK(std::get<SheetScan>(scan.what).unit == kUnit);
}

TEST_CASE("a badge scan names the stamp badge") {
    const std::string badge = *encode_badge_payload({"K017", 2});
    const ScanPayload scan = scan_ok("]d1" + badge + "\r\n");
    REQUIRE(std::holds_alternative<BadgeScan>(scan.what));
    CHECK(std::get<BadgeScan>(scan.what).badge == BadgeId{"K017", 2});
}

TEST_CASE("a GS1 scan names its unit through the plant's products") {
    for (const char* raw : {"]d2010460701234567710Z26117\x1d"
                            "21SN00042\r\n",
                            "010460701234567710Z26117\x1d"
                            "21SN00042",
                            "]C1240KSO298\x1d"
                            "10Z26117\x1d"
                            "21SN00042\x1d"}) {
        INFO(printable(raw));
        const ScanPayload scan = scan_ok(raw);
        REQUIRE(std::holds_alternative<SheetScan>(scan.what));
        CHECK(std::get<SheetScan>(scan.what) ==
              SheetScan{UnitIdentity{"SN00042", "KSO298", "Z26117", 1}, true});
    }
    CHECK(scan_ok("]d20104607012345677\x1d"
                  "21A")
              .symbology == "]d2");
}

TEST_CASE("a refused GS1 scan keeps the GS1 parser's message") {
    CHECK(scan_error("]d20104607012345670\x1d"
                     "21A")
              .find("has check digit 0, expected 7") != std::string::npos);
    CHECK(scan_error("0104607012345677").find("no serial number (AI 21)") != std::string::npos);
    CHECK(scan_error("0109506000134352\x1d"
                     "21A")
              .find("belongs to no product of this plant (read '0109506000134352<GS>21A')") !=
          std::string::npos);
}

TEST_CASE("a scan that is no Stampline code is refused, quoting non-printable bytes") {
    CHECK(scan_error("HELLO\x1dWORLD\x7f\r\n") ==
          "scan 'HELLO<GS>WORLD<0x7F>' is not a Stampline code: expected a sheet code (SL1-...), "
          "a badge (SB1-...) or a GS1 element string");
    CHECK(scan_error("\r\n") == "empty scan: the scanner sent no data");
    CHECK(scan_error("") == "empty scan: the scanner sent no data");
    CHECK(scan_error("]d1") ==
          "scan ']d1' holds only the symbology identifier ]d1 (Data Matrix), "
          "no data");
    CHECK(scan_error("]d1HELLO") ==
          "scan ']d1HELLO' was read from a plain ]d1 (Data Matrix) symbol and is not a Stampline "
          "code: expected a sheet code (SL1-...), a badge (SB1-...) or a GS1 element string");
    CHECK(scan_error("]d10104607012345677")
              .find("(GS1 data must be printed as a GS1 symbol, with FNC1 first)") !=
          std::string::npos);
    CHECK(scan_error("]X5HELLO")
              .find("has the symbology identifier ]X5, which this system does "
                    "not read") != std::string::npos);
    CHECK(scan_error("SL1-KSO298-2611000427-Z26117-K").find("has 4 fields, expected 5") !=
          std::string::npos);
}

TEST_CASE("no single changed byte turns a sheet scan into a different accepted code") {
    // Over all 256 byte values: the scan is refused, or names the same unit (case, symbology).
    for (const std::string& raw : {sheet_payload(), "]d1" + sheet_payload()}) {
        for (std::size_t pos = 0; pos < raw.size(); ++pos) {
            for (int b = 0; b < 256; ++b) {
                std::string changed = raw;
                changed[pos] = static_cast<char>(b);
                if (changed == raw) continue;
                auto scan = parse_scan(changed, test_plant());
                if (!scan) continue;
                INFO(printable(changed));
                REQUIRE(std::holds_alternative<SheetScan>(scan->what));
                CHECK(std::get<SheetScan>(scan->what).unit == kUnit);
            }
        }
    }
}

TEST_CASE("printable quotes a scan: control bytes by name, DEL and high bytes in hex") {
    CHECK(printable("A\x1d"
                    "B") == "A<GS>B");
    CHECK(printable("\r\n\t") == "<CR><LF><HT>");
    CHECK(printable(std::string_view("\0", 1)) == "<NUL>");
    CHECK(printable("\x7f\xd0\x90") == "<0x7F><0xD0><0x90>");
    CHECK(printable("SL1- ok") == "SL1- ok");
    CHECK(printable_clipped("ABCDEFGH", 3) == "ABC...(+5 bytes)");
    CHECK(printable_clipped("ABC", 3) == "ABC");
}

TEST_CASE(
    "a refused scan's kind of problem: misread when the check character does not hold, "
    "printed wrong when it does") {
    using stampline::scan_problem;
    using stampline::ScanProblem;
    CHECK(scan_problem("\r\n") == ScanProblem::Empty);
    CHECK(scan_problem("]d2") == ScanProblem::Empty);
    const std::string body = "SL1-P1-SN1-Z1";  // a field short
    const std::string sealed = body + "-" + *stampline::mod37_2_check(body);
    CHECK(scan_problem(sealed) == ScanProblem::SheetInvalid);
    CHECK(scan_problem(sealed + "\r") == ScanProblem::SheetInvalid);
    std::string misread = sealed;
    misread.back() = misread.back() == 'A' ? 'B' : 'A';
    CHECK(scan_problem(misread) == ScanProblem::Misread);
    const std::string badge = "SB1-102";
    CHECK(scan_problem(badge + "-" + *stampline::mod37_2_check(badge)) ==
          ScanProblem::BadgeInvalid);
    CHECK(scan_problem("0104607000000000") == ScanProblem::Gs1Invalid);
    CHECK(scan_problem("HELLO-42") == ScanProblem::NotOurs);
    CHECK(scan_problem("]E04600000000000") == ScanProblem::NotOurs);
}
