// The personal stamp (личная печать): issued by the head of the service department to a
// worker with the self-control right, covering a set of stages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shared/time.h"

namespace stampline {

enum class StampStatus { Active, Suspended, Revoked };
const char* stamp_status_name(StampStatus s);  // "active" | "suspended" | "revoked"
bool parse_stamp_status(std::string_view text, StampStatus* out);

struct StampRecord {
    std::string id;      // the stamp number printed on the stamp and its badge, e.g. "017"
    std::string holder;  // full name of the worker, e.g. "Иванов И. И."
    std::vector<std::string> stages;  // stage codes this stamp may sign
    StampStatus status = StampStatus::Active;
    Date attestation_due;  // the stamp may not sign after this date until re-attested
    int badge_issue = 1;   // bumps when a lost badge is replaced; older badges are refused
    std::string pin_hash;  // argon2id string (pin_hash.h); empty when no PIN is set

    bool covers(std::string_view stage) const;
};

}  // namespace stampline
