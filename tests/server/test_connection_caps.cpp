// The HTTP engine's connection caps (server/http/engine/connection_caps.h): a ticket per
// connection, refused past the total or the address's cap, its place given back when dropped.
#include <doctest/doctest.h>

#include <vector>

#include "server/http/engine/connection_caps.h"

namespace stampline::server::engine {

TEST_CASE("connections from one address stop at its cap while others still get in") {
    ConnectionCaps caps(10, 2);
    std::vector<ConnectionCaps::Ticket> held;
    held.push_back(*caps.try_acquire("10.0.0.5"));
    held.push_back(*caps.try_acquire("10.0.0.5"));
    CHECK_FALSE(caps.try_acquire("10.0.0.5"));
    CHECK(caps.try_acquire("10.0.0.6"));  // taken and given back at once
    CHECK(caps.open_from("10.0.0.5") == 2);
    held.pop_back();
    CHECK(caps.open_from("10.0.0.5") == 1);
    CHECK(caps.try_acquire("10.0.0.5"));
}

TEST_CASE("no connection gets in past the total, and a dropped ticket frees its place") {
    ConnectionCaps caps(3, 3);
    std::vector<ConnectionCaps::Ticket> held;
    for (const char* a : {"a", "b", "c"}) held.push_back(*caps.try_acquire(a));
    CHECK_FALSE(caps.try_acquire("d"));
    CHECK(caps.open() == 3);
    held.clear();
    CHECK(caps.open() == 0);
    CHECK(caps.open_from("a") == 0);
    CHECK(caps.try_acquire("d"));
}

}  // namespace stampline::server::engine
