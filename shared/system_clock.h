// The real Clock: the machine's UTC time (std::chrono::system_clock). The adapter that
// composition roots pass into the core.
#pragma once

#include <chrono>

#include "shared/time.h"

namespace stampline {

class SystemClock final : public Clock {
public:
    Timestamp now() const override {
        using namespace std::chrono;
        return Timestamp{
            duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()};
    }
};

}  // namespace stampline
