#include "terminal/app/control_channel.h"

#include <iostream>

namespace stampline::terminal {

std::string unescape_group_separators(std::string text) {
    for (const std::string gs : {"<GS>", "\\x1d", "\\x1D"})
        for (auto pos = text.find(gs); pos != std::string::npos; pos = text.find(gs, pos))
            text.replace(pos, gs.size(), 1, '\x1d');
    return text;
}

ControlChannel::ControlChannel(std::unique_ptr<FifoInput> fifo, ActionQueue& queue,
                               std::function<void()> wake)
    : fifo_(std::move(fifo)),
      queue_(queue),
      wake_(std::move(wake)),
      thread_(&ControlChannel::run, this) {}

ControlChannel::~ControlChannel() {
    fifo_->stop();
    thread_.join();
}

ControlRequests ControlChannel::take() {
    std::lock_guard lock(mu_);
    ControlRequests out = std::move(pending_);
    pending_ = {};
    return out;
}

void ControlChannel::run() {
    for (std::string line; std::getline(fifo_->stream(), line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const std::size_t space = line.find(' ');
        const std::string command = line.substr(0, space);
        const std::string arg = space == std::string::npos ? "" : line.substr(space + 1);
        if (command == "SCAN" && !arg.empty()) {
            queue_.post(ScanRead{unescape_group_separators(arg), "virtual"});
            continue;
        }
        {
            std::lock_guard lock(mu_);
            if (command == "SCREENSHOT" && !arg.empty())
                pending_.screenshots.push_back(arg);
            else if (command == "STATE" && !arg.empty())
                pending_.states.push_back(arg);
            else if (command == "QUIT")
                pending_.quit = true;
            else {
                std::cerr << "stampline-terminal: " << fifo_->path()
                          << ": unknown control command (SCAN, SCREENSHOT, STATE, QUIT): " << line
                          << "\n";
                continue;
            }
        }
        if (wake_) wake_();
    }
}

}  // namespace stampline::terminal
