// The one rule for the names that identify things: serials, order numbers, product types, stamp
// ids, station ids, stage codes and the catalog codes (NC codes, checklist items). Every path
// that takes one from outside checks it here: events on ingest, sheets, stamps, the CLI, the web
// forms and the terminal. Only ASCII letters, digits and, in codes, '-' and '_': nothing that a
// screen could render otherwise than it reads (no bidirectional overrides, zero-width or other
// Unicode format characters, no control characters, no look-alike letters).
#pragma once

#include <string_view>

#include "shared/status.h"

namespace stampline {

enum class IdentityKind {
    Serial,       // a unit's serial number: 1..20 of A-Z 0-9 (it goes into the sheet barcode)
    Order,        // an order number: 1..20 of A-Z 0-9 (sheet barcode)
    ProductType,  // 1..16 of A-Z 0-9 (sheet barcode)
    Stamp,        // a stamp id: 1..12 of A-Z 0-9 (badge barcode)
    Code,         // station ids, stage codes, NC codes, checklist items: 1..32 of A-Z 0-9 - _
};

// Ok, or InvalidArgument naming `field` and showing the first character that is not allowed as
// visible text: "serial 'A1<U+202E>' contains U+202E (allowed: A-Z, 0-9)", "serial is empty",
// "serial '…' is 21 characters long (at most 20)". An empty value is refused (the caller decides
// whether the field may be absent). The sheet and badge payloads (sheet_payload.h,
// badge_payload.h) keep this rule too.
Status check_identity(IdentityKind kind, std::string_view field, std::string_view value);

}  // namespace stampline
