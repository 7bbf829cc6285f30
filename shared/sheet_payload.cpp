#include "shared/sheet_payload.h"

#include <array>

#include "shared/identity.h"
#include "shared/payload_fields.h"
#include "shared/printable.h"

namespace stampline {

namespace {

constexpr std::array<std::string_view, 4> kFieldNames = {"product type", "serial", "order",
                                                         "sheet version"};
constexpr native_payload::Frame kFrame = {"sheet payload", "SL", "1", kFieldNames,
                                          "type, serial, order, version, check"};

}  // namespace

Status validate_unit_identity(const UnitIdentity& unit) {
    if (Status s = check_identity(IdentityKind::ProductType, "product type", unit.product_type); !s)
        return s;
    if (Status s = check_identity(IdentityKind::Serial, "serial", unit.serial); !s) return s;
    if (Status s = check_identity(IdentityKind::Order, "order", unit.order); !s) return s;
    return native_payload::check_counter("sheet version", unit.sheet_version, kMaxSheetVersion);
}

Result<std::string> encode_sheet_payload(const UnitIdentity& unit) {
    if (Status s = validate_unit_identity(unit); !s) return s;
    const std::array<std::string, 4> fields = {unit.product_type, unit.serial, unit.order,
                                               std::to_string(unit.sheet_version)};
    return native_payload::seal(kFrame, fields);
}

Result<UnitIdentity> parse_sheet_payload(std::string_view payload) {
    auto fields = native_payload::open(kFrame, payload);
    if (!fields) return fields.error();
    const std::vector<std::string>& f = *fields;
    auto version = native_payload::parse_counter("sheet version", f[3], kMaxSheetVersion);
    if (!version) {
        return invalid("sheet payload '" + printable_clipped(payload, 96) +
                       "': " + version.error().message());
    }
    UnitIdentity unit{f[1], f[0], f[2], *version};
    if (Status s = validate_unit_identity(unit); !s) {
        return invalid("sheet payload '" + printable_clipped(payload, 96) + "': " + s.message());
    }
    return unit;
}

}  // namespace stampline
