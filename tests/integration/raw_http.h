// A plain TCP connection to the server for bytes no HTTP client library would send: framing
// that smuggles, pipelined requests, a header of 100,000 fields, a client that sends nothing.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace stampline::itest {

class RawConnection {
public:
    // Connects to 127.0.0.1:port from source address `from` (any 127.x.y.z is loopback).
    explicit RawConnection(int port, const std::string& from = "127.0.0.1");
    ~RawConnection();
    RawConnection(RawConnection&& other) noexcept;
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // Sends all of bytes; false when the server has closed the connection.
    bool send(std::string_view bytes);
    // Sends bytes in pieces until all are sent or the server has answered (or closed): a client
    // that keeps sending while the server refuses. Returns how many bytes were sent.
    std::size_t send_until_answered(std::string_view bytes, std::size_t piece = 16384);
    // What arrives until the server closes the connection, or `timeout` passes (then
    // closed() stays false). A timeout of 0 looks once without waiting.
    std::string read_until_closed(std::chrono::milliseconds timeout);
    // What arrives until `text` has been received `times` times, the server closes, or
    // `timeout` passes.
    std::string read_until(std::string_view text, int times, std::chrono::milliseconds timeout);
    bool closed() const { return closed_; }

private:
    int fd_ = -1;
    bool closed_ = false;
    std::string received_;
};

// How many times `what` occurs in `text`.
int occurrences(std::string_view text, std::string_view what);

}  // namespace stampline::itest
