// A named pipe (FIFO) read line by line, for the control channel and the virtual scanner. Opened
// read-write so that it never reports end-of-file when a writer closes (each test command or
// `echo` is a new writer) and never blocks the open. Reads wait at most 100 ms at a time, so a
// reader thread can be stopped.
#pragma once
#include <atomic>
#include <istream>
#include <memory>
#include <streambuf>
#include <string>

#include "shared/status.h"

namespace stampline::terminal {

class FifoInput {
public:
    // Creates the FIFO (mode 0600) when `path` does not exist. IOError naming the path when it
    // cannot be created or opened, InvalidArgument when the path exists and is not a FIFO.
    static Result<std::unique_ptr<FifoInput>> open(const std::string& path);
    ~FifoInput();
    FifoInput(const FifoInput&) = delete;
    FifoInput& operator=(const FifoInput&) = delete;

    // The lines written to the FIFO. Read from one thread.
    std::istream& stream() { return stream_; }
    // Any thread: the stream reports end-of-file within 100 ms.
    void stop() { stop_ = true; }
    const std::string& path() const { return path_; }

private:
    class Buffer : public std::streambuf {
    public:
        Buffer(int fd, const std::atomic<bool>& stop) : fd_(fd), stop_(stop) {}

    protected:
        int_type underflow() override;

    private:
        int fd_;
        const std::atomic<bool>& stop_;
        char data_[4096];
    };

    FifoInput(std::string path, int fd);

    std::string path_;
    int fd_ = -1;
    std::atomic<bool> stop_{false};
    Buffer buffer_;
    std::istream stream_;
};

}  // namespace stampline::terminal
