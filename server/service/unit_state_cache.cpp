#include "server/service/unit_state_cache.h"

#include <map>
#include <set>
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

Status UnitStateCache::warm(Store& store, const Plant& plant, std::stop_token stop) {
    constexpr int kChunk = 20'000;
    struct Folding {
        UnitState state;
        std::int64_t last_seq = 0;
    };
    std::map<std::string, Folding, std::less<>> units;
    // Units seen complete are dropped from the fold (they are rarely posted about again); their
    // later events, if any, are skipped too: a state folded from the middle of a trail would be
    // wrong, and a miss is only slower.
    std::set<std::string, std::less<>> dropped;
    for (std::int64_t after = 0;;) {
        if (stop.stop_requested()) return Status::ok();
        Result<std::vector<StoredEvent>> chunk = store.events_after(after, kChunk);
        if (!chunk) return chunk.error();
        if (chunk->empty()) break;
        for (const StoredEvent& stored : *chunk) {
            const std::string& serial = stored.event.serial;
            if (dropped.count(serial)) continue;
            Folding& unit = units[serial];
            apply_event(plant, unit.state, stored.event);
            unit.last_seq = stored.seq;
            if (unit.state.complete()) {
                units.erase(serial);
                dropped.insert(serial);
            }
        }
        after = chunk->back().seq;
    }
    std::lock_guard lock(mu_);
    for (auto& [serial, unit] : units) put_locked(serial, std::move(unit.state), unit.last_seq);
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
