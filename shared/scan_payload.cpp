#include "shared/scan_payload.h"

#include "shared/aim.h"
#include "shared/check_char.h"
#include "shared/gs1.h"
#include "shared/printable.h"

namespace stampline {

namespace {

constexpr char kGs = '\x1d';

bool starts_with_ci(std::string_view text, std::string_view upper_prefix) {
    if (text.size() < upper_prefix.size()) return false;
    for (std::size_t i = 0; i < upper_prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c != upper_prefix[i]) return false;
    }
    return true;
}

std::string described(const std::string& symbology) {
    const std::string_view name = aim_symbology_name(symbology);
    return name.empty() ? symbology : symbology + " (" + std::string(name) + ")";
}

Result<ScanPayload> from_gs1(std::string_view scan, const Plant& plant) {
    Gs1Result gs1 = parse_gs1(scan);
    if (!gs1) return gs1.status();
    auto unit = unit_from_gs1(*gs1, plant);
    if (!unit) {
        return invalid(unit.error().message() + " (read '" + printable_clipped(scan, 96) + "')");
    }
    return ScanPayload{gs1->symbology, SheetScan{std::move(unit).value(), true}};
}

std::string_view without_line_end(std::string_view scan) {
    while (!scan.empty() && (scan.back() == '\r' || scan.back() == '\n')) scan.remove_suffix(1);
    return scan;
}

bool gs1_like(std::string_view body) {
    return !body.empty() && ((body[0] >= '0' && body[0] <= '9') || body[0] == kGs);
}

// The native payload's check character (after its last '-') holds for what precedes it.
bool native_check_holds(std::string_view body) {
    std::string upper(body);
    for (char& c : upper)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    while (!upper.empty() && static_cast<unsigned char>(upper.back()) < 0x20) upper.pop_back();
    if (upper.size() < 2 || upper[upper.size() - 2] != '-') return false;
    return mod37_2_check(std::string_view(upper).substr(0, upper.size() - 2)) == upper.back();
}

}  // namespace

ScanProblem scan_problem(std::string_view raw) {
    const std::string_view scan = without_line_end(raw);
    const AimSplit aim = split_aim(scan);
    if (scan.empty() || aim.body.empty()) return ScanProblem::Empty;
    const bool sheet = starts_with_ci(aim.body, "SL");
    if (sheet || starts_with_ci(aim.body, "SB")) {
        if (!native_check_holds(aim.body)) return ScanProblem::Misread;
        return sheet ? ScanProblem::SheetInvalid : ScanProblem::BadgeInvalid;
    }
    if (aim_is_gs1(aim.symbology) || (aim.symbology.empty() && gs1_like(aim.body)))
        return ScanProblem::Gs1Invalid;
    return ScanProblem::NotOurs;
}

Result<ScanPayload> parse_scan(std::string_view raw, const Plant& plant) {
    const std::string_view scan = without_line_end(raw);
    if (scan.empty()) return invalid("empty scan: the scanner sent no data");

    AimSplit aim = split_aim(scan);
    const std::string_view body = aim.body;
    if (aim_is_gs1(aim.symbology)) return from_gs1(scan, plant);
    if (starts_with_ci(body, "SL")) {
        auto unit = parse_sheet_payload(body);
        if (!unit) return unit.error();
        return ScanPayload{std::move(aim.symbology), SheetScan{std::move(unit).value(), false}};
    }
    if (starts_with_ci(body, "SB")) {
        auto badge = parse_badge_payload(body);
        if (!badge) return badge.error();
        return ScanPayload{std::move(aim.symbology), BadgeScan{std::move(badge).value()}};
    }
    if (aim.symbology.empty() && gs1_like(body)) return from_gs1(scan, plant);

    const std::string read = "'" + printable_clipped(scan, 96) + "'";
    const std::string expected =
        "expected a sheet code (SL1-...), a badge (SB1-...) or a GS1 element string";
    if (body.empty()) {
        return invalid("scan " + read + " holds only the symbology identifier " +
                       described(aim.symbology) + ", no data");
    }
    if (aim.symbology.empty()) {
        return invalid("scan " + read + " is not a Stampline code: " + expected);
    }
    if (aim_is_known_non_gs1(aim.symbology)) {
        return invalid(
            "scan " + read + " was read from a plain " + described(aim.symbology) +
            " symbol and is not a Stampline code: " + expected +
            (gs1_like(body) ? " (GS1 data must be printed as a GS1 symbol, with FNC1 first)" : ""));
    }
    return invalid("scan " + read + " has the symbology identifier " + described(aim.symbology) +
                   ", which this system does not read: " + expected);
}

}  // namespace stampline
