// A scan from any scanner: a stamp badge starts the PIN pad, an identification sheet opens the
// unit card. A scan that does not parse, or names a product this plant does not make, is shown
// with what was read and why, and changes nothing else.
#include <cctype>

#include "shared/aim.h"
#include "shared/check_char.h"
#include "shared/printable.h"
#include "shared/scan_payload.h"
#include "terminal/core/reduce_internal.h"

namespace stampline::terminal::detail {

namespace {

// How much of a refused scan is quoted back to the worker.
constexpr std::size_t kQuotedScanBytes = 96;

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    return true;
}

// What kind of problem a scan that parse_scan refused has, as the worker's catalog key: a
// sheet or badge code whose check character does not hold was misread (or damaged), one whose
// check holds was printed wrong; a GS1 string is not a sheet; anything else is not ours.
std::string_view unreadable_scan_key(std::string_view raw) {
    while (!raw.empty() && (raw.back() == '\r' || raw.back() == '\n')) raw.remove_suffix(1);
    const AimSplit aim = split_aim(raw);
    if (raw.empty() || aim.body.empty()) return "scan.empty";
    const bool sheet = starts_with_ci(aim.body, "SL");
    if (sheet || starts_with_ci(aim.body, "SB")) {
        // The check character follows the last '-' and covers everything before it.
        std::string upper(aim.body);
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        while (!upper.empty() && static_cast<unsigned char>(upper.back()) < 0x20) upper.pop_back();
        const bool framed = upper.size() >= 2 && upper[upper.size() - 2] == '-';
        if (!framed || mod37_2_check(std::string_view(upper).substr(0, upper.size() - 2)) !=
                           std::optional<char>(upper.back()))
            return "scan.misread";
        return sheet ? "scan.sheet_invalid" : "scan.badge_invalid";
    }
    const char first = aim.body.front();
    const bool gs1_like = (first >= '0' && first <= '9') || first == '\x1d';
    if (aim_is_gs1(aim.symbology) || (aim.symbology.empty() && gs1_like)) return "scan.gs1_invalid";
    return "scan.not_ours";
}

void on_sheet(Step& st, const SheetScan& sheet, const std::string& raw) {
    AppState& s = st.state;
    if (!s.session || !s.reference) {
        s.scan_error = {"scan.sign_in_first", {}};
        return;
    }
    if (!s.reference->plant.product(sheet.unit.product_type)) {
        s.scan_error = {"scan.unknown_product",
                        {sheet.unit.product_type, printable_clipped(raw, kQuotedScanBytes)}};
        return;
    }
    open_card(st, sheet.unit);
}

}  // namespace

void on_scan(Step& st, const ScanRead& scan) {
    AppState& s = st.state;
    ++s.scans_read;
    const Plant no_plant;  // before the reference arrives: badges still parse, GS1 sheets do not
    const Plant& plant = s.reference ? s.reference->plant : no_plant;
    Result<ScanPayload> parsed = parse_scan(scan.text, plant);
    if (!parsed) {
        const std::string_view key = unreadable_scan_key(scan.text);
        s.scan_error = {std::string(key), {}};
        if (key != "scan.empty")
            s.scan_error.args = {printable_clipped(scan.text, kQuotedScanBytes)};
        s.scan_error_detail = parsed.error().message();
        return;
    }
    if (const auto* badge = std::get_if<BadgeScan>(&parsed->what))
        on_badge(st, badge->badge);
    else
        on_sheet(st, std::get<SheetScan>(parsed->what), scan.text);
}

}  // namespace stampline::terminal::detail
