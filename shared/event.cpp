#include "shared/event.h"

#include <algorithm>
#include <array>
#include <type_traits>

namespace stampline {

namespace {
constexpr std::array<EventKind, 9> kAllKinds = {
    EventKind::SheetIssued,    EventKind::SheetReprinted, EventKind::StageAccepted,
    EventKind::StageSignedOff, EventKind::NcRaised,       EventKind::NcCorrected,
    EventKind::NcVerified,     EventKind::UnitHeld,       EventKind::UnitReleased,
};
static_assert(kAllKinds.size() == std::variant_size_v<EventBody>,
              "every EventBody alternative has an EventKind");

// Event::kind() casts the variant index: the enum must list the alternatives in order.
template <EventKind K, typename T>
constexpr bool kind_is =
    std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(K), EventBody>, T>;
static_assert(kind_is<EventKind::SheetIssued, SheetIssued> &&
              kind_is<EventKind::SheetReprinted, SheetReprinted> &&
              kind_is<EventKind::StageAccepted, StageAccepted> &&
              kind_is<EventKind::StageSignedOff, StageSignedOff> &&
              kind_is<EventKind::NcRaised, NcRaised> &&
              kind_is<EventKind::NcCorrected, NcCorrected> &&
              kind_is<EventKind::NcVerified, NcVerified> &&
              kind_is<EventKind::UnitHeld, UnitHeld> &&
              kind_is<EventKind::UnitReleased, UnitReleased>);
}  // namespace

const char* event_kind_name(EventKind kind) {
    switch (kind) {
        case EventKind::SheetIssued: return "sheet_issued";
        case EventKind::SheetReprinted: return "sheet_reprinted";
        case EventKind::StageAccepted: return "stage_accepted";
        case EventKind::StageSignedOff: return "stage_signed_off";
        case EventKind::NcRaised: return "nc_raised";
        case EventKind::NcCorrected: return "nc_corrected";
        case EventKind::NcVerified: return "nc_verified";
        case EventKind::UnitHeld: return "unit_held";
        case EventKind::UnitReleased: return "unit_released";
    }
    return "unknown";
}

bool parse_event_kind(std::string_view text, EventKind* out) {
    for (EventKind kind : kAllKinds) {
        if (text == event_kind_name(kind)) {
            *out = kind;
            return true;
        }
    }
    return false;
}

// A control point with no checks configured accepts what it receives.
bool StageAccepted::all_passed() const {
    return std::all_of(checks.begin(), checks.end(), [](const CheckResult& c) { return c.pass; });
}

}  // namespace stampline
