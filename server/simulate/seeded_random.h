// Deterministic randomness for the simulator's UUIDv7 ids: a RandomSource over std::mt19937_64
// seeded by the caller. Not for tokens or anything secret.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <span>

#include "shared/uuid.h"

namespace stampline::server::simulate {

// Thread-safe (RandomSource requires it); the same seed gives the same bytes.
class SeededRandom final : public RandomSource {
public:
    explicit SeededRandom(std::uint64_t seed) : engine_(seed) {}
    void fill(std::span<std::uint8_t> out) override {
        std::lock_guard lock(mu_);
        for (std::uint8_t& b : out) b = static_cast<std::uint8_t>(engine_() >> 56);
    }

private:
    std::mutex mu_;
    std::mt19937_64 engine_;
};

}  // namespace stampline::server::simulate
