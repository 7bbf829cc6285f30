// How many connections are open, in all and from each client address, with a cap on both: the
// HTTP engine asks for a ticket per accepted connection and closes it at once without one.
// Thread-safe; a ticket gives its place back when destroyed.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace stampline::server::engine {

class ConnectionCaps {
public:
    ConnectionCaps(std::size_t max_total, std::size_t max_per_address)
        : max_total_(max_total), max_per_address_(max_per_address) {}

    class Ticket {
    public:
        Ticket(ConnectionCaps& caps, std::string address)
            : caps_(&caps), address_(std::move(address)) {}
        Ticket(Ticket&& other) noexcept
            : caps_(std::exchange(other.caps_, nullptr)), address_(std::move(other.address_)) {}
        Ticket& operator=(Ticket&&) = delete;
        ~Ticket() {
            if (caps_) caps_->release(address_);
        }

    private:
        ConnectionCaps* caps_;
        std::string address_;
    };

    // A ticket, or none when the total or the address's cap is reached.
    std::optional<Ticket> try_acquire(const std::string& address);
    std::size_t open() const;
    std::size_t open_from(const std::string& address) const;

private:
    void release(const std::string& address);

    const std::size_t max_total_;
    const std::size_t max_per_address_;
    mutable std::mutex mutex_;
    std::size_t total_ = 0;
    std::map<std::string, std::size_t> per_address_;
};

}  // namespace stampline::server::engine
