#include "terminal_io/fixture.h"

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "shared/event_json.h"

namespace stampline::tio {

Event to_event(const json& wire) {
    Result<Event> e = event_from_json(wire);
    REQUIRE_MESSAGE(e.has_value(), e.status().to_string());
    return *e;
}

Event nc_event(itest::EventFactory& factory, const std::string& serial, const std::string& stage,
               const std::string& stamp) {
    const Plant& plant = itest::demo_plant();
    REQUIRE(!plant.nc_codes.empty());
    return to_event(factory.make("nc_raised", serial, itest::station_for(stage), stage, stamp,
                                 {{"code", plant.nc_codes.front().code},
                                  {"severity", "minor"},
                                  {"origin_stage", stage},
                                  {"quantity", 1},
                                  {"disposition", ""},
                                  {"note", "test"}}));
}

std::unique_ptr<terminal::Outbox> open_outbox(const std::string& path) {
    Result<std::unique_ptr<terminal::Outbox>> outbox = terminal::Outbox::open(path);
    REQUIRE_MESSAGE(outbox.has_value(), outbox.status().to_string());
    return std::move(*outbox);
}

std::string url_of_port(int port) {
    return "http://127.0.0.1:" + std::to_string(port);
}

std::string url_of(itest::TestServer& server) {
    return url_of_port(server.process().port());
}

Actions::Actions()
    : queue_([this] {
          {
              std::lock_guard lock(mu_);
              posted_ = true;
          }
          cv_.notify_all();
      }) {}

void Actions::drain() {
    for (terminal::Action& a : queue_.drain()) seen_.push_back(std::move(a));
}

bool Actions::wait_for(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        drain();
        if (pred()) return true;
        std::unique_lock lock(mu_);
        if (!cv_.wait_until(lock, deadline, [&] { return posted_; })) {
            lock.unlock();
            drain();
            return pred();
        }
        posted_ = false;
    }
}

std::vector<terminal::SyncReport> Actions::reports() const {
    std::vector<terminal::SyncReport> out;
    for (const terminal::Action& a : seen_)
        if (auto* r = std::get_if<terminal::SyncReport>(&a)) out.push_back(*r);
    return out;
}

std::vector<terminal::ReferenceLoaded> Actions::references() const {
    std::vector<terminal::ReferenceLoaded> out;
    for (const terminal::Action& a : seen_)
        if (auto* r = std::get_if<terminal::ReferenceLoaded>(&a)) out.push_back(*r);
    return out;
}

std::vector<terminal::UnitLoaded> Actions::units() const {
    std::vector<terminal::UnitLoaded> out;
    for (const terminal::Action& a : seen_)
        if (auto* r = std::get_if<terminal::UnitLoaded>(&a)) out.push_back(*r);
    return out;
}

const terminal::SyncReport* Actions::last_report() const {
    for (auto it = seen_.rbegin(); it != seen_.rend(); ++it)
        if (auto* r = std::get_if<terminal::SyncReport>(&*it)) return r;
    return nullptr;
}

int unused_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace stampline::tio
