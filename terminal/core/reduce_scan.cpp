// A scan from any scanner: a stamp badge starts the PIN pad, an identification sheet opens the
// unit card. A scan that does not parse, or names a product this plant does not make, is shown
// with what was read and why, and changes nothing else.
#include "shared/printable.h"
#include "shared/scan_payload.h"
#include "terminal/core/reduce_internal.h"

namespace stampline::terminal::detail {

namespace {

// How much of a refused scan is quoted back to the worker.
constexpr std::size_t kQuotedScanBytes = 96;

// The worker's catalog key for what is wrong with a scan parse_scan refused.
std::string_view unreadable_scan_key(std::string_view raw) {
    switch (scan_problem(raw)) {
        case ScanProblem::Empty: return "scan.empty";
        case ScanProblem::Misread: return "scan.misread";
        case ScanProblem::SheetInvalid: return "scan.sheet_invalid";
        case ScanProblem::BadgeInvalid: return "scan.badge_invalid";
        case ScanProblem::Gs1Invalid: return "scan.gs1_invalid";
        case ScanProblem::NotOurs: break;
    }
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
