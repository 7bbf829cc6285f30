#include "server/http/engine/connection_caps.h"

namespace stampline::server::engine {

std::optional<ConnectionCaps::Ticket> ConnectionCaps::try_acquire(const std::string& address) {
    std::lock_guard lock(mutex_);
    if (total_ >= max_total_) return std::nullopt;
    std::size_t& from = per_address_[address];
    if (from >= max_per_address_) {
        if (from == 0) per_address_.erase(address);
        return std::nullopt;
    }
    ++from;
    ++total_;
    return std::optional<Ticket>(std::in_place, *this, address);
}

void ConnectionCaps::release(const std::string& address) {
    std::lock_guard lock(mutex_);
    --total_;
    if (const auto it = per_address_.find(address); it != per_address_.end() && --it->second == 0)
        per_address_.erase(it);
}

std::size_t ConnectionCaps::open() const {
    std::lock_guard lock(mutex_);
    return total_;
}

std::size_t ConnectionCaps::open_from(const std::string& address) const {
    std::lock_guard lock(mutex_);
    const auto it = per_address_.find(address);
    return it == per_address_.end() ? 0 : it->second;
}

}  // namespace stampline::server::engine
