#include "terminal/app/fifo_input.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace stampline::terminal {

Result<std::unique_ptr<FifoInput>> FifoInput::open(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno != ENOENT || ::mkfifo(path.c_str(), 0600) != 0)
            return io_error("cannot create the FIFO " + path + ": " + std::strerror(errno));
    } else if (!S_ISFIFO(st.st_mode)) {
        return invalid(path + " exists and is not a FIFO (remove it, or name another path)");
    }
    const int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return io_error("cannot open the FIFO " + path + ": " + std::strerror(errno));
    return std::unique_ptr<FifoInput>(new FifoInput(path, fd));
}

FifoInput::FifoInput(std::string path, int fd)
    : path_(std::move(path)), fd_(fd), buffer_(fd, stop_), stream_(&buffer_) {}

FifoInput::~FifoInput() {
    if (fd_ >= 0) ::close(fd_);
}

FifoInput::Buffer::int_type FifoInput::Buffer::underflow() {
    while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        const int ready = ::poll(&p, 1, 100);
        if (ready < 0 && errno != EINTR) return traits_type::eof();
        if (ready <= 0) continue;
        const ssize_t n = ::read(fd_, data_, sizeof data_);
        if (n > 0) {
            setg(data_, data_, data_ + n);
            return traits_type::to_int_type(data_[0]);
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR) return traits_type::eof();
    }
    return traits_type::eof();
}

}  // namespace stampline::terminal
