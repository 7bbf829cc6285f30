#include "shared/stamp.h"

#include <algorithm>

namespace stampline {

const char* stamp_status_name(StampStatus s) {
    switch (s) {
        case StampStatus::Active: return "active";
        case StampStatus::Suspended: return "suspended";
        case StampStatus::Revoked: return "revoked";
    }
    return "revoked";
}

bool parse_stamp_status(std::string_view text, StampStatus* out) {
    for (StampStatus s : {StampStatus::Active, StampStatus::Suspended, StampStatus::Revoked}) {
        if (text == stamp_status_name(s)) {
            *out = s;
            return true;
        }
    }
    return false;
}

bool StampRecord::covers(std::string_view stage) const {
    return std::find(stages.begin(), stages.end(), stage) != stages.end();
}

}  // namespace stampline
