#include "terminal/platform/evdev_scanner.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <thread>

namespace stampline::terminal::platform {

namespace {

std::string read_line(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
    return line;
}

bool hex_is(const std::string& text, std::uint16_t want) {
    if (text.empty()) return false;
    char* end = nullptr;
    const unsigned long v = std::strtoul(text.c_str(), &end, 16);
    return end && *end == '\0' && v == want;
}

constexpr auto kLookAgain = std::chrono::seconds(1);

}  // namespace

std::string find_event_device(devices::UsbId id) {
    DIR* dir = opendir("/sys/class/input");
    if (!dir) return "";
    std::string found;
    while (const dirent* e = readdir(dir)) {
        const std::string name = e->d_name;
        if (name.rfind("event", 0) != 0) continue;
        const std::string ids = "/sys/class/input/" + name + "/device/id/";
        if (hex_is(read_line(ids + "vendor"), id.vid) &&
            hex_is(read_line(ids + "product"), id.pid)) {
            found = "/dev/input/" + name;
            break;
        }
    }
    closedir(dir);
    return found;
}

EvdevScanner::EvdevScanner(devices::UsbId id)
    : id_(id), source_("evdev " + devices::to_string(id)) {}

EvdevScanner::~EvdevScanner() {
    close_device();
}

bool EvdevScanner::open_device() {
    const std::string path = find_event_device(id_);
    if (path.empty()) return false;
    const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        std::cerr << "stampline-terminal: scanner " << source_ << ": cannot open " << path << ": "
                  << std::strerror(errno) << "\n";
        return false;
    }
    // Ours alone: the X server and the console stop seeing its keys.
    if (ioctl(fd, EVIOCGRAB, 1) != 0)
        std::cerr << "stampline-terminal: scanner " << source_ << ": cannot grab " << path << ": "
                  << std::strerror(errno) << " (its keys may also reach the window)\n";
    fd_ = fd;
    path_ = path;
    partial_.clear();
    return true;
}

void EvdevScanner::close_device() {
    if (fd_ < 0) return;
    ioctl(fd_, EVIOCGRAB, 0);
    close(fd_);
    fd_ = -1;
}

bool EvdevScanner::read_events() {
    char buf[sizeof(input_event) * 64];
    for (;;) {
        const ssize_t n = read(fd_, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return true;
        if (n <= 0) return false;  // ENODEV: unplugged
        partial_.append(buf, static_cast<std::size_t>(n));
        std::size_t at = 0;
        for (; at + sizeof(input_event) <= partial_.size(); at += sizeof(input_event)) {
            input_event ev;
            std::memcpy(&ev, partial_.data() + at, sizeof ev);
            if (ev.type != EV_KEY) continue;
            const auto time = std::chrono::seconds(ev.input_event_sec) +
                              std::chrono::microseconds(ev.input_event_usec);
            if (auto scan = decoder_.key(ev.code, ev.value, time)) {
                devices::ScannerEvent event;
                event.kind = devices::ScannerEvent::Kind::Scan;
                event.scan = devices::make_scan(scan->text, source_);
                // The kernel's timestamps are CLOCK_REALTIME unless a reader asks otherwise.
                event.scan.time = std::chrono::system_clock::time_point(
                    std::chrono::duration_cast<std::chrono::system_clock::duration>(scan->time));
                events_.push_back(std::move(event));
            }
        }
        partial_.erase(0, at);
    }
}

std::optional<devices::ScannerEvent> EvdevScanner::next(std::chrono::milliseconds timeout) {
    using Kind = devices::ScannerEvent::Kind;
    if (!events_.empty()) {
        devices::ScannerEvent e = std::move(events_.front());
        events_.pop_front();
        return e;
    }
    if (fd_ < 0) {
        if (open_device()) {
            absent_reported_ = false;
            return devices::ScannerEvent{Kind::Connected, {}, "evdev"};
        }
        if (!absent_reported_) {
            absent_reported_ = true;
            return devices::ScannerEvent{Kind::Disconnected, {}, source_ + " not found"};
        }
        std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(timeout, kLookAgain));
        return std::nullopt;
    }
    pollfd p{fd_, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(timeout.count()));
    if (ready <= 0) return std::nullopt;
    if ((p.revents & (POLLERR | POLLHUP | POLLNVAL)) || !read_events()) {
        close_device();
        return devices::ScannerEvent{Kind::Disconnected, {}, source_ + " unplugged"};
    }
    return next(std::chrono::milliseconds(0));
}

}  // namespace stampline::terminal::platform
