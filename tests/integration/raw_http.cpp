#include "integration/raw_http.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

namespace stampline::itest {

RawConnection::RawConnection(int port, const std::string& from) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    REQUIRE(inet_pton(AF_INET, from.c_str(), &local.sin_addr) == 1);
    REQUIRE_MESSAGE(::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0,
                    "bind " << from << ": errno " << errno);
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(static_cast<std::uint16_t>(port));
    server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE_MESSAGE(connect(fd_, reinterpret_cast<sockaddr*>(&server), sizeof server) == 0,
                    "connect: errno " << errno);
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) close(fd_);
}

RawConnection::RawConnection(RawConnection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      closed_(other.closed_),
      received_(std::move(other.received_)) {}

bool RawConnection::send(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::size_t RawConnection::send_until_answered(std::string_view bytes, std::size_t piece) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, 0) > 0) break;  // an answer (or the close) is waiting
        const std::string_view next = bytes.substr(sent, piece);
        if (!send(next)) break;
        sent += next.size();
    }
    return sent;
}

std::string RawConnection::read_until(std::string_view text, int times,
                                      std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    // At least one look, even with no time to wait.
    for (bool first = true; !closed_ && (text.empty() || occurrences(received_, text) < times);
         first = false) {
        const auto left = std::max(std::chrono::milliseconds(0),
                                   std::chrono::duration_cast<std::chrono::milliseconds>(
                                       deadline - std::chrono::steady_clock::now()));
        if (!first && left.count() == 0) break;
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char buf[16384];
        const ssize_t n = recv(fd_, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            closed_ = true;  // closed, or reset
            break;
        }
        received_.append(buf, static_cast<std::size_t>(n));
    }
    return received_;
}

std::string RawConnection::read_until_closed(std::chrono::milliseconds timeout) {
    return read_until("", 0, timeout);
}

int occurrences(std::string_view text, std::string_view what) {
    int n = 0;
    for (std::size_t at = text.find(what); at != std::string_view::npos;
         at = text.find(what, at + what.size()))
        ++n;
    return n;
}

}  // namespace stampline::itest
