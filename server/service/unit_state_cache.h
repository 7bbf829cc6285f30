// Recently derived unit states, so that ingest need not re-read and re-parse a unit's whole
// trail for every batch. An entry is used only when the unit's last seq in the store still equals
// the seq it was derived up to, so a stale entry is never trusted (whoever wrote meanwhile).
// Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "shared/unit_state.h"

namespace stampline::server {

struct CachedUnit {
    UnitState state;
    std::int64_t last_seq = 0;  // the state includes every accepted event up to this seq
};

class UnitStateCache {
public:
    explicit UnitStateCache(std::size_t max_units = 100000) : max_units_(max_units) {}

    // The cached state when it was derived up to exactly last_seq.
    std::optional<UnitState> get(const std::string& serial, std::int64_t last_seq) const {
        std::lock_guard lock(mu_);
        auto it = units_.find(serial);
        if (it == units_.end() || it->second.last_seq != last_seq) return std::nullopt;
        return it->second.state;
    }

    void put(const std::string& serial, CachedUnit unit) {
        std::lock_guard lock(mu_);
        if (units_.size() >= max_units_ && !units_.count(serial)) units_.clear();  // crude bound
        units_[serial] = std::move(unit);
    }

private:
    mutable std::mutex mu_;
    std::size_t max_units_;
    std::unordered_map<std::string, CachedUnit> units_;
};

}  // namespace stampline::server
