#include "server/service/unit_state_cache.h"

#include <vector>

namespace stampline::server {

std::optional<UnitState> UnitStateCache::take(std::string_view serial, std::int64_t last_seq) {
    std::lock_guard lock(mu_);
    auto it = entries_.find(serial);
    if (it == entries_.end() || it->second.last_seq != last_seq) return std::nullopt;
    // The entry stays (no node freed and made again by the put that follows), marked taken.
    it->second.last_seq = kTaken;
    return std::move(it->second.state);
}

void UnitStateCache::put(const std::string& serial, UnitState state, std::int64_t last_seq) {
    std::lock_guard lock(mu_);
    put_locked(serial, std::move(state), last_seq);
}

void UnitStateCache::put(std::span<const Put> states) {
    std::lock_guard lock(mu_);
    for (const Put& p : states) put_locked(p.serial, std::move(p.state), p.last_seq);
}

void UnitStateCache::put_locked(const std::string& serial, UnitState&& state,
                                std::int64_t last_seq) {
    if (capacity_ == 0) return;
    auto it = entries_.find(serial);
    if (it != entries_.end()) {
        if (it->second.last_seq > last_seq) return;  // a later state is already kept
        it->second.state = std::move(state);
        it->second.last_seq = last_seq;
        lru_.splice(lru_.begin(), lru_, it->second.lru);
        return;
    }
    if (entries_.size() >= capacity_) {
        entries_.erase(lru_.back());
        lru_.pop_back();
    }
    lru_.push_front(serial);
    entries_.emplace(serial, Entry{std::move(state), last_seq, lru_.begin()});
}

Status UnitStateCache::warm(Store& store, const Plant& plant, Timestamp since,
                            std::stop_token stop) {
    std::vector<RouteLength> routes;
    for (const ProductType& p : plant.products)
        routes.push_back({p.code, static_cast<int>(p.route.size())});
    const Status read = store.units_in_work(routes, since, [&](const UnitFacts& unit) {
        if (stop.stop_requested()) return Status(Code::Unavailable, "stopping");
        UnitState state = derive_state(plant, unit.events);
        if (state.complete()) return Status::ok();
        std::lock_guard lock(mu_);
        put_locked(unit.events.front().serial, std::move(state), unit.last_seq);
        return Status::ok();
    });
    if (stop.stop_requested()) return Status::ok();
    if (!read) return read;
    std::lock_guard lock(mu_);
    warmed_ = true;
    return Status::ok();
}

std::size_t UnitStateCache::size() const {
    std::lock_guard lock(mu_);
    return entries_.size();
}

bool UnitStateCache::warmed() const {
    std::lock_guard lock(mu_);
    return warmed_;
}

}  // namespace stampline::server
