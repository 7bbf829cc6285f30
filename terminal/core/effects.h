// What reduce() asks the outside world to do. The shell (terminal_main) executes each one and
// answers with an action: VerifyPin -> PinVerified, LoadUnit -> UnitLoaded (at once from the
// cache and the outbox, then again when the server answers), Record -> Recorded (only after
// the event is durable in the outbox).
#pragma once
#include <string>
#include <variant>

#include "shared/event.h"

namespace stampline::terminal {

struct VerifyPin {
    std::string stamp;
    std::string pin;
    std::string pin_hash;  // argon2id string from the reference
};
struct LoadUnit {
    std::string serial;
};
struct Record {
    Event event;
};

using Effect = std::variant<VerifyPin, LoadUnit, Record>;

}  // namespace stampline::terminal
