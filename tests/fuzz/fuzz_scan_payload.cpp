// libFuzzer target: every parser of scanned text (parse_scan, parse_gs1, parse_sheet_payload,
// parse_badge_payload) on arbitrary bytes. Besides crashes and sanitizer reports it aborts when
//   - a native payload that parses does not re-encode to a payload that parses to the same value;
//   - a GS1 parse, written back with a GS after every element, does not parse to the same elements;
//   - parse_scan accepts a native sheet or badge that its own parser refuses, or the reverse.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "shared/aim.h"
#include "shared/badge_payload.h"
#include "shared/gs1.h"
#include "shared/plant.h"
#include "shared/scan_payload.h"
#include "shared/sheet_payload.h"

namespace {

using namespace stampline;

const Plant& fuzz_plant() {
    static const Plant plant = [] {
        Plant p;
        ProductType kso;
        kso.code = "KSO298";
        kso.gtin = "04607012345677";
        kso.route = {"ASSEMBLY"};
        p.products.push_back(kso);
        return p;
    }();
    return plant;
}

void require(bool ok) {
    if (!ok) std::abort();
}

void sheet_round_trip(std::string_view text) {
    auto unit = parse_sheet_payload(text);
    if (!unit) return;
    require(validate_unit_identity(*unit).is_ok());
    auto payload = encode_sheet_payload(*unit);
    require(payload.has_value());
    auto again = parse_sheet_payload(*payload);
    require(again.has_value() && *again == *unit);
}

void badge_round_trip(std::string_view text) {
    auto badge = parse_badge_payload(text);
    if (!badge) return;
    require(validate_badge_id(*badge).is_ok());
    auto payload = encode_badge_payload(*badge);
    require(payload.has_value());
    auto again = parse_badge_payload(*payload);
    require(again.has_value() && *again == *badge);
}

void gs1_round_trip(std::string_view text) {
    Gs1Result gs1 = parse_gs1(text);
    if (!gs1) {
        require(!gs1.failure().message.empty());
        return;
    }
    std::string written = gs1->symbology;
    for (const Gs1Element& e : gs1->elements) written += e.ai + e.value + '\x1d';
    Gs1Result again = parse_gs1(written);
    require(again.has_value() && again->elements == gs1->elements &&
            again->symbology == gs1->symbology);
    (void)unit_from_gs1(*gs1, fuzz_plant());
}

void scan_consistent(std::string_view text) {
    auto scan = parse_scan(text, fuzz_plant());
    if (!scan) {
        require(!scan.error().message().empty());
        return;
    }
    std::string_view body = text;
    while (!body.empty() && (body.back() == '\r' || body.back() == '\n')) body.remove_suffix(1);
    body = split_aim(body).body;
    if (const auto* sheet = std::get_if<SheetScan>(&scan->what); sheet && !sheet->gs1) {
        auto direct = parse_sheet_payload(body);
        require(direct.has_value() && *direct == sheet->unit);
    }
    if (const auto* badge = std::get_if<BadgeScan>(&scan->what)) {
        auto direct = parse_badge_payload(body);
        require(direct.has_value() && *direct == badge->badge);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    scan_consistent(text);
    gs1_round_trip(text);
    sheet_round_trip(text);
    badge_round_trip(text);
    return 0;
}
