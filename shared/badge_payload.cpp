#include "shared/badge_payload.h"

#include <array>

#include "shared/identity.h"
#include "shared/payload_fields.h"
#include "shared/printable.h"

namespace stampline {

namespace {

constexpr std::array<std::string_view, 2> kFieldNames = {"stamp", "badge issue"};
constexpr native_payload::Frame kFrame = {"badge payload", "SB", "1", kFieldNames,
                                          "stamp, issue, check"};

}  // namespace

Status validate_badge_id(const BadgeId& badge) {
    if (Status s = check_identity(IdentityKind::Stamp, "stamp", badge.stamp); !s) return s;
    return native_payload::check_counter("badge issue", badge.issue, kMaxBadgeIssue);
}

Result<std::string> encode_badge_payload(const BadgeId& badge) {
    if (Status s = validate_badge_id(badge); !s) return s;
    const std::array<std::string, 2> fields = {badge.stamp, std::to_string(badge.issue)};
    return native_payload::seal(kFrame, fields);
}

Result<BadgeId> parse_badge_payload(std::string_view payload) {
    auto fields = native_payload::open(kFrame, payload);
    if (!fields) return fields.error();
    const std::vector<std::string>& f = *fields;
    auto issue = native_payload::parse_counter("badge issue", f[1], kMaxBadgeIssue);
    if (!issue) {
        return invalid("badge payload '" + printable_clipped(payload, 96) +
                       "': " + issue.error().message());
    }
    BadgeId badge{f[0], *issue};
    if (Status s = validate_badge_id(badge); !s) {
        return invalid("badge payload '" + printable_clipped(payload, 96) + "': " + s.message());
    }
    return badge;
}

}  // namespace stampline
